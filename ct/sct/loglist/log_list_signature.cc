#include "ct/sct/loglist/log_list_signature.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/sct/log_verifier.h"

namespace ct {

absl::Status VerifyLogListSignature(absl::string_view list_json,
                                    absl::string_view signature,
                                    absl::string_view public_key) {
  absl::StatusOr<LogVerifier> key =
      LogVerifier::CreateFromPemOrDer(public_key, LogVerifier::KeyUse::kLogList);
  if (!key.ok()) {
    // Malformed or of a type a log list is not signed with: both are a bad
    // key argument here.
    return absl::InvalidArgumentError(
        absl::StrFormat("public key: %s", key.status().message()));
  }
  absl::Status s = key->VerifySha256Signature(AsBytes(list_json), AsBytes(signature));
  if (!s.ok()) {
    return absl::UnauthenticatedError(absl::StrFormat(
        "log list signature (%d bytes) does not verify over %d bytes of JSON",
        signature.size(), list_json.size()));
  }
  return absl::OkStatus();
}

}  // namespace ct
