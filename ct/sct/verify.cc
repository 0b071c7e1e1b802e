#include "ct/sct/verify.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/sct/internal/signed_data_hash.h"
#include "ct/x509/internal/precert_splice.h"

namespace ct {

absl::Status LogVerifierSet::Add(LogVerifier log) {
  auto it = std::lower_bound(
      logs_.begin(), logs_.end(), log.log_id(),
      [](const LogVerifier& a, const LogId& id) { return a.log_id() < id; });
  if (it != logs_.end() && it->log_id() == log.log_id()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "sct: log ", HashToBase64(log.log_id()), " is already in the set"));
  }
  logs_.insert(it, std::move(log));
  return absl::OkStatus();
}

LogVerifierSet LogVerifierSet::FromLogList(const LogList& logs,
                                           std::vector<UnusableLog>* unusable) {
  LogVerifierSet set;
  set.logs_.reserve(logs.logs().size());
  for (const LogInfo& log : logs.logs()) {
    absl::StatusOr<LogVerifier> v = LogVerifier::Create(log.key);
    if (!v.ok()) {
      if (unusable != nullptr) {
        unusable->push_back(UnusableLog{log.log_id, log.description, v.status()});
      }
      continue;
    }
    // A LogList's IDs are unique and equal SHA-256(key), as are a verifier's,
    // so Add cannot fail here.
    (void)set.Add(*std::move(v));
  }
  return set;
}

const LogVerifier* LogVerifierSet::Find(const LogId& id) const {
  auto it = std::lower_bound(
      logs_.begin(), logs_.end(), id,
      [](const LogVerifier& a, const LogId& id) { return a.log_id() < id; });
  if (it == logs_.end() || it->log_id() != id) return nullptr;
  return &*it;
}

const char* SctStatusName(SctStatus status) {
  switch (status) {
    case SctStatus::kValid:
      return "valid";
    case SctStatus::kInvalidSignature:
      return "invalid_signature";
    case SctStatus::kUnknownLog:
      return "unknown_log";
    case SctStatus::kUnsupportedAlgorithm:
      return "unsupported_algorithm";
    case SctStatus::kFutureTimestamp:
      return "future_timestamp";
    case SctStatus::kMalformed:
      return "malformed";
  }
  return "unknown";
}

