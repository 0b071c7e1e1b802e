#include "ct/sct/loglist/internal/log_list_proto_conversion.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"
#include "ct/sct/log_info.h"

namespace ct::internal {

namespace {

namespace pb = ::ctcore::loglist::v3;

absl::Time FromProtoTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// Where a log sits in the list, for error messages.
std::string Where(const pb::Operator& op, const pb::Log& log, bool tiled,
                  int index) {
  return absl::StrFormat("operator \"%s\" %s[%d] (\"%s\")", op.name(),
                         tiled ? "tiled_logs" : "logs", index,
                         log.description());
}

absl::Status ConvertState(const pb::LogState& state, const std::string& where,
                          LogInfo& out) {
  int count = 0;
  auto take = [&](LogState s, const google::protobuf::Timestamp* ts,
                  bool has_ts) -> absl::Status {
    ++count;
    if (!has_ts) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: state \"%s\" has no timestamp", where, LogStateName(s)));
    }
    out.state = s;
    out.state_timestamp = FromProtoTime(*ts);
    return absl::OkStatus();
  };
  absl::Status status;
  if (state.has_pending()) {
    status.Update(take(LogState::kPending, &state.pending().timestamp(),
                       state.pending().has_timestamp()));
  }
  if (state.has_qualified()) {
    status.Update(take(LogState::kQualified, &state.qualified().timestamp(),
                       state.qualified().has_timestamp()));
  }
  if (state.has_usable()) {
    status.Update(take(LogState::kUsable, &state.usable().timestamp(),
                       state.usable().has_timestamp()));
  }
  if (state.has_readonly()) {
    status.Update(take(LogState::kReadOnly, &state.readonly().timestamp(),
                       state.readonly().has_timestamp()));
  }
  if (state.has_retired()) {
    status.Update(take(LogState::kRetired, &state.retired().timestamp(),
                       state.retired().has_timestamp()));
  }
  if (state.has_rejected()) {
    status.Update(take(LogState::kRejected, &state.rejected().timestamp(),
                       state.rejected().has_timestamp()));
  }
  if (!status.ok()) return status;
  if (count > 1) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: state has %d members, want exactly one", where, count));
  }
  if (state.has_readonly() && state.readonly().has_final_tree_head()) {
    const pb::FinalTreeHead& fth = state.readonly().final_tree_head();
    FinalTreeHead head;
    if (fth.sha256_root_hash().size() != head.sha256_root_hash.size()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: final_tree_head.sha256_root_hash is %d bytes, want 32", where,
          fth.sha256_root_hash().size()));
    }
    if (fth.tree_size() < 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: final_tree_head.tree_size %d is negative", where,
          fth.tree_size()));
    }
    std::copy(fth.sha256_root_hash().begin(), fth.sha256_root_hash().end(),
              head.sha256_root_hash.begin());
    head.tree_size = static_cast<uint64_t>(fth.tree_size());
    out.final_tree_head = head;
  }
  return absl::OkStatus();
}

absl::StatusOr<LogInfo> ConvertLog(const pb::Operator& op, const pb::Log& log,
                                   bool tiled, int index) {
  const std::string where = Where(op, log, tiled, index);
  LogInfo info;
  info.operator_name = op.name();
  info.description = log.description();
  info.api = tiled ? LogApi::kStaticCt : LogApi::kRfc6962;
  if (log.log_id().size() != info.log_id.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: log_id is %d bytes, want 32", where, log.log_id().size()));
  }
  std::copy(log.log_id().begin(), log.log_id().end(), info.log_id.begin());
  if (log.key().empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: key is missing", where));
  }
  info.key.assign(log.key().begin(), log.key().end());
  if (log.mmd() < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: mmd %d is negative", where, log.mmd()));
  }
  info.mmd_seconds = log.mmd();
  info.url = log.url();
  info.submission_url = log.submission_url();
  info.monitoring_url = log.monitoring_url();
  if (!tiled && info.url.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: url is missing", where));
  }
  if (tiled && (info.submission_url.empty() || info.monitoring_url.empty())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: tiled log needs submission_url and monitoring_url", where));
  }
  if (tiled) {
    // static-ct-api §Checkpoints: the origin is the submission prefix
    // without scheme and trailing slashes.
    absl::StatusOr<std::string> origin =
        CheckpointOriginFromSubmissionUrl(info.submission_url);
    if (!origin.ok()) return Prefix(where, origin.status());
    info.origin = *std::move(origin);
    info.origin_source = OriginSource::kSubmissionUrl;
  }
  info.log_type = log.log_type();
  if (log.has_state()) {
    absl::Status status = ConvertState(log.state(), where, info);
    if (!status.ok()) return status;
  }
  if (log.has_temporal_interval()) {
    const pb::TemporalInterval& ti = log.temporal_interval();
    if (!ti.has_start_inclusive() || !ti.has_end_exclusive()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: temporal_interval needs start_inclusive and end_exclusive",
          where));
    }
    info.temporal_interval = TemporalInterval{
        FromProtoTime(ti.start_inclusive()), FromProtoTime(ti.end_exclusive())};
  }
  for (int i = 0; i < log.previous_operators_size(); ++i) {
    const pb::PreviousOperator& prev = log.previous_operators(i);
    if (prev.name().empty() || !prev.has_end_time()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: previous_operators[%d] needs name and end_time", where, i));
    }
    info.previous_operators.push_back(
        PreviousOperator{prev.name(), FromProtoTime(prev.end_time())});
  }
  // The schema does not promise an order; OperatorAt needs one.
  std::stable_sort(info.previous_operators.begin(),
                   info.previous_operators.end(),
                   [](const PreviousOperator& a, const PreviousOperator& b) {
                     return a.end_time < b.end_time;
                   });
  return info;
}

}  // namespace

absl::StatusOr<LogList> LogListFromProto(const pb::LogList& proto) {
  std::vector<LogInfo> logs;
  for (const pb::Operator& op : proto.operators()) {
    for (int tiled = 0; tiled < 2; ++tiled) {
      const auto& entries = tiled ? op.tiled_logs() : op.logs();
      for (int i = 0; i < entries.size(); ++i) {
        absl::StatusOr<LogInfo> info = ConvertLog(op, entries[i], tiled, i);
        if (!info.ok()) return info.status();
        logs.push_back(*std::move(info));
      }
    }
  }
  absl::optional<absl::Time> timestamp;
  if (proto.has_log_list_timestamp()) {
    timestamp = FromProtoTime(proto.log_list_timestamp());
  }
  return LogList::Create(proto.version(), timestamp, std::move(logs));
}

}  // namespace ct::internal
