// File: ct/sct/loglist/log_list.h
// -----------------------------------------------------------------------------
// A CT log list as plain C++ values: the data of Chrome's and Apple's v3 log
// list JSON (operators, RFC 6962 and tiled logs, states, temporal intervals,
// operator history), indexed by log ID. No protobuf in this header: JSON
// parsing lives in parse_log_list.h, signature checks in
// log_list_signature.h.
//
// Example:
//   absl::StatusOr<ct::LogList> list = ct::ParseLogList(json);
//   if (!list.ok()) return list.status();
//   if (const ct::LogInfo* log = list->FindLog(sct_log_id)) {
//     std::string op = ct::OperatorAt(*log, sct_time);
//   }
//
// ctcore ships no log list: Chrome's terms forbid using its list for CT
// enforcement in other clients without permission. Callers supply one.
#ifndef CT_SCT_LOGLIST_LOG_LIST_H_
#define CT_SCT_LOGLIST_LOG_LIST_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"

namespace ct {

// LogId is a log's ID: SHA-256 of its DER SubjectPublicKeyInfo (RFC 6962
// §3.2). Copyable and movable.
using LogId = std::array<uint8_t, 32>;

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

// FinalTreeHead is the frozen tree of a ReadOnly log.
struct FinalTreeHead {
  uint64_t tree_size = 0;
  std::array<uint8_t, 32> sha256_root_hash{};
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

// LogInfo describes one log of the list. Copyable and movable.
struct LogInfo {
  std::string operator_name;  // the current operator
  std::string description;
  LogId log_id{};
  std::vector<uint8_t> key;  // DER SubjectPublicKeyInfo, not parsed here
  int64_t mmd_seconds = 0;
  std::string url;             // RFC 6962 logs
  std::string submission_url;  // tiled (static-ct-api) logs
  std::string monitoring_url;  // tiled logs
  bool is_tiled = false;
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
std::string OperatorAt(const LogInfo& log, absl::Time time);

// LogList is a validated log list: every log's ID is SHA-256 of its key and
// IDs are unique. Copyable and movable.
class LogList final {
 public:
  // Create validates `logs` and indexes them by ID. Returns kInvalidArgument
  // if a log_id is not SHA-256(key), an ID repeats, a key is empty, or a
  // log's previous_operators are not in strictly increasing end_time order.
  static absl::StatusOr<LogList> Create(std::string version,
                                        absl::optional<absl::Time> timestamp,
                                        std::vector<LogInfo> logs);

  // version returns the list's "version" ("" when absent, as in v2 lists).
  const std::string& version() const { return version_; }

  // timestamp returns "log_list_timestamp", or nullopt when the list has none.
  absl::optional<absl::Time> timestamp() const { return timestamp_; }

  // logs returns every log (RFC 6962 and tiled), in list order.
  const std::vector<LogInfo>& logs() const { return logs_; }

  // FindLog returns the log with ID `log_id`, or nullptr if there is none
  // (also when `log_id` is not 32 bytes). The pointer lives as long as *this.
  const LogInfo* FindLog(absl::Span<const uint8_t> log_id) const;

 private:
  LogList() = default;

  std::string version_;
  absl::optional<absl::Time> timestamp_;
  std::vector<LogInfo> logs_;
  absl::flat_hash_map<LogId, size_t> index_;
};

}  // namespace ct

#endif  // CT_SCT_LOGLIST_LOG_LIST_H_
