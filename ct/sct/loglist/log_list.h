// File: ct/sct/loglist/log_list.h
// -----------------------------------------------------------------------------
// A CT log list as plain C++ values: the data of Chrome's and Apple's v3 log
// list JSON (operators, RFC 6962 and tiled logs, states, temporal intervals,
// operator history) as ct::LogInfo entries (ct/sct/log_info.h), indexed by
// log ID. No protobuf in this header: JSON parsing lives in
// parse_log_list.h, signature checks in log_list_signature.h.
//
// Bytes convention: see ct/base/bytes.h (a log ID to look up is a ByteSpan).
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

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "ct/base/bytes.h"
#include "ct/sct/log_id.h"
#include "ct/sct/log_info.h"

namespace ct {

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
  const LogInfo* FindLog(ByteSpan log_id) const;

 private:
  LogList() = default;

  std::string version_;
  absl::optional<absl::Time> timestamp_;
  std::vector<LogInfo> logs_;
  absl::flat_hash_map<LogId, size_t> index_;
};

}  // namespace ct

#endif  // CT_SCT_LOGLIST_LOG_LIST_H_
