// File: ct/monitor/entry_facts.h
// -----------------------------------------------------------------------------
// What the monitor learns from one log entry (a certificate or a
// precertificate): its identifiers, issuer, validity and the hashes it is
// reported and deduplicated by.
//
// tbs_sha256 is SHA-256 of the TBSCertificate the log signed without the
// poison and the SCT list, after the PSC rewrite: for a precert_entry the
// logged TBS itself, for an x509_entry the certificate's TBS minus its SCT
// list extension (ct/x509/precert.h). A precertificate and its final
// certificate therefore share one tbs_sha256, in one log or across many.
//
// Two steps, so that the monitor pays for the full analysis only for the
// entries that match: EntryIdentifiers (only the names, views into the
// entry's bytes, no hashing, no text) for every entry, then AnalyzeEntry
// for the few that match.
//
// Malformed entries: an entry is malformed when the reader could not parse
// it (its parse_status), when its certificate (x509_entry) or TBS
// (precert_entry) fails Certificate::Parse's structural checks (the
// Certificate/TBSCertificate fields, validity times, every Extension, no
// duplicate extensions), or when its names cannot be read (the
// subjectAltName GeneralNames, an iPAddress that is not 4 or 16 bytes, the
// subject Name up to its first commonName that is not an ASCII-compatible
// string). EntryIdentifiers and AnalyzeEntry agree on all of these.
// AnalyzeEntry also reads the issuer Name, the rest of the subject Name and
// the TBS without its SCT list, and fails if those are malformed: the
// monitor, which runs it only for matches, reports such an entry only if it
// matches.
//
// Example:
//   ct::CertIdentifiers ids;
//   absl::Status names = ct::EntryIdentifiers(entry, &ids);
//   if (!names.ok()) { /* a malformed_entry event: the log holds bytes that do not parse */ }
//   if (!watch_list.Match(ids).empty()) facts = ct::AnalyzeEntry(entry);
#ifndef CT_MONITOR_ENTRY_FACTS_H_
#define CT_MONITOR_ENTRY_FACTS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/log/log_reader.h"
#include "ct/merkle/hash.h"
#include "ct/monitor/watch_list.h"

namespace ct {

// EntryFacts are the monitor's view of one entry. Copyable and movable.
struct EntryFacts {
  bool precertificate = false;
  std::vector<std::string> dns_names;   // subjectAltName dNSName values, as logged
  std::vector<Bytes> ip_addresses;      // subjectAltName iPAddress values (4 or 16 bytes)
  std::optional<std::string> common_name;  // subject CN, when it is a string
  std::string subject;                  // RFC 4514 text
  std::string issuer;                   // RFC 4514 text
  std::vector<std::string> issuer_orgs; // the issuer's O values
  std::string serial_hex;               // lowercase hex of the serial INTEGER contents
  absl::Time not_before;
  absl::Time not_after;
  Hash tbs_sha256{};
  Hash cert_sha256{};    // SHA-256 of the certificate (precert: the precertificate, if served)
  Hash pubkey_sha256{};  // SHA-256 of the SubjectPublicKeyInfo
};

// AnalyzeEntry parses `entry`'s certificate (x509_entry) or TBSCertificate
// (precert_entry). kMalformed (ct/base/errors.h) if it does not parse; the
// entry's own parse_status if the reader could not parse it.
absl::StatusOr<EntryFacts> AnalyzeEntry(const LogEntry& entry);

// EntryIdentifiers sets `*ids` (cleared first, its capacity reused) to the
// names of `entry` as AnalyzeEntry finds them, views into entry.certificate.
// Fails, with AnalyzeEntry's error, when the entry is malformed (above).
absl::Status EntryIdentifiers(const LogEntry& entry, CertIdentifiers* ids);

// CertificateTbsSha256 returns the tbs_sha256 of a (final) certificate in
// DER: SHA-256 of its TBS without the SCT list extension. kMalformed if it
// does not parse.
absl::StatusOr<Hash> CertificateTbsSha256(ByteSpan der);

// IpToText returns the textual form of a 4- or 16-byte address ("" otherwise).
std::string IpToText(ByteSpan address);

}  // namespace ct

#endif  // CT_MONITOR_ENTRY_FACTS_H_
