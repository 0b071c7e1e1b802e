// File: ct/tls/ct_enforcer.h
// -----------------------------------------------------------------------------
// Certificate Transparency enforcement for TLS clients, independent of the TLS
// library: given the chain the client has already verified (DER, leaf first,
// ending at the trust anchor), the SCT list of the TLS extension and the
// stapled OCSP response, decide whether CT is met as of a time. The BoringSSL
// hook is ct/tls/boringssl.h; an OpenSSL program calls CtEnforcer::Check from
// its own callback (docs/tls.md).
//
// The log list comes from a LogListSource the caller owns: parsed (and its
// signature checked) once, outside the handshake, and swapped atomically
// while handshakes run. ctcore ships no log list and never fetches Chrome's:
// Chrome's terms forbid relying on it for enforcement in other clients
// (docs/tls.md says which lists a user may rely on).
//
// Example:
//   ct::LogListFile file;
//   file.json_path = "my-log-list.json";  // + signature_path, public_key
//   ct::CtEnforcerOptions options;
//   options.log_list = *ct::LogListSource::Load(file);
//   auto enforcer = ct::CtEnforcer::Create(options);
//   ct::CtEnforcement r = (*enforcer)->Check(chain_der, tls_scts, ocsp, absl::Now());
//   if (!r.allowed) { /* refuse the connection: r.message says why */ }
#ifndef CT_TLS_CT_ENFORCER_H_
#define CT_TLS_CT_ENFORCER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/policy/check_chain.h"
#include "ct/sct/policy/ct_policy.h"
#include "ct/sct/verify.h"
#include "ct/x509/certificate.h"

namespace ct {

// LogListSnapshot is one parsed log list with its verifiers. Immutable; share
// it by std::shared_ptr<const LogListSnapshot>.
struct LogListSnapshot {
  LogList list;
  LogVerifierSet verifiers;
  std::vector<UnusableLog> unusable_logs;  // keys LogVerifier cannot use
};

// LogListFile names a log list on disk and how to authenticate it.
struct LogListFile {
  std::string json_path;       // v3 JSON (ParseLogList)
  std::string signature_path;  // detached signature; required with public_key
  std::string public_key;      // PEM or DER SPKI (VerifyLogListSignature); "" = no check
};

// LogListSource holds the current log list. Snapshot and Replace/Reload may be
// called from any thread at any time: a swap never blocks or invalidates a
// check in progress, which keeps the snapshot it started with.
class LogListSource final {
 public:
  // Load reads, authenticates (if file.public_key is set) and parses the list.
  // Errors: kNotFound/kPermissionDenied (I/O), kUnauthenticated (signature),
  // kInvalidArgument (JSON, key, or a public_key without signature_path).
  static absl::StatusOr<std::shared_ptr<LogListSource>> Load(LogListFile file);
  // FromJson builds a source from list bytes already in memory (no signature).
  static absl::StatusOr<std::shared_ptr<LogListSource>> FromJson(absl::string_view json);

  // Reload re-reads the files given to Load and swaps the new list in; on any
  // error the current list stays. kFailedPrecondition for a FromJson source.
  absl::Status Reload();
  // Replace parses `json` and swaps it in; when the source has a public key,
  // `signature` must verify over `json`. On error the current list stays.
  absl::Status Replace(absl::string_view json, absl::string_view signature = {});

  // Snapshot returns the current list (never null after Load/FromJson).
  std::shared_ptr<const LogListSnapshot> Snapshot() const;

 private:
  LogListSource() = default;
  absl::Status Install(absl::string_view json, absl::string_view signature);

