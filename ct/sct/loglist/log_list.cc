#include "ct/sct/loglist/log_list.h"

#include <openssl/mem.h>
#include <openssl/sha.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"

namespace ct {

namespace {

std::string IdForMessage(const LogId& id) {
  return absl::Base64Escape(absl::string_view(
      reinterpret_cast<const char*>(id.data()), id.size()));
}

}  // namespace

absl::string_view LogStateName(LogState state) {
  switch (state) {
    case LogState::kNone:
      return "none";
    case LogState::kPending:
      return "pending";
    case LogState::kQualified:
      return "qualified";
    case LogState::kUsable:
      return "usable";
    case LogState::kReadOnly:
      return "readonly";
    case LogState::kRetired:
      return "retired";
    case LogState::kRejected:
      return "rejected";
  }
  return "unknown";
}

std::string OperatorAt(const LogInfo& log, absl::Time time) {
  // previous_operators is sorted by end_time (LogList::Create checks it), so
  // the first one still in charge at `time` is the answer (Chromium
  // chrome_ct_policy_enforcer.cc GetOperatorForLog: `timestamp < end_time`).
  for (const PreviousOperator& previous : log.previous_operators) {
    if (time < previous.end_time) return previous.name;
  }
  return log.operator_name;
}

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
    LogId want;
    SHA256(log.key.data(), log.key.size(), want.data());
    if (CRYPTO_memcmp(want.data(), log.log_id.data(), want.size()) != 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "log %d (%s, operator %s): log_id %s is not SHA-256 of its key (%s)",
          i, log.description, log.operator_name, IdForMessage(log.log_id),
          IdForMessage(want)));
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
          IdForMessage(log.log_id), inserted.first->second));
    }
  }
  list.logs_ = std::move(logs);
  return list;
}

const LogInfo* LogList::FindLog(absl::Span<const uint8_t> log_id) const {
  LogId id;
  if (log_id.size() != id.size()) return nullptr;
  std::copy(log_id.begin(), log_id.end(), id.begin());
  auto it = index_.find(id);
  if (it == index_.end()) return nullptr;
  return &logs_[it->second];
}

}  // namespace ct
