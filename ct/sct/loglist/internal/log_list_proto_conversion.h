// File: ct/sct/loglist/internal/log_list_proto_conversion.h
// -----------------------------------------------------------------------------
// Internal: converts the protobuf form of a v3 log list (log_list.proto) into
// the plain ct::LogList model. Kept apart from the public headers so that
// protobuf never appears in ctcore's API.
#ifndef CT_SCT_LOGLIST_INTERNAL_LOG_LIST_PROTO_CONVERSION_H_
#define CT_SCT_LOGLIST_INTERNAL_LOG_LIST_PROTO_CONVERSION_H_

#include "absl/status/statusor.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/loglist/log_list.pb.h"

namespace ct::internal {

// LogListFromProto converts `proto` into a validated LogList. Returns
// kInvalidArgument when a required field is missing (log_id, key, url or the
// tiled URLs, a state's timestamp, a temporal interval's ends, a previous
// operator's name or end_time), a log has more than one state, a
// final_tree_head is malformed, or LogList::Create rejects the logs.
absl::StatusOr<LogList> LogListFromProto(const ctcore::loglist::v3::LogList& proto);

}  // namespace ct::internal

#endif  // CT_SCT_LOGLIST_INTERNAL_LOG_LIST_PROTO_CONVERSION_H_
