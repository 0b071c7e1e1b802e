#include "ct/sct/log_info.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"

namespace ct {

absl::string_view LogApiName(LogApi api) {
  switch (api) {
    case LogApi::kRfc6962:
      return "rfc6962";
    case LogApi::kStaticCt:
      return "static-ct-api";
  }
  return "unknown";
}

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

absl::string_view OriginSourceName(OriginSource source) {
  switch (source) {
    case OriginSource::kUnknown:
      return "unknown";
    case OriginSource::kSubmissionUrl:
      return "submission_url";
    case OriginSource::kUser:
      return "user";
    case OriginSource::kCheckpoint:
      return "checkpoint";
  }
  return "unknown";
}

std::string OperatorAt(const LogInfo &log, absl::Time time) {
  // previous_operators is sorted by end_time (LogList::Create checks it), so
  // the first one still in charge at `time` is the answer (Chromium
  // chrome_ct_policy_enforcer.cc GetOperatorForLog: `timestamp < end_time`).
  for (const PreviousOperator &previous : log.previous_operators) {
    if (time < previous.end_time) return previous.name;
  }
  return log.operator_name;
}

// C2SP static-ct-api §Checkpoints: "the origin line MUST be the submission
// prefix of the log as a schema-less URL with no trailing slashes".
absl::StatusOr<std::string> CheckpointOriginFromSubmissionUrl(
    absl::string_view submission_url) {
  size_t scheme_end = submission_url.find("://");
  if (scheme_end == absl::string_view::npos || scheme_end == 0) {
    return MalformedError("submission_url",
                          absl::StrCat("\"", absl::CHexEscape(submission_url),
                                       "\" has no scheme"));
  }
  absl::string_view rest = submission_url.substr(scheme_end + 3);
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty() || rest.front() == '/') {
    return MalformedError(
        "submission_url",
        absl::StrCat("\"", absl::CHexEscape(submission_url), "\" has no host"));
  }
  return std::string(rest);
}

absl::StatusOr<std::string> CheckpointOriginLine(absl::string_view note) {
  size_t nl = note.find('\n');
  if (nl == absl::string_view::npos || nl == 0) {
    return MalformedError("checkpoint", "no origin line");
  }
  return std::string(note.substr(0, nl));
}

absl::Status ResolveCheckpointOrigin(absl::string_view user_origin,
                                     absl::string_view checkpoint_note,
                                     LogInfo *log) {
  if (!user_origin.empty()) {
    log->origin = std::string(user_origin);
    log->origin_source = OriginSource::kUser;
    return absl::OkStatus();
  }
  if (OriginIdentifiesLog(log->origin_source) && !log->origin.empty()) {
    return absl::OkStatus();
  }
  CT_ASSIGN_OR_RETURN(std::string origin,
                      CheckpointOriginLine(checkpoint_note));
  log->origin = std::move(origin);
  log->origin_source = OriginSource::kCheckpoint;
  return absl::OkStatus();
}

bool OriginIdentifiesLog(OriginSource source) {
  return source == OriginSource::kSubmissionUrl ||
         source == OriginSource::kUser;
}

}  // namespace ct
