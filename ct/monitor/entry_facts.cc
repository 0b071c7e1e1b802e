#include "ct/monitor/entry_facts.h"

#include <arpa/inet.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"

namespace ct {
namespace {

absl::Status Bad(const LogEntry& entry, const absl::Status& why) {
  return MalformedError(absl::StrCat("entry ", entry.index), why.message());
}

}  // namespace

std::string IpToText(ByteSpan address) {
  char buf[INET6_ADDRSTRLEN] = {0};
  int family = address.size() == 4 ? AF_INET : address.size() == 16 ? AF_INET6 : 0;
  if (family == 0 || inet_ntop(family, address.data(), buf, sizeof(buf)) == nullptr) return "";
  return buf;
}

namespace {

// TbsSha256 is the dedup key of a final certificate: its TBS without the SCT
// list (the TBS as issued when it has none).
absl::StatusOr<Hash> TbsSha256(const Certificate& cert) {
  absl::StatusOr<std::vector<uint8_t>> tbs = PrecertTbsFromCertificate(cert);
  if (tbs.ok()) return Sha256(*tbs);
  if (absl::IsNotFound(tbs.status())) return Sha256(cert.tbs());
  return tbs.status();
}

}  // namespace

absl::StatusOr<Hash> CertificateTbsSha256(ByteSpan der) {
  absl::StatusOr<Certificate> cert = Certificate::Parse(der);
  if (!cert.ok()) return WithKind(cert.status(), ErrorKind::kMalformed);
  return TbsSha256(*cert);
}

namespace {

// ParseEntry parses the entry's certificate or TBS into `*cert` (the first
// malformed check).
absl::Status ParseEntry(const LogEntry& entry, Certificate* cert) {
  if (!entry.parse_status.ok()) return entry.parse_status;
  absl::Status s = entry.type == LogEntryType::kPrecert
                       ? Certificate::ParseTbsInto(entry.certificate, cert)
                       : Certificate::ParseInto(entry.certificate, cert);
  if (!s.ok()) return Bad(entry, s);
  return absl::OkStatus();
}

// NamesOf sets `*ids` to the names of `cert` (the second malformed check).
absl::Status NamesOf(const LogEntry& entry, const Certificate& cert, CertIdentifiers* ids) {
  ids->dns_names.clear();
  ids->ip_addresses.clear();
  ids->common_name.reset();
  absl::Status sans = cert.AppendSubjectAltNames(&ids->dns_names, &ids->ip_addresses);
  if (!sans.ok()) return Bad(entry, sans);
  absl::StatusOr<absl::string_view> cn = cert.SubjectCommonName();
  if (cn.ok()) {
    ids->common_name = *cn;
  } else if (!absl::IsNotFound(cn.status()) && !absl::IsUnimplemented(cn.status())) {
    return Bad(entry, cn.status());
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status EntryIdentifiers(const LogEntry& entry, CertIdentifiers* ids) {
  Certificate cert;
  CT_RETURN_IF_ERROR(ParseEntry(entry, &cert));
  return NamesOf(entry, cert, ids);
}

absl::StatusOr<EntryFacts> AnalyzeEntry(const LogEntry& entry) {
  Certificate cert;
  CT_RETURN_IF_ERROR(ParseEntry(entry, &cert));
  CertIdentifiers ids;
  CT_RETURN_IF_ERROR(NamesOf(entry, cert, &ids));
  EntryFacts f;
  f.precertificate = entry.type == LogEntryType::kPrecert;
  for (absl::string_view n : ids.dns_names) f.dns_names.emplace_back(n);
  for (ByteSpan ip : ids.ip_addresses) f.ip_addresses.emplace_back(ip.begin(), ip.end());
  if (ids.common_name.has_value()) f.common_name = std::string(*ids.common_name);
  if (f.precertificate) {
    f.tbs_sha256 = Sha256(entry.certificate);
    if (!entry.pre_certificate.empty()) f.cert_sha256 = Sha256(entry.pre_certificate);
  } else {
    f.cert_sha256 = cert.Fingerprint();
    absl::StatusOr<Hash> tbs = TbsSha256(cert);
    if (!tbs.ok()) return Bad(entry, tbs.status());
    f.tbs_sha256 = *tbs;
  }
  f.pubkey_sha256 = cert.SpkiHash();
  absl::StatusOr<std::string> subject = cert.SubjectText();
  absl::StatusOr<std::string> issuer = cert.IssuerText();
  if (!subject.ok()) return Bad(entry, subject.status());
  if (!issuer.ok()) return Bad(entry, issuer.status());
  f.subject = *std::move(subject);
  f.issuer = *std::move(issuer);
  absl::StatusOr<std::vector<absl::string_view>> orgs =
      NameAttributeValues(cert.issuer(), kOidOrganization);
  if (orgs.ok()) {
    for (absl::string_view o : *orgs) f.issuer_orgs.emplace_back(o);
  }
  f.serial_hex = absl::BytesToHexString(AsChars(cert.serial()));
  f.not_before = cert.not_before();
  f.not_after = cert.not_after();
  return f;
}

}  // namespace ct
