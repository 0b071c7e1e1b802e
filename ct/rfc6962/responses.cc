#include "ct/rfc6962/responses.h"

#include <openssl/base64.h>

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ct/base/encoding.h"
#include "ct/base/errors.h"
#include "simdjson.h"

namespace ct {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// Json parses one whole JSON document with simdjson's DOM API (strict: one
// value, no trailing bytes). The input is copied into a padded buffer because
// simdjson reads up to SIMDJSON_PADDING bytes past the end. The parser and
// buffer are reused per thread; returned elements live until the next Parse
// on this thread.
absl::StatusOr<object> ParseObject(absl::string_view structure, absl::string_view json) {
  thread_local simdjson::dom::parser parser;
  thread_local std::string buffer;
  buffer.assign(json.data(), json.size());
  buffer.resize(json.size() + simdjson::SIMDJSON_PADDING);
  element doc;
  simdjson::error_code err = parser.parse(buffer.data(), json.size(), false).get(doc);
  if (err != simdjson::SUCCESS) {
    return MalformedError(structure, absl::StrCat("not JSON: ", simdjson::error_message(err)));
  }
  object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) {
    return MalformedError(structure, "not a JSON object");
  }
  return obj;
}

// Fields finds the required members `names` of `obj`, each exactly once;
// unknown members are ignored.
template <size_t N>
absl::Status Fields(absl::string_view structure, object obj, const char* const (&names)[N],
                    element (&out)[N]) {
  bool seen[N] = {};
  for (auto field : obj) {
    for (size_t i = 0; i < N; ++i) {
      if (field.key == names[i]) {
        if (seen[i]) return MalformedError(structure, absl::StrCat("duplicate \"", names[i], "\""));
        seen[i] = true;
        out[i] = field.value;
      }
    }
  }
  for (size_t i = 0; i < N; ++i) {
    if (!seen[i]) return MalformedError(structure, absl::StrCat("missing \"", names[i], "\""));
  }
  return absl::OkStatus();
}

// Members parses `json` as one object and finds its required members `names`.
template <size_t N>
absl::Status Members(absl::string_view structure, absl::string_view json,
                     const char* const (&names)[N], element (&out)[N]) {
  CT_ASSIGN_OR_RETURN(object obj, ParseObject(structure, json));
  return Fields(structure, obj, names, out);
}

absl::StatusOr<uint64_t> U64(absl::string_view structure, absl::string_view name, element e) {
  uint64_t v = 0;
  if (!e.is_uint64() || e.get_uint64().get(v) != simdjson::SUCCESS) {
    return MalformedError(structure, absl::StrCat("\"", name, "\" is not a uint64"));
  }
  return v;
}

absl::StatusOr<Bytes> B64(absl::string_view structure, absl::string_view name, element e) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) {
    return MalformedError(structure, absl::StrCat("\"", name, "\" is not a string"));
  }
  // The error's name is built only on failure (this runs twice per entry).
  absl::StatusOr<Bytes> out = Base64Decode(absl::string_view(s.data(), s.size()));
  if (!out.ok()) return MalformedError(absl::StrCat(structure, " ", name), out.status().message());
  return out;
}

absl::StatusOr<Hash> B64Hash(absl::string_view structure, absl::string_view name, element e) {
  CT_ASSIGN_OR_RETURN(Bytes b, B64(structure, name, e));
  if (b.size() != kHashSize) {
    return MalformedError(structure,
                          absl::StrCat("\"", name, "\" is ", b.size(), " bytes, want 32"));
  }
  Hash h;
  std::copy(b.begin(), b.end(), h.begin());
  return h;
}

absl::StatusOr<array> Array(absl::string_view structure, absl::string_view name, element e) {
  array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) {
    return MalformedError(structure, absl::StrCat("\"", name, "\" is not an array"));
  }
  return a;
}

// MapArray returns `fn(item, index)` for each item of array `e` (member `name`).
template <typename T, typename Fn>
absl::StatusOr<std::vector<T>> MapArray(absl::string_view structure, absl::string_view name,
                                        element e, Fn fn) {
  CT_ASSIGN_OR_RETURN(array a, Array(structure, name, e));
  std::vector<T> out;
  out.reserve(a.size());
  for (element item : a) {
    CT_ASSIGN_OR_RETURN(T v, fn(item, out.size()));
    out.push_back(std::move(v));
  }
  return out;
}