namespace {

SctVerification MalformedResult(SctSource source, absl::Status why) {
  SctVerification r;
  r.source = source;
  r.status = SctStatus::kMalformed;
  r.detail = std::move(why);
  return r;
}

// Verifier for one source: knows how to hash the entry for that source.
struct EntryContext {
  LogEntryType type;
  Hash issuer_key_hash;
  // For precert entries: the spliced TBS (or its error); for x509: the cert.
  const absl::StatusOr<internal::TbsSplice>* splice;
  absl::Span<const uint8_t> cert_der;
};

SctVerification VerifyOne(SctSource source, absl::Span<const uint8_t> item,
                          const EntryContext& entry, const LogVerifierSet& logs,
                          absl::Time now) {
  absl::StatusOr<SignedCertificateTimestamp> parsed = ParseSct(item);
  if (!parsed.ok()) return MalformedResult(source, parsed.status());
  SctVerification r;
  r.source = source;
  r.log_id = parsed->log_id;
  r.timestamp_ms = parsed->timestamp;
  r.sct = *std::move(parsed);
  const SignedCertificateTimestamp& sct = *r.sct;
  const LogVerifier* log = logs.Find(sct.log_id);
  if (log == nullptr) {
    r.status = SctStatus::kUnknownLog;
    r.detail = absl::NotFoundError(
        absl::StrCat("sct: unknown log ", HashToBase64(sct.log_id)));
    return r;
  }
  absl::Status s = log->CheckAlgorithms(sct.signature.hash_algorithm,
                                        sct.signature.signature_algorithm);
  if (!s.ok()) {
    r.status = SctStatus::kUnsupportedAlgorithm;
    r.detail = s;
    return r;
  }
  if (sct.extensions.size() > 0xffff) {
    r.status = SctStatus::kMalformed;
    r.detail = absl::InvalidArgumentError("sct: extensions too long");
    return r;
  }
  if (entry.type == LogEntryType::kPrecert) {
    if (!entry.splice->ok()) {
      r.status = SctStatus::kMalformed;
      r.detail = entry.splice->status();
      return r;
    }
    const internal::TbsSplice& tbs = **entry.splice;
    if (tbs.size() > 0xffffff) {
      r.status = SctStatus::kMalformed;
      r.detail = absl::InvalidArgumentError("sct: TBS too long");
      return r;
    }
    if (log->key_type() == LogVerifier::KeyType::kEd25519) {
      std::vector<uint8_t> bytes = tbs.ToBytes();
      s = log->VerifySct(sct, SignedEntry::Precert(entry.issuer_key_hash, bytes));
    } else {
      // One SHA-256 pass over the pieces, then verify the digest.
      const Hash digest = internal::HashSignedData(
          sct, LogEntryType::kPrecert, entry.issuer_key_hash, tbs.size(),
          [&](auto&& fn) { tbs.ForEachPiece(fn); });
      s = log->VerifySha256Digest(sct.signature, digest);
    }
  } else {
    s = log->VerifySct(sct, SignedEntry::X509(entry.cert_der));
  }
  if (!s.ok()) {
    // Includes signatures that are not valid DER: the SCT itself parsed.
    r.status = SctStatus::kInvalidSignature;
    r.detail = s;
    return r;
  }
  if (absl::FromUnixMillis(static_cast<int64_t>(
          std::min<uint64_t>(sct.timestamp, INT64_MAX))) > now) {
    r.status = SctStatus::kFutureTimestamp;
    r.detail = absl::FailedPreconditionError(absl::StrFormat(
        "sct: timestamp %d ms is after the verification time", sct.timestamp));
    return r;
  }
  r.status = SctStatus::kValid;
  return r;
}

void VerifyList(SctSource source, absl::Span<const uint8_t> list,
                const EntryContext& entry, const LogVerifierSet& logs,
                absl::Time now, std::vector<SctVerification>* out) {
  absl::StatusOr<std::vector<absl::Span<const uint8_t>>> items =
      SplitSctList(list);
  if (!items.ok()) {
    out->push_back(MalformedResult(source, items.status()));
    return;
  }
  out->reserve(out->size() + items->size());
  for (absl::Span<const uint8_t> item : *items) {
    out->push_back(VerifyOne(source, item, entry, logs, now));
  }
}

}  // namespace

std::vector<SctVerification> VerifyCertificateScts(
    const Certificate& cert, const Certificate& issuer,
    const LogVerifierSet& logs, absl::Time now, const SctInputs& inputs) {
  std::vector<SctVerification> out;
  absl::StatusOr<absl::Span<const uint8_t>> embedded = EmbeddedSctList(cert);
  if (embedded.ok()) {
    const absl::StatusOr<internal::TbsSplice> splice =
        internal::PrecertSpliceFromCertificate(cert);
    EntryContext entry{LogEntryType::kPrecert, issuer.SpkiHash(), &splice, {}};
    VerifyList(SctSource::kEmbedded, *embedded, entry, logs, now, &out);
  } else if (embedded.status().code() != absl::StatusCode::kNotFound) {
    out.push_back(MalformedResult(SctSource::kEmbedded, embedded.status()));
  }
  const EntryContext x509{LogEntryType::kX509, Hash{}, nullptr, cert.der()};
  if (!inputs.tls_extension.empty()) {
    VerifyList(SctSource::kTlsExtension, inputs.tls_extension, x509, logs, now,
               &out);
  }
  if (!inputs.ocsp_response.empty()) {
    absl::StatusOr<absl::Span<const uint8_t>> list =
        OcspSctList(inputs.ocsp_response, cert, issuer);
    if (list.ok()) {
      VerifyList(SctSource::kOcsp, *list, x509, logs, now, &out);
    } else if (list.status().code() != absl::StatusCode::kNotFound) {
      out.push_back(MalformedResult(SctSource::kOcsp, list.status()));
    }
  }
  return out;
}

}  // namespace ct
