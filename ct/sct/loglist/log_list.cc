#include "ct/sct/loglist/log_list.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "ct/merkle/hash.h"

namespace ct {

absl::StatusOr<LogList> LogList::Create(std::string version,
                                        absl::optional<absl::Time> timestamp,
                                        std::vector<LogInfo> logs) {
  LogList list;
  list.version_ = std::move(version);
  list.timestamp_ = timestamp;
  list.index_.reserve(logs.size());
  for (size_t i = 0; i < logs.size(); ++i) {
    const LogInfo& log = logs[i];
    if (log.key.empty()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "log %d (%s, operator %s): empty key", i, log.description,
          log.operator_name));
    }
    const LogId want = LogIdFromKey(log.key);
    if (!HashesEqual(want, log.log_id)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "log %d (%s, operator %s): log_id %s is not SHA-256 of its key (%s)",
          i, log.description, log.operator_name, HashToBase64(log.log_id),
          HashToBase64(want)));
    }
    for (size_t j = 1; j < log.previous_operators.size(); ++j) {
      if (!(log.previous_operators[j - 1].end_time <
            log.previous_operators[j].end_time)) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "log %d (%s): previous_operators %d and %d are not in increasing "
            "end_time order",
            i, log.description, j - 1, j));
      }
    }
    auto inserted = list.index_.emplace(log.log_id, i);
    if (!inserted.second) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "log %d (%s): log_id %s repeats log %d", i, log.description,
          HashToBase64(log.log_id), inserted.first->second));
    }
  }
  list.logs_ = std::move(logs);
  return list;
}

const LogInfo* LogList::FindLog(ByteSpan log_id) const {
  LogId id;
  if (log_id.size() != id.size()) return nullptr;
  std::copy(log_id.begin(), log_id.end(), id.begin());
  auto it = index_.find(id);
  if (it == index_.end()) return nullptr;
  return &logs_[it->second];
}

}  // namespace ct
