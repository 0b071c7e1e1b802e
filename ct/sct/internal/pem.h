// File: ct/sct/internal/pem.h
// -----------------------------------------------------------------------------
// What ct/sct's key owners (LogVerifier, LogSigner) add to BoringSSL's PEM
// reader: one key per input. Logically private to ct/sct.
#ifndef CT_SCT_INTERNAL_PEM_H_
#define CT_SCT_INTERNAL_PEM_H_

#include <openssl/base.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace ct::internal {

// CheckNothingAfterPem returns OK if only whitespace is left unread in the
// memory BIO `bio` after a PEM block of `type` was read from it, else
// kInvalidArgument naming the block.
absl::Status CheckNothingAfterPem(BIO* bio, absl::string_view type);

}  // namespace ct::internal

#endif  // CT_SCT_INTERNAL_PEM_H_
