#include "ct/base/errors.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace ct {
namespace {

constexpr char kKindPayloadUrl[] = "type.ctcore.dev/ct.ErrorKind";

absl::StatusCode CodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kMalformed: return absl::StatusCode::kInvalidArgument;
    case ErrorKind::kRootMismatch: return absl::StatusCode::kFailedPrecondition;
    case ErrorKind::kBadSignature: return absl::StatusCode::kUnauthenticated;
    case ErrorKind::kInconsistent: return absl::StatusCode::kDataLoss;
    case ErrorKind::kTampered: return absl::StatusCode::kDataLoss;
    case ErrorKind::kUnclassified: break;
  }
  return absl::StatusCode::kUnknown;
}

}  // namespace

absl::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kMalformed: return "malformed";
    case ErrorKind::kRootMismatch: return "root_mismatch";
    case ErrorKind::kBadSignature: return "bad_signature";
    case ErrorKind::kInconsistent: return "inconsistent";
    case ErrorKind::kTampered: return "tampered";
    case ErrorKind::kUnclassified: break;
  }
  return "unclassified";
}

absl::Status WithKind(absl::Status status, ErrorKind kind) {
  if (status.ok() || kind == ErrorKind::kUnclassified) return status;
  status.SetPayload(kKindPayloadUrl, absl::Cord(ErrorKindName(kind)));
  return status;
}

absl::Status MakeError(ErrorKind kind, absl::string_view message) {
  return WithKind(absl::Status(CodeFor(kind), message), kind);
}

absl::Status MalformedError(absl::string_view structure, absl::string_view why) {
  return MakeError(ErrorKind::kMalformed, absl::StrCat(structure, ": ", why));
}

ErrorKind ErrorKindOf(const absl::Status& status) {
  if (status.ok()) return ErrorKind::kUnclassified;
  absl::optional<absl::Cord> p = status.GetPayload(kKindPayloadUrl);
  if (!p.has_value()) return ErrorKind::kUnclassified;
  for (ErrorKind k : {ErrorKind::kMalformed, ErrorKind::kRootMismatch,
                      ErrorKind::kBadSignature, ErrorKind::kInconsistent,
                      ErrorKind::kTampered}) {
    if (*p == ErrorKindName(k)) return k;
  }
  return ErrorKind::kUnclassified;
}

bool IsVerificationFailure(const absl::Status& status) {
  switch (ErrorKindOf(status)) {
    case ErrorKind::kRootMismatch:
    case ErrorKind::kBadSignature:
    case ErrorKind::kInconsistent:
    case ErrorKind::kTampered:
      return true;
    default:
      return false;
  }
}

absl::Status Prefix(absl::string_view context, const absl::Status& status) {
  if (status.ok()) return status;
  absl::Status out(status.code(), absl::StrCat(context, ": ", status.message()));
  status.ForEachPayload([&out](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
}

}  // namespace ct
