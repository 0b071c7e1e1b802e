#include "ct/sct/internal/pem.h"

#include <openssl/bio.h>

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"

namespace ct::internal {

absl::Status CheckNothingAfterPem(BIO* bio, absl::string_view type) {
  const uint8_t* rest = nullptr;
  size_t rest_len = 0;
  if (!BIO_mem_contents(bio, &rest, &rest_len) ||
      !absl::StripAsciiWhitespace(AsChars(ByteSpan(rest, rest_len))).empty()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sct: %d bytes of trailing data after the %s PEM block", rest_len, type));
  }
  return absl::OkStatus();
}

}  // namespace ct::internal
