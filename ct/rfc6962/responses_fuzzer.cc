// Fuzz target: the RFC 6962 JSON response parsers. The first byte picks the
// parser, the rest is the body. Properties: an error is always kMalformed
// (never anything else, never a crash), and a parsed value re-encodes to JSON
// that parses back to the same value.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/rfc6962/responses.h"

namespace {

template <typename T>
void CheckError(const absl::StatusOr<T>& r) {
  if (!r.ok() && ct::ErrorKindOf(r.status()) != ct::ErrorKind::kMalformed) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  absl::string_view json = ct::AsChars(ct::ByteSpan(data + 1, size - 1));
  switch (data[0] % 6) {
    case 0: {
      auto r = ct::ParseGetSthResponse(json);
      CheckError(r);
      if (r.ok()) {
        auto enc = ct::EncodeGetSthResponse(*r);
        if (!enc.ok()) abort();
        auto again = ct::ParseGetSthResponse(*enc);
        if (!again.ok() || !(*again == *r)) abort();
      }
      break;
    }
    case 1: {
      auto r = ct::ParseGetSthConsistencyResponse(json);
      CheckError(r);
      if (r.ok()) {
        auto again = ct::ParseGetSthConsistencyResponse(ct::EncodeGetSthConsistencyResponse(*r));
        if (!again.ok() || *again != *r) abort();
      }
      break;
    }
    case 2: {
      auto r = ct::ParseGetProofByHashResponse(json);
      CheckError(r);
      if (r.ok()) {
        auto again = ct::ParseGetProofByHashResponse(ct::EncodeGetProofByHashResponse(*r));
        if (!again.ok() || again->leaf_index != r->leaf_index ||
            again->audit_path != r->audit_path) {
          abort();
        }
      }
      break;
    }
    case 3: {
      auto r = ct::ParseGetEntriesResponse(json);
      CheckError(r);
      if (r.ok()) {
        auto again = ct::ParseGetEntriesResponse(ct::EncodeGetEntriesResponse(*r));
        if (!again.ok() || *again != *r) abort();
      }
      break;
    }
    case 4: {
      auto r = ct::ParseGetEntryAndProofResponse(json);
      CheckError(r);
      if (r.ok()) {
        auto again = ct::ParseGetEntryAndProofResponse(ct::EncodeGetEntryAndProofResponse(*r));
        if (!again.ok() || !(again->entry == r->entry) || again->audit_path != r->audit_path) {
          abort();
        }
      }
      break;
    }
    default: {
      auto r = ct::ParseGetRootsResponse(json);
      CheckError(r);
      if (r.ok()) {
        auto again = ct::ParseGetRootsResponse(ct::EncodeGetRootsResponse(*r));
        if (!again.ok() || *again != *r) abort();
      }
      break;
    }
  }
  return 0;
}
