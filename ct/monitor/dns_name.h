// File: ct/monitor/dns_name.h
// -----------------------------------------------------------------------------
// The one normal form of a DNS name in ctcore's monitor: ASCII, lower case, no
// trailing dot, every internationalized label as an A-label ("xn--...").
//
// Unicode labels are converted with Debian's libidn2 as
// idn2_to_ascii_8z(label, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL): NFC first,
// then UTS #46 non-transitional mapping (so "ß" stays "ß" and becomes
// "xn--zca", as in today's browsers, instead of the transitional "ss") and
// IDNA2008 validity. Existing "xn--" labels must survive libidn2's A-label
// round trip. Plain ASCII labels are NOT sent through IDNA: real host names
// such as "r3---sn-4g5e.googlevideo.com" (hyphens in positions 3-4) and "_acme"
// are valid DNS and must stay watchable. See docs/monitor.md.
//
// Example:
//   absl::StatusOr<std::string> n = ct::NormalizeDnsName("Bücher.Example.");
//   // *n == "xn--bcher-kva.example"
#ifndef CT_MONITOR_DNS_NAME_H_
#define CT_MONITOR_DNS_NAME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ct {

// kMaxDnsNameLength is the longest normal-form name (RFC 1035 §2.3.4 without
// the root label's length octets).
inline constexpr size_t kMaxDnsNameLength = 253;

// NormalizeDnsName returns `name` in normal form (file comment): trailing dots
// trimmed, case folded, Unicode labels as A-labels. Each label must then be
// 1-63 characters of [a-z0-9_-] not starting or ending with '-', and the name
// at most 253, its last label not all digits. A ct::MalformedError naming the bad label otherwise (including
// "*" labels: a wildcard is not a name). Idempotent on its own output.
absl::StatusOr<std::string> NormalizeDnsName(absl::string_view name);

}  // namespace ct

#endif  // CT_MONITOR_DNS_NAME_H_
