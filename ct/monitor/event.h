// File: ct/monitor/event.h
// -----------------------------------------------------------------------------
// MonitorEvent: what the monitor reports, and its three forms: the JSON line
// stored in the outbox and printed by --json (docs/monitor.md, "Events"),
// a readable line for people, and certspotter-style environment variables
// for --exec hooks.
//
// Event kinds:
//   certificate      a certificate or precertificate matched a watch item
//   malformed_entry  an entry that does not parse (log and index named)
//   log_misbehavior  a fork, rollback, bad signature or tampered entry; the
//                    log stops, and `evidence` holds both tree heads
//
// Ids are stable, so a repeat after a crash carries the same id:
//   certificate      "cert:" + tbs_sha256 hex
//   malformed_entry  "malformed:" + log_id base64 + ":" + index
//   log_misbehavior  "misbehavior:" + log_id base64 + ":" + tree size
//
// Example:
//   ct::MonitorEvent e = ...;
//   std::string line = ct::EventToJson(e);          // one line, no newline
//   absl::StatusOr<ct::MonitorEvent> back = ct::EventFromJson(line);
#ifndef CT_MONITOR_EVENT_H_
#define CT_MONITOR_EVENT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ct/merkle/hash.h"

namespace ct {

// EventKind is the `event` field; EventKindName gives its JSON name.
enum class EventKind {
  kCertificate,    // "certificate"
  kMalformedEntry, // "malformed_entry"
  kLogMisbehavior, // "log_misbehavior"
};

// EventKindName returns "certificate", "malformed_entry" or "log_misbehavior".
absl::string_view EventKindName(EventKind kind);

// MonitorEvent is one event. Fields not meaningful for a kind stay empty
// (and are omitted from the JSON). Copyable and movable.
struct MonitorEvent {
  std::string id;
  EventKind kind = EventKind::kCertificate;
  std::string log;      // the log's description (or URL if it has none)
  std::string log_id;   // base64 log ID
  std::string log_url;  // the log's URL (LOG_URI for --exec)
  uint64_t index = 0;   // entry index (certificate, malformed_entry)
  uint64_t timestamp_ms = 0;  // the entry's timestamp

  // certificate:
  bool precertificate = false;
  std::vector<std::string> names;         // DNS names (SANs, then CN if a name)
  std::vector<std::string> ip_addresses;  // text form (SANs, then CN if an IP)
  std::vector<std::string> matched;       // watch patterns as written
  Hash tbs_sha256{};
  Hash cert_sha256{};
  Hash pubkey_sha256{};
  std::string subject;     // RFC 4514
  std::string issuer;      // RFC 4514
  std::string issuer_org;  // the issuer's first O value, "" if none
  std::string serial;      // lowercase hex
  absl::Time not_before = absl::UnixEpoch();
  absl::Time not_after = absl::UnixEpoch();
  std::string verdict;               // "expected", "unexpected", "authorized"
  std::vector<std::string> reasons;  // ReasonName values

  // malformed_entry and log_misbehavior:
  std::string error;  // what is wrong
  // log_misbehavior: the tree heads as served (JSON STH or checkpoint note):
  // the stored one and the one that contradicts it (either may be "").
  std::string evidence_old;
  std::string evidence_new;
};

// EventToJson returns `e` as one JSON object on one line (no newline), with
// the keys of docs/monitor.md: id, event, log, log_id, log_url, index,
// timestamp, precertificate, names, ip_addresses, matched, tbs_sha256,
// cert_sha256, pubkey_sha256, subject, issuer, issuer_org, serial,
// not_before, not_after (RFC 3339), verdict, reasons; or error/evidence for
// the other kinds. Only the kind's keys are written; log_url and timestamp
// are omitted when empty/0. Invalid UTF-8 is written as U+FFFD.
std::string EventToJson(const MonitorEvent& e);

// EventFromJson parses EventToJson's output; kMalformed on anything else.
// Keys it does not know, and keys of other kinds, are ignored.
absl::StatusOr<MonitorEvent> EventFromJson(absl::string_view json);

// EventText returns a one-line readable summary, e.g.
// "UNEXPECTED www.example.com (issuer_not_expected) issuer=\"Rogue CA\" log=... index=7".
std::string EventText(const MonitorEvent& e);

// EventEnvironment returns the --exec environment: certspotter's names and
// EVENT values (EVENT, SUMMARY, WATCH_ITEM, LOG_URI, ENTRY_INDEX, TBS_SHA256, CERT_SHA256,
// PUBKEY_SHA256, SUBJECT_DN, ISSUER_DN, SERIAL, NOT_BEFORE, NOT_AFTER, ...)
// plus CT_EVENT, CT_EVENT_ID, CT_VERDICT, CT_REASONS, CT_DNS_NAMES, CT_IP_ADDRESSES
// (docs/monitor.md has the full table). Lists are comma-separated; a value
// holds at most 16 KiB (lists keep whole items), without NUL bytes.
std::vector<std::pair<std::string, std::string>> EventEnvironment(const MonitorEvent& e);

}  // namespace ct

#endif  // CT_MONITOR_EVENT_H_
