// Fuzz target: the RFC 6962 JSON response parsers. The first byte picks the
// parser, the rest is the body. Properties: an error is always kMalformed
// (never anything else, never a crash), and a parsed value re-encodes to JSON
// that parses back to the same value.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/rfc6962/responses.h"

namespace {

// Check asserts the property for one parser: an error is kMalformed; a value
// re-encodes with `encode` to JSON that parses back to an `equal` value.
template <typename T, typename Encode, typename Equal>
void Check(absl::StatusOr<T> (*parse)(absl::string_view), absl::string_view json, Encode encode,
           Equal equal) {
  absl::StatusOr<T> r = parse(json);
  if (!r.ok()) {
    if (ct::ErrorKindOf(r.status()) != ct::ErrorKind::kMalformed) abort();
    return;
  }
  absl::StatusOr<std::string> enc = encode(*r);
  if (!enc.ok()) abort();
  absl::StatusOr<T> again = parse(*enc);
  if (!again.ok() || !equal(*again, *r)) abort();
}

template <typename T>
bool Same(const T& a, const T& b) {
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  absl::string_view json = ct::AsChars(ct::ByteSpan(data + 1, size - 1));
  auto wrap = [](auto encode) {
    return [encode](const auto& v) -> absl::StatusOr<std::string> { return encode(v); };
  };
  switch (data[0] % 6) {
    case 0:
      Check(&ct::ParseGetSthResponse, json, &ct::EncodeGetSthResponse, Same<ct::SignedTreeHead>);
      break;
    case 1:
      Check(&ct::ParseGetSthConsistencyResponse, json, wrap(&ct::EncodeGetSthConsistencyResponse),
            Same<std::vector<ct::Hash>>);
      break;
    case 2:
      Check(&ct::ParseGetProofByHashResponse, json, wrap(&ct::EncodeGetProofByHashResponse),
            [](const ct::InclusionResult& a, const ct::InclusionResult& b) {
              return a == b;
            });
      break;
    case 3:
      Check(&ct::ParseGetEntriesResponse, json, wrap(&ct::EncodeGetEntriesResponse),
            Same<std::vector<ct::RawLogEntry>>);
      break;
    case 4:
      Check(&ct::ParseGetEntryAndProofResponse, json, wrap(&ct::EncodeGetEntryAndProofResponse),
            [](const ct::EntryAndProof& a, const ct::EntryAndProof& b) {
              return a.entry == b.entry && a.audit_path == b.audit_path;
            });
      break;
    default:
      Check(&ct::ParseGetRootsResponse, json, wrap(&ct::EncodeGetRootsResponse),
            Same<std::vector<ct::Bytes>>);
      break;
  }
  return 0;
}
