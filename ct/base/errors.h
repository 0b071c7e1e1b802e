// File: ct/base/errors.h
// -----------------------------------------------------------------------------
// The error kinds a ctcore caller branches on. Every error is an absl::Status
// with the most specific canonical code; errors a caller must tell apart also
// carry an ErrorKind payload, read with ErrorKindOf. Callers never match
// message text: the message is for people.
//
//   kind               code                  meaning
//   kMalformed         kInvalidArgument      bytes or text that do not parse
//   kRootMismatch      kFailedPrecondition   well-formed proof, wrong root
//   kBadSignature      kUnauthenticated      well-formed, signature fails
//   kInconsistent      kDataLoss             tree heads that cannot both be true
//   kTampered          kDataLoss             served data that does not match
//                                            what the log committed to
//
// Example:
//   absl::Status s = ct::MalformedError("sct", "3 trailing bytes");
//   if (ct::ErrorKindOf(s) == ct::ErrorKind::kMalformed) { ... }
#ifndef CT_BASE_ERRORS_H_
#define CT_BASE_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace ct {

// ErrorKind classifies a ctcore error for callers that must branch on it.
enum class ErrorKind {
  kUnclassified,  // OK, or an error without a ctcore kind (I/O, bad option)
  kMalformed,
  kRootMismatch,
  kBadSignature,
  kInconsistent,
  kTampered,
};

// ErrorKindName returns "malformed", "root_mismatch", "bad_signature",
// "inconsistent", "tampered" or "unclassified".
absl::string_view ErrorKindName(ErrorKind kind);

// MakeError returns a status with `kind`'s code (table above) and payload,
// and `message`. kUnclassified gives kUnknown without a payload.
absl::Status MakeError(ErrorKind kind, absl::string_view message);

// MalformedError returns kInvalidArgument "<structure>: <why>" with kind
// kMalformed, e.g. MalformedError("sct", "version 2, want v1 (0)").
absl::Status MalformedError(absl::string_view structure, absl::string_view why);

// WithKind returns `status` with `kind`'s payload added (code and message
// kept); OK stays OK.
absl::Status WithKind(absl::Status status, ErrorKind kind);

// ErrorKindOf returns the kind carried by `status` (kUnclassified if none).
ErrorKind ErrorKindOf(const absl::Status& status);

// IsVerificationFailure reports whether `status` says the data is wrong
// (root mismatch, bad signature, inconsistent, tampered) rather than
// malformed input or an I/O problem.
bool IsVerificationFailure(const absl::Status& status);

// Prefix returns `status` with "<context>: " before its message, keeping its
// code and payloads; OK stays OK.
absl::Status Prefix(absl::string_view context, const absl::Status& status);

}  // namespace ct

// CT_RETURN_IF_ERROR(expr) returns the absl::Status of `expr` if it is not OK.
#ifndef CT_RETURN_IF_ERROR
#define CT_RETURN_IF_ERROR(expr)                        \
  do {                                                  \
    ::absl::Status ct_status_macro_ = (expr);           \
    if (!ct_status_macro_.ok()) return ct_status_macro_; \
  } while (0)
#endif

// CT_ASSIGN_OR_RETURN(lhs, expr) evaluates the StatusOr `expr`, returns its
// status if not OK, else moves its value into `lhs` (which may declare).
#ifndef CT_ASSIGN_OR_RETURN
#define CT_STATUS_MACROS_CONCAT_INNER_(x, y) x##y
#define CT_STATUS_MACROS_CONCAT_(x, y) CT_STATUS_MACROS_CONCAT_INNER_(x, y)
#define CT_ASSIGN_OR_RETURN(lhs, expr)                                        \
  CT_ASSIGN_OR_RETURN_IMPL_(CT_STATUS_MACROS_CONCAT_(ct_statusor_, __LINE__), \
                            lhs, expr)
#define CT_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                              \
  if (!statusor.ok()) return statusor.status();        \
  lhs = std::move(*statusor)
#endif

#endif  // CT_BASE_ERRORS_H_
