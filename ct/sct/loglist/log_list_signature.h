// File: ct/sct/loglist/log_list_signature.h
// -----------------------------------------------------------------------------
// Checks the detached signature of a published log list (log_list.sig next to
// log_list.json): RSASSA-PKCS1-v1_5 or ECDSA, with SHA-256, over the exact
// bytes of the JSON file. The check is independent of the list's schema; the
// key is ct::LogVerifier's (KeyUse::kLogList).
//
// Example:
//   absl::Status s = ct::VerifyLogListSignature(json, sig, pubkey_pem);
//   if (!s.ok()) return s;  // do not use the list
//   absl::StatusOr<ct::LogList> list = ct::ParseLogList(json);
#ifndef CT_SCT_LOGLIST_LOG_LIST_SIGNATURE_H_
#define CT_SCT_LOGLIST_LOG_LIST_SIGNATURE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace ct {

// VerifyLogListSignature checks `signature` over the exact bytes of
// `list_json` with `public_key`, a SubjectPublicKeyInfo in PEM ("-----BEGIN
// PUBLIC KEY-----") or DER. RSA keys (>= 2048 bits) use PKCS#1 v1.5, EC keys
// (P-256/P-384) ECDSA with a DER signature; the digest is SHA-256.
// Returns OK if it verifies, kUnauthenticated if the signature does not
// match (or is not well-formed), kInvalidArgument if the key is malformed or
// of another type.
absl::Status VerifyLogListSignature(absl::string_view list_json,
                                    absl::string_view signature,
                                    absl::string_view public_key);

}  // namespace ct

#endif  // CT_SCT_LOGLIST_LOG_LIST_SIGNATURE_H_