  LogListFile file_;
  std::shared_ptr<const LogListSnapshot> current_;  // std::atomic_load/store only
};

// CtRequirement is the rule an enforcer applies.
enum class CtRequirement {
  kChrome,             // Chrome's CT policy (kChromeCurrent)
  kApple,              // Apple's CT policy (kAppleCurrent)
  kDistinctOperators,  // valid SCTs from min_operators distinct operators' logs
};

// CtVerdict is the outcome of one check.
enum class CtVerdict {
  kCompliant,     // the requirement is met
  kNotCompliant,  // the requirement is not met (or the chain is unusable)
  kNotRequired,   // the chain is exempt (ct_required returned false)
  kLogListStale,  // the list is undated or older than max_log_list_age
};

// CtVerdictName returns "compliant", "not_compliant", "not_required" or
// "log_list_stale".
absl::string_view CtVerdictName(CtVerdict verdict);

// CtEnforcerOptions configures a CtEnforcer.
struct CtEnforcerOptions {
  CtRequirement requirement = CtRequirement::kChrome;
  int min_operators = 2;  // kDistinctOperators only; >= 1
  // false = report-only: the verdict is computed, `allowed` is always true.
  bool enforce = true;
  // Required: where the log list comes from.
  std::shared_ptr<const LogListSource> log_list;
  // A list older than this (or without log_list_timestamp) is stale.
  absl::Duration max_log_list_age = absl::Hours(70 * 24);
  // Stale list: false (default, as Chrome) = CT not enforced, verdict
  // kLogListStale, allowed; true = fail closed (not allowed when enforcing).
  bool fail_closed_on_stale_list = false;
  // Whether CT is required for a verified chain (leaf first, anchor last).
  // Null (default) = always. See ExemptPrivateRoots.
  std::function<bool(absl::Span<const Certificate> chain)> ct_required;
};

// ExemptPrivateRoots returns a ct_required predicate that is false exactly
// for chains whose last certificate's SPKI SHA-256 is in `root_spki_sha256`.
std::function<bool(absl::Span<const Certificate>)> ExemptPrivateRoots(
    std::vector<Hash> root_spki_sha256);

// CtEnforcement is the result of one check. Copyable and movable.
struct CtEnforcement {
  CtVerdict verdict = CtVerdict::kNotCompliant;
  // What the client does: false only when enforcing and the verdict is
  // kNotCompliant, or kLogListStale with fail_closed_on_stale_list.
  bool allowed = false;
  // The requirement's own verdict with its CtReason codes (empty when the
  // check did not get that far: exempt chain, or an unusable chain). Chrome's
  // result applies Chrome's fixed 70-day list rule; with another
  // max_log_list_age the two may differ: branch on `verdict`.
  std::optional<PolicyResult> policy;
  // Every SCT found, with its status (CheckChain order). SctCheck::log points
  // into `log_list`, which this result keeps alive.
  std::vector<SctCheck> scts;
  std::shared_ptr<const LogListSnapshot> log_list;
  // One line for people and error strings, e.g. "CT not compliant (chrome):
  // ...".
  std::string message;
};

// CtEnforcer applies one CtEnforcerOptions. Immutable and thread-safe: share
// one per SSL_CTX and call Check from any number of threads.
class CtEnforcer final {
 public:
  // Create validates `options`: kInvalidArgument without a log_list, with
  // min_operators < 1 or a negative max_log_list_age.
  static absl::StatusOr<std::shared_ptr<const CtEnforcer>> Create(CtEnforcerOptions options);

  // Check judges `chain_der` (the verified chain, leaf first, DER) with the
  // TLS-extension SCT list and stapled OCSP response (empty = absent) at
  // `at`. Never fails: an unparsable chain, or one without an issuer while CT
  // is required, is kNotCompliant with the reason in `message`.
  CtEnforcement Check(absl::Span<const ByteSpan> chain_der, ByteSpan tls_scts,
                      ByteSpan ocsp_response, absl::Time at) const;

  const CtEnforcerOptions& options() const { return options_; }

 private:
  explicit CtEnforcer(CtEnforcerOptions options) : options_(std::move(options)) {}
  CtEnforcerOptions options_;
};

}  // namespace ct

#endif  // CT_TLS_CT_ENFORCER_H_
