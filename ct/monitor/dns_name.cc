#include "ct/monitor/dns_name.h"

#include <idn2.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "ct/base/errors.h"
#include "ct/monitor/internal/idna.h"

namespace ct {
namespace internal {

absl::StatusOr<std::string> IdnaToAscii(absl::string_view utf8) {
  if (utf8.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("NUL byte");
  }
  std::string input(utf8);  // libidn2 wants a NUL-terminated string
  char* out = nullptr;
  int rc = idn2_to_ascii_8z(input.c_str(), &out,
                            IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  std::unique_ptr<char, decltype(&idn2_free)> owned(out, &idn2_free);
  if (rc != IDN2_OK || out == nullptr) {
    return absl::InvalidArgumentError(idn2_strerror(rc));
  }
  return std::string(out);
}

namespace {

bool IsAsciiText(absl::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string LabelsToAscii(absl::string_view name, bool check_alabels,
                          absl::Status* error) {
  std::string out;
  out.reserve(name.size());
  bool first = true;
  for (absl::string_view segment : absl::StrSplit(name, '.')) {
    if (!first) out.push_back('.');
    first = false;
    std::string lower = absl::AsciiStrToLower(segment);
    bool alabel = check_alabels && absl::StartsWith(lower, "xn--");
    if (IsAsciiText(segment) && !alabel) {
      out += lower;
      continue;
    }
    absl::StatusOr<std::string> ascii = IdnaToAscii(lower);
    absl::Status why;
    if (!ascii.ok()) {
      why = absl::InvalidArgumentError(absl::StrFormat(
          "label \"%s\" is not a valid IDN: %s",
          absl::Utf8SafeCHexEscape(segment), ascii.status().message()));
    } else if (ascii->empty()) {
      why = absl::InvalidArgumentError(absl::StrFormat(
          "label \"%s\" maps to nothing", absl::Utf8SafeCHexEscape(segment)));
    } else if (alabel && *ascii != lower) {
      why = absl::InvalidArgumentError(absl::StrFormat(
          "A-label \"%s\" is not canonical", absl::Utf8SafeCHexEscape(segment)));
    }
    if (why.ok()) {
      out += *ascii;
    } else {
      out += "?";
      if (error->ok()) *error = why;
    }
  }
  return out;
}

}  // namespace internal

namespace {

bool IsLdhOrUnderscore(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' ||
         c == '_';
}

absl::Status BadName(absl::string_view name, absl::string_view why) {
  return MalformedError("dns name",
                        absl::StrFormat("%s: %s", absl::Utf8SafeCHexEscape(name), why));
}

// CheckLabel validates one lower-case ASCII label of the result.
absl::Status CheckLabel(absl::string_view name, absl::string_view label) {
  if (label.empty()) return BadName(name, "empty label");
  if (label.size() > 63) {
    return BadName(name, absl::StrFormat("label of %d characters (max 63)",
                                         label.size()));
  }
  if (label == "*") {
    return BadName(name,
                   "a wildcard is not a name (watch \".example.com\" for a "
                   "domain and everything below it)");
  }
  for (char c : label) {
    if (!IsLdhOrUnderscore(c)) {
      return BadName(name, absl::StrFormat("label \"%s\" has character '%s'",
                                           absl::Utf8SafeCHexEscape(label),
                                           absl::Utf8SafeCHexEscape(std::string(1, c))));
    }
  }
  if (label.front() == '-' || label.back() == '-') {
    return BadName(name, absl::StrFormat("label \"%s\" starts or ends with '-'",
                                         label));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> NormalizeDnsName(absl::string_view name) {
  absl::string_view trimmed = name;
  while (!trimmed.empty() && trimmed.back() == '.') trimmed.remove_suffix(1);
  if (trimmed.empty()) return BadName(name, "empty name");
  if (trimmed.size() > 4 * kMaxDnsNameLength) {  // UTF-8 is at most 4x longer
    return BadName(name.substr(0, 64), "name too long");
  }

  // Step 1: ASCII labels are lower-cased; labels with non-ASCII bytes and
  // existing A-labels go through libidn2 (A-labels must round-trip).
  absl::Status error;
  std::string out = internal::LabelsToAscii(trimmed, /*check_alabels=*/true,
                                            &error);
  if (!error.ok()) return BadName(name, error.message());

  // Step 2: the result must be an ordinary host name.
  if (out.size() > kMaxDnsNameLength) {
    return BadName(name, absl::StrFormat("%d characters (max %d)", out.size(),
                                         kMaxDnsNameLength));
  }
  absl::string_view last;
  for (absl::string_view label : absl::StrSplit(out, '.')) {
    CT_RETURN_IF_ERROR(CheckLabel(name, label));
    last = label;
  }
  // RFC 3696 §2: a top-level label is never all-numeric ("1.2.3.4" is an
  // address, "256.1.1.1" a typo).
  if (std::all_of(last.begin(), last.end(), absl::ascii_isdigit)) {
    return BadName(name, "all-numeric top-level label (not a host name)");
  }
  return out;
}

}  // namespace ct
