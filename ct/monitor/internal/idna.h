// File: ct/monitor/internal/idna.h
// -----------------------------------------------------------------------------
// The only caller of libidn2 in ctcore. Logically private to ct/monitor.
#ifndef CT_MONITOR_INTERNAL_IDNA_H_
#define CT_MONITOR_INTERNAL_IDNA_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ct {
namespace internal {

// IdnaToAscii returns the A-label form of `utf8` (one or more labels; UTS #46
// maps ideographic full stops to '.') via idn2_to_ascii_8z with
// IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL; kInvalidArgument with libidn2's
// reason if it is not valid UTF-8, contains NUL, or is not a valid IDN.
absl::StatusOr<std::string> IdnaToAscii(absl::string_view utf8);

// LabelsToAscii returns `name` with its ASCII labels lower-cased and every
// other label (and, if `check_alabels`, every "xn--" label, which must then
// be canonical) replaced by IdnaToAscii's result. A label that cannot be
// converted becomes "?" and, for the first one, `*error` says why (`*error`
// must start OK). The one label loop for watch patterns and certificates.
std::string LabelsToAscii(absl::string_view name, bool check_alabels,
                          absl::Status* error);

}  // namespace internal
}  // namespace ct

#endif  // CT_MONITOR_INTERNAL_IDNA_H_
