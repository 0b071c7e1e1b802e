// File: ct/rfc6962/responses.h
// -----------------------------------------------------------------------------
// Codecs for the JSON bodies of the RFC 6962 §4 HTTP API (get-sth,
// get-sth-consistency, get-proof-by-hash, get-entries, get-entry-and-proof,
// get-roots). Pure functions, no I/O; the client is ct/rfc6962/client.h.
//
// Parsing is strict: the body must be one JSON object (no trailing bytes),
// every required member present once with the right type, sizes and indexes
// uint64, base64 canonical-alphabet and padded (BoringSSL EVP_DecodeBase64),
// hashes exactly 32 bytes, tree_head_signature a whole DigitallySigned.
// Unknown members are ignored (logs add some). Every failure is
// ct::MalformedError (ErrorKind kMalformed), never a crash.
//
// Example:
//   absl::StatusOr<ct::SignedTreeHead> sth = ct::ParseGetSthResponse(body);
//   CT_RETURN_IF_ERROR(ct::VerifySignedTreeHead(log_verifier, *sth));
#ifndef CT_RFC6962_RESPONSES_H_
#define CT_RFC6962_RESPONSES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/prove.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/sct.h"

namespace ct {

// SignedTreeHead is a get-sth response (RFC 6962 §4.3). Copyable and movable.
struct SignedTreeHead {
  uint64_t tree_size = 0;
  uint64_t timestamp = 0;  // ms since the Unix epoch
  Hash root_hash{};
  DigitallySigned signature;

  bool operator==(const SignedTreeHead& o) const {
    return tree_size == o.tree_size && timestamp == o.timestamp &&
           root_hash == o.root_hash && signature == o.signature;
  }
  bool operator!=(const SignedTreeHead& o) const { return !(*this == o); }
};

// RawLogEntry is one get-entries item (RFC 6962 §4.6), base64-decoded:
// `leaf_input` is a MerkleTreeLeaf, `extra_data` the chain (ct/rfc6962/entry.h
// parses both). Copyable and movable.
struct RawLogEntry {
  Bytes leaf_input;
  Bytes extra_data;

  bool operator==(const RawLogEntry& o) const {
    return leaf_input == o.leaf_input && extra_data == o.extra_data;
  }
};

// EntryAndProof is a get-entry-and-proof response (RFC 6962 §4.8).
struct EntryAndProof {
  RawLogEntry entry;
  std::vector<Hash> audit_path;
};

// ParseGetSthResponse parses a get-sth body; ct::MalformedError on any
// malformed member (the signature is parsed, not verified).
absl::StatusOr<SignedTreeHead> ParseGetSthResponse(absl::string_view json);

// VerifySignedTreeHead checks `sth`'s signature with `log` (the one key
// owner, ct/sct/log_verifier.h); its errors are LogVerifier's, with kind
// kBadSignature when the signature does not verify.
absl::Status VerifySignedTreeHead(const LogVerifier& log, const SignedTreeHead& sth);

// ParseGetSthConsistencyResponse parses {"consistency": [b64 hash...]}.
absl::StatusOr<std::vector<Hash>> ParseGetSthConsistencyResponse(absl::string_view json);

// ParseGetProofByHashResponse parses {"leaf_index": n, "audit_path": [...]}
// (RFC 6962 §4.5) into InclusionResult{index, proof} (ct/merkle/prove.h).
absl::StatusOr<InclusionResult> ParseGetProofByHashResponse(absl::string_view json);

// ParseGetEntriesResponse parses {"entries": [{"leaf_input", "extra_data"}...]}
// (possibly empty: the caller decides whether that is an error).
absl::StatusOr<std::vector<RawLogEntry>> ParseGetEntriesResponse(absl::string_view json);

// ParseGetEntryAndProofResponse parses {"leaf_input", "extra_data",
// "audit_path"}.
absl::StatusOr<EntryAndProof> ParseGetEntryAndProofResponse(absl::string_view json);

// ParseGetRootsResponse parses {"certificates": [b64 DER...]} into the DER
// of each accepted root (not parsed as X.509 here).
absl::StatusOr<std::vector<Bytes>> ParseGetRootsResponse(absl::string_view json);

// The Encode* functions write the canonical JSON of each response (the
// loopback test server's and the fuzzers' inverse of the parsers).
// EncodeGetSthResponse fails only if the signature is over 65535 bytes.
absl::StatusOr<std::string> EncodeGetSthResponse(const SignedTreeHead& sth);
// EncodeGetSthConsistencyResponse writes {"consistency": [...]}.
std::string EncodeGetSthConsistencyResponse(const std::vector<Hash>& proof);
// EncodeGetProofByHashResponse writes {"leaf_index", "audit_path"}.
std::string EncodeGetProofByHashResponse(const InclusionResult& proof);
// EncodeGetEntriesResponse writes {"entries": [...]}.
std::string EncodeGetEntriesResponse(const std::vector<RawLogEntry>& entries);
// EncodeGetEntryAndProofResponse writes {"leaf_input", "extra_data", "audit_path"}.
std::string EncodeGetEntryAndProofResponse(const EntryAndProof& e);
// EncodeGetRootsResponse writes {"certificates": [...]}.
std::string EncodeGetRootsResponse(const std::vector<Bytes>& roots);

// DecodeBase64Strict is ct::Base64Decode (ct/base/encoding.h: padded, no
// whitespace, canonical trailing bits) with errors naming `what`.
absl::StatusOr<Bytes> DecodeBase64Strict(absl::string_view what, absl::string_view b64);

}  // namespace ct

#endif  // CT_RFC6962_RESPONSES_H_
