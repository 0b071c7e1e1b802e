// File: ct/sct/log_info.h
// -----------------------------------------------------------------------------
// ct::LogInfo, the one description of a CT log that a log list entry, an SCT
// verifier set and a tile/STH client share: its identity (key, log ID), how to
// reach it (API kind and URLs), its checkpoint origin and where that origin
// came from, and its list metadata (operator, MMD, state, temporal interval).
//
// Checkpoint origins (C2SP static-ct-api §Checkpoints): a static-ct-api log's
// checkpoint origin is its submission prefix without the scheme and without a
// trailing slash ("https://rome.ct.example/2024h1/" ->
// "rome.ct.example/2024h1"). The RFC6962NoteSignature does not sign the origin
// line, so an origin read from a served checkpoint (OriginSource::kCheckpoint)
// only names the note; it never identifies the log.
//
// Bytes convention: see ct/base/bytes.h (binary in as ct::ByteSpan, out as
// ct::Bytes; URLs and origins are text).
//
// Example:
//   ct::LogInfo log;
//   log.api = ct::LogApi::kStaticCt;
//   log.submission_url = "https://rome.ct.example/2024h1/";
//   absl::StatusOr<std::string> origin =
//       ct::CheckpointOriginFromSubmissionUrl(log.submission_url);
//   // *origin == "rome.ct.example/2024h1"
#ifndef CT_SCT_LOG_INFO_H_
#define CT_SCT_LOG_INFO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_id.h"

namespace ct {

// LogApi is how a client reads a log: RFC 6962 JSON endpoints (`url`, log
// list `logs`) or C2SP static-ct-api tiles (`submission_url` and
// `monitoring_url`, log list `tiled_logs`).
enum class LogApi { kRfc6962, kStaticCt };

// LogApiName returns "rfc6962" or "static-ct-api".
absl::string_view LogApiName(LogApi api);

// LogState is a log's state in the list (Chrome `log_states.md`). kNone means
// the list gives no state (e.g. test logs in all_logs_list.json).
enum class LogState {
  kNone,
  kPending,
  kQualified,
  kUsable,
  kReadOnly,
  kRetired,
  kRejected,
};

// LogStateName returns the JSON name of `state` ("usable", "readonly", ...;
// "none" for kNone).
absl::string_view LogStateName(LogState state);

// OriginSource says where LogInfo::origin came from.
enum class OriginSource {
  kUnknown,        // no origin known (e.g. an RFC 6962 log from a list)
  kSubmissionUrl,  // derived from the static-ct-api submission prefix
  kUser,           // given by the user
  kCheckpoint,     // read from a served checkpoint's first line; untrusted
};

// OriginSourceName returns "unknown", "submission_url", "user" or
// "checkpoint".
absl::string_view OriginSourceName(OriginSource source);

// FinalTreeHead is the frozen tree of a ReadOnly log.
struct FinalTreeHead {
  uint64_t tree_size = 0;
  Hash sha256_root_hash{};
};

// TemporalInterval is the range of certificate notAfter values a (sharded)
// log accepts: [start_inclusive, end_exclusive).
struct TemporalInterval {
  absl::Time start_inclusive;
  absl::Time end_exclusive;

  // Contains returns whether start_inclusive <= `t` < end_exclusive.
  bool Contains(absl::Time t) const {
    return start_inclusive <= t && t < end_exclusive;
  }
};

// PreviousOperator is one earlier operator of a log, which operated it until
// (excluding) `end_time`.
struct PreviousOperator {
  std::string name;
  absl::Time end_time;
};

// LogInfo describes one log. Copyable and movable.
struct LogInfo {
  std::string operator_name;  // the current operator
  std::string description;
  LogApi api = LogApi::kRfc6962;
  LogId log_id{};              // SHA-256 of `key` (LogIdFromKey)
  Bytes key;                   // DER SubjectPublicKeyInfo, not parsed here
  std::string url;             // kRfc6962: the log's base URL
  std::string submission_url;  // kStaticCt: the submission prefix
  std::string monitoring_url;  // kStaticCt: the monitoring prefix
  std::string origin;          // checkpoint origin ("" when kUnknown)
  OriginSource origin_source = OriginSource::kUnknown;
  int64_t mmd_seconds = 0;
  LogState state = LogState::kNone;
  absl::Time state_timestamp = absl::InfinitePast();  // when `state` began
  absl::optional<FinalTreeHead> final_tree_head;      // ReadOnly logs only
  absl::optional<TemporalInterval> temporal_interval;
  std::vector<PreviousOperator> previous_operators;  // sorted by end_time
  std::string log_type;  // "prod", "test", "monitoring_only" or ""
};

// OperatorAt returns the name of the operator of `log` at `time`: the first
// previous operator whose end_time is after `time`, else the current one.
// An end_time is exclusive, as in Chromium's GetOperatorForLog: at exactly
// end_time the next operator is in charge.
std::string OperatorAt(const LogInfo &log, absl::Time time);

// CheckpointOriginFromSubmissionUrl returns the static-ct-api checkpoint
// origin of `submission_url`: the URL without "<scheme>://" and without
// trailing slashes. kInvalidArgument (kMalformed) without a scheme or host.
absl::StatusOr<std::string> CheckpointOriginFromSubmissionUrl(
    absl::string_view submission_url);

// CheckpointOriginLine returns the first line of checkpoint note `note`
// (its origin as served, unauthenticated); kInvalidArgument (kMalformed) if
// the note has no non-empty first line.
absl::StatusOr<std::string> CheckpointOriginLine(absl::string_view note);

// ResolveCheckpointOrigin sets `log`'s origin: `user_origin` if non-empty
// (kUser); else keeps one from the submission URL (kSubmissionUrl); else the
// first line of `checkpoint_note` (kCheckpoint). Errors as
// CheckpointOriginLine.
absl::Status ResolveCheckpointOrigin(absl::string_view user_origin,
                                     absl::string_view checkpoint_note,
                                     LogInfo *log);

// OriginIdentifiesLog returns whether an origin from `source` may be trusted
// to name the log (kSubmissionUrl, kUser); false for kCheckpoint and kUnknown.
bool OriginIdentifiesLog(OriginSource source);

}  // namespace ct

#endif  // CT_SCT_LOG_INFO_H_
