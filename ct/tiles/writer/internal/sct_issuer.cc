#include "ct/tiles/writer/internal/sct_issuer.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace ct::internal {

absl::StatusOr<SctIssuer> SctIssuer::Create(absl::string_view private_key) {
  absl::StatusOr<LogSigner> signer = LogSigner::CreateFromPemOrDer(private_key);
  if (!signer.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("log private key: ", signer.status().message()));
  }
  // static-ct-api logs sign SCTs and checkpoints with ECDSA P-256.
  if (signer->key_type() != LogVerifier::KeyType::kEcdsaP256) {
    return absl::InvalidArgumentError("log private key is not ECDSA on NIST P-256");
  }
  return SctIssuer(*std::move(signer));
}

absl::StatusOr<std::vector<uint8_t>> SctIssuer::IssueSct(
    uint64_t timestamp_ms, absl::Span<const uint8_t> extensions,
    absl::Span<const uint8_t> signed_data) const {
  SignedCertificateTimestamp sct;
  sct.log_id = log_id();
  sct.timestamp = timestamp_ms;
  sct.extensions.assign(extensions.begin(), extensions.end());
  absl::StatusOr<DigitallySigned> sig = Sign(signed_data);
  if (!sig.ok()) return sig.status();
  sct.signature = *std::move(sig);
  return SerializeSct(sct);
}

}  // namespace ct::internal
