// File: ct/sct/verify.h
// -----------------------------------------------------------------------------
// One call for TLS clients: find every SCT of a certificate (embedded, TLS
// extension, OCSP), rebuild exactly the bytes each log signed, and verify.
//
// Embedded SCTs are checked as precert_entry over the certificate's TBS minus
// the SCT list, with issuer_key_hash = SHA-256(issuer SPKI); SCTs delivered
// by TLS or OCSP are x509_entry over the certificate itself (RFC 6962 §3.2).
// Nothing here fails: a malformed list or SCT becomes a result with status
// kMalformed, so CT policy code sees everything that was presented.
//
// Example:
//   ct::LogVerifierSet logs;
//   logs.Add(*ct::LogVerifier::Create(spki));
//   std::vector<ct::SctVerification> results = ct::VerifyCertificateScts(
//       leaf, issuer, logs, absl::Now(), {tls_sct_bytes, ocsp_bytes});
//   for (const auto& r : results) if (r.status == ct::SctStatus::kValid) ...
#ifndef CT_SCT_VERIFY_H_
#define CT_SCT_VERIFY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/sct.h"
#include "ct/sct/sources.h"
#include "ct/x509/certificate.h"

namespace ct {

// UnusableLog is a log list entry left out of a LogVerifierSet because
// LogVerifier cannot use its key. Copyable and movable.
struct UnusableLog {
  LogId log_id{};
  std::string description;
  absl::Status reason;  // LogVerifier::Create's error
};

// LogVerifierSet is a set of logs keyed by log ID. Movable, not copyable.
class LogVerifierSet final {
 public:
  LogVerifierSet() = default;
  LogVerifierSet(LogVerifierSet&&) = default;
  LogVerifierSet& operator=(LogVerifierSet&&) = default;

  // FromLogList returns a set with a verifier for every log of `logs` (RFC
  // 6962 and tiled). Logs whose key LogVerifier::Create rejects are left out
  // and, if `unusable` is not null, appended to it in list order.
  static LogVerifierSet FromLogList(const LogList& logs,
                                    std::vector<UnusableLog>* unusable = nullptr);

  // Add inserts `log`; kAlreadyExists if a log with the same ID is present.
  absl::Status Add(LogVerifier log);
  // Find returns the log with ID `id`, or nullptr. The pointer is valid until
  // the set is next modified or destroyed.
  const LogVerifier* Find(const LogId& id) const;
  // size returns the number of logs.
  size_t size() const { return logs_.size(); }

 private:
  std::vector<LogVerifier> logs_;  // sorted by log_id
};

// SctStatus is the outcome for one SCT.
enum class SctStatus {
  kValid,                 // signature verifies and timestamp is not future
  kInvalidSignature,      // known log, signature does not verify
  kUnknownLog,            // log ID not in the LogVerifierSet
  kUnsupportedAlgorithm,  // algorithms unsupported or not the log's key type
  kFutureTimestamp,       // signature verifies but timestamp > now
  kMalformed,             // the list or this SCT does not parse
};

// SctStatusName returns "valid", "invalid_signature", "unknown_log",
// "unsupported_algorithm", "future_timestamp" or "malformed".
const char* SctStatusName(SctStatus status);

// SctVerification is the result for one SCT (or one malformed list).
// Copyable and movable.
struct SctVerification {
  SctSource source = SctSource::kEmbedded;
  SctStatus status = SctStatus::kMalformed;
  // The parsed SCT; absent only when status is kMalformed.
  std::optional<SignedCertificateTimestamp> sct;
  LogId log_id{};             // sct->log_id, or zero if absent
  uint64_t timestamp_ms = 0;  // sct->timestamp, or 0 if absent
  absl::Status detail;        // why, for anything but kValid
};

// SctInputs carries SCTs delivered outside the certificate. Empty spans mean
// "not presented". The bytes must outlive the call only.
struct SctInputs {
  absl::Span<const uint8_t> tls_extension;  // signed_certificate_timestamp data
  absl::Span<const uint8_t> ocsp_response;  // DER OCSPResponse (stapled)
};

// VerifyCertificateScts verifies every SCT of `cert` against `logs` at time
// `now`: embedded first (in list order), then TLS extension, then OCSP.
// `issuer` must be the certificate that issued `cert` (its key gives the
// issuer_key_hash and the OCSP CertID match).
std::vector<SctVerification> VerifyCertificateScts(
    const Certificate& cert, const Certificate& issuer,
    const LogVerifierSet& logs, absl::Time now, const SctInputs& inputs = {});

}  // namespace ct

#endif  // CT_SCT_VERIFY_H_
