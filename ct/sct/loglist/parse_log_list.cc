#include "ct/sct/loglist/parse_log_list.h"

#include <google/protobuf/util/json_util.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ct/sct/loglist/internal/log_list_proto_conversion.h"
#include "ct/sct/loglist/log_list.pb.h"

namespace ct {

absl::StatusOr<LogList> ParseLogList(absl::string_view json) {
  ctcore::loglist::v3::LogList proto;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &proto,
      options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("log list JSON: ", status.ToString()));
  }
  return internal::LogListFromProto(proto);
}

}  // namespace ct