absl::StatusOr<std::vector<Hash>> HashArray(absl::string_view structure, absl::string_view name,
                                            element e) {
  return MapArray<Hash>(structure, name, e, [&](element item, size_t i) {
    return B64Hash(structure, absl::StrCat(name, "[", i, "]"), item);
  });
}

absl::StatusOr<RawLogEntry> Entry(absl::string_view structure, element leaf, element extra) {
  RawLogEntry e;
  CT_ASSIGN_OR_RETURN(e.leaf_input, B64(structure, "leaf_input", leaf));
  CT_ASSIGN_OR_RETURN(e.extra_data, B64(structure, "extra_data", extra));
  return e;
}

void AppendHashArray(std::string* out, absl::string_view name, const std::vector<Hash>& hashes) {
  absl::StrAppend(out, "\"", name, "\":[");
  for (size_t i = 0; i < hashes.size(); ++i) {
    absl::StrAppend(out, i ? "," : "", "\"", HashToBase64(hashes[i]), "\"");
  }
  out->append("]");
}

void AppendEntryFields(std::string* out, const RawLogEntry& e) {
  absl::StrAppend(out, "\"leaf_input\":\"", Base64Encode(e.leaf_input), "\",\"extra_data\":\"",
                  Base64Encode(e.extra_data), "\"");
}

}  // namespace

absl::StatusOr<Bytes> DecodeBase64Strict(absl::string_view what, absl::string_view b64) {
  absl::StatusOr<Bytes> out = Base64Decode(b64);
  if (!out.ok()) return MalformedError(what, out.status().message());
  return out;
}

absl::StatusOr<SignedTreeHead> ParseGetSthResponse(absl::string_view json) {
  constexpr absl::string_view kWhat = "get-sth response";
  static constexpr const char* kNames[] = {"tree_size", "timestamp", "sha256_root_hash",
                                           "tree_head_signature"};
  element f[4];
  CT_RETURN_IF_ERROR(Members(kWhat, json, kNames, f));
  SignedTreeHead sth;
  CT_ASSIGN_OR_RETURN(sth.tree_size, U64(kWhat, kNames[0], f[0]));
  CT_ASSIGN_OR_RETURN(sth.timestamp, U64(kWhat, kNames[1], f[1]));
  CT_ASSIGN_OR_RETURN(sth.root_hash, B64Hash(kWhat, kNames[2], f[2]));
  CT_ASSIGN_OR_RETURN(Bytes sig, B64(kWhat, kNames[3], f[3]));
  absl::StatusOr<DigitallySigned> ds = ParseDigitallySigned(sig);
  if (!ds.ok()) return MalformedError(kWhat, absl::StrCat("tree_head_signature: ", ds.status().message()));
  sth.signature = *std::move(ds);
  return sth;
}

absl::Status VerifySignedTreeHead(const LogVerifier& log, const SignedTreeHead& sth) {
  absl::Status s =
      log.VerifyTreeHeadSignature(sth.timestamp, sth.tree_size, sth.root_hash, sth.signature);
  if (absl::IsUnauthenticated(s)) return WithKind(std::move(s), ErrorKind::kBadSignature);
  return s;
}

absl::StatusOr<std::vector<Hash>> ParseGetSthConsistencyResponse(absl::string_view json) {
  constexpr absl::string_view kWhat = "get-sth-consistency response";
  static constexpr const char* kNames[] = {"consistency"};
  element f[1];
  CT_RETURN_IF_ERROR(Members(kWhat, json, kNames, f));
  return HashArray(kWhat, kNames[0], f[0]);
}

absl::StatusOr<InclusionResult> ParseGetProofByHashResponse(absl::string_view json) {
  constexpr absl::string_view kWhat = "get-proof-by-hash response";
  static constexpr const char* kNames[] = {"leaf_index", "audit_path"};
  element f[2];
  CT_RETURN_IF_ERROR(Members(kWhat, json, kNames, f));
  InclusionResult p;
  CT_ASSIGN_OR_RETURN(p.index, U64(kWhat, kNames[0], f[0]));
  CT_ASSIGN_OR_RETURN(p.proof, HashArray(kWhat, kNames[1], f[1]));
  return p;
}

