// File: ct/sct/loglist/parse_log_list.h
// -----------------------------------------------------------------------------
// Parses a CT log list in the v3 JSON schema (Chrome's log_list.json and
// all_logs_list.json, Apple's current_log_list.json) into a ct::LogList.
//
// Example:
//   absl::StatusOr<ct::LogList> list = ct::ParseLogList(json_bytes);
//
// Verify the list's detached signature first when you have one
// (log_list_signature.h); parsing does not authenticate.
#ifndef CT_SCT_LOGLIST_PARSE_LOG_LIST_H_
#define CT_SCT_LOGLIST_PARSE_LOG_LIST_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/sct/loglist/log_list.h"

namespace ct {

// ParseLogList parses `json` (v3 schema; unknown fields are ignored, so v2
// lists parse too but have no version or timestamp). Returns kInvalidArgument
// for malformed JSON, wrongly typed fields, bad base64 or RFC 3339 values,
// missing required fields, a log_id that is not SHA-256 of the log's key, or
// a repeated log_id; the message names the offending log.
absl::StatusOr<LogList> ParseLogList(absl::string_view json);

}  // namespace ct

#endif  // CT_SCT_LOGLIST_PARSE_LOG_LIST_H_