absl::StatusOr<std::vector<RawLogEntry>> ParseGetEntriesResponse(absl::string_view json) {
  constexpr absl::string_view kWhat = "get-entries response";
  static constexpr const char* kNames[] = {"entries"};
  element f[1];
  CT_RETURN_IF_ERROR(Members(kWhat, json, kNames, f));
  static constexpr const char* kEntryNames[] = {"leaf_input", "extra_data"};
  return MapArray<RawLogEntry>(kWhat, kNames[0], f[0], [&](element item, size_t i)
                                   -> absl::StatusOr<RawLogEntry> {
    // Errors name the entry; the name is built only then (not per entry).
    // Every error below is MalformedError(kWhat...), so its message starts with kWhat.
    auto named = [&](const absl::Status& s) {
      return MakeError(ErrorKind::kMalformed, absl::StrCat(kWhat, " entry ", i,
                                                           s.message().substr(kWhat.size())));
    };
    object e;
    if (item.get_object().get(e) != simdjson::SUCCESS) {
      return named(MalformedError(kWhat, "not an object"));
    }
    element ef[2];
    absl::Status fields = Fields(kWhat, e, kEntryNames, ef);
    if (!fields.ok()) return named(fields);
    absl::StatusOr<RawLogEntry> entry = Entry(kWhat, ef[0], ef[1]);
    if (!entry.ok()) return named(entry.status());
    return entry;
  });
}

absl::StatusOr<EntryAndProof> ParseGetEntryAndProofResponse(absl::string_view json) {
  constexpr absl::string_view kWhat = "get-entry-and-proof response";
  static constexpr const char* kNames[] = {"leaf_input", "extra_data", "audit_path"};
  element f[3];
  CT_RETURN_IF_ERROR(Members(kWhat, json, kNames, f));
  EntryAndProof out;
  CT_ASSIGN_OR_RETURN(out.entry, Entry(kWhat, f[0], f[1]));
  CT_ASSIGN_OR_RETURN(out.audit_path, HashArray(kWhat, kNames[2], f[2]));
  return out;
}

absl::StatusOr<std::vector<Bytes>> ParseGetRootsResponse(absl::string_view json) {
  constexpr absl::string_view kWhat = "get-roots response";
  static constexpr const char* kNames[] = {"certificates"};
  element f[1];
  CT_RETURN_IF_ERROR(Members(kWhat, json, kNames, f));
  return MapArray<Bytes>(kWhat, kNames[0], f[0], [&](element item, size_t i) {
    return B64(kWhat, absl::StrCat("certificates[", i, "]"), item);
  });
}

absl::StatusOr<std::string> EncodeGetSthResponse(const SignedTreeHead& sth) {
  CT_ASSIGN_OR_RETURN(Bytes sig, SerializeDigitallySigned(sth.signature));
  return absl::StrCat("{\"tree_size\":", sth.tree_size, ",\"timestamp\":", sth.timestamp,
                      ",\"sha256_root_hash\":\"", HashToBase64(sth.root_hash),
                      "\",\"tree_head_signature\":\"", Base64Encode(sig), "\"}");
}

std::string EncodeGetSthConsistencyResponse(const std::vector<Hash>& proof) {
  std::string out = "{";
  AppendHashArray(&out, "consistency", proof);
  out += "}";
  return out;
}

std::string EncodeGetProofByHashResponse(const InclusionResult& proof) {
  std::string out = absl::StrCat("{\"leaf_index\":", proof.index, ",");
  AppendHashArray(&out, "audit_path", proof.proof);
  out += "}";
  return out;
}

std::string EncodeGetEntriesResponse(const std::vector<RawLogEntry>& entries) {
  std::string out = "{\"entries\":[";
  for (size_t i = 0; i < entries.size(); ++i) {
    out += i ? ",{" : "{";
    AppendEntryFields(&out, entries[i]);
    out += "}";
  }
  out += "]}";
  return out;
}

std::string EncodeGetEntryAndProofResponse(const EntryAndProof& e) {
  std::string out = "{";
  AppendEntryFields(&out, e.entry);
  out += ",";
  AppendHashArray(&out, "audit_path", e.audit_path);
  out += "}";
  return out;
}

std::string EncodeGetRootsResponse(const std::vector<Bytes>& roots) {
  std::string out = "{\"certificates\":[";
  for (size_t i = 0; i < roots.size(); ++i) {
    absl::StrAppend(&out, i ? "," : "", "\"", Base64Encode(roots[i]), "\"");
  }
  out += "]}";
  return out;
}

}  // namespace ct
