#include "ct/base/encoding.h"

#include <openssl/base64.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"

namespace ct {

absl::StatusOr<Bytes> Base64Decode(absl::string_view text) {
  // EVP_DecodeBase64 already rejects whitespace, bad characters and bad
  // padding, but needs a length that is a multiple of 4 to say so clearly.
  if (text.size() % 4 != 0) {
    return MalformedError(
        "base64", absl::StrFormat("length %d is not a multiple of 4", text.size()));
  }
  size_t max_len = 0;
  if (!EVP_DecodedLength(&max_len, text.size())) {
    return MalformedError("base64", "too long");
  }
  Bytes out(max_len);
  size_t out_len = 0;
  const ByteSpan in = AsBytes(text);
  if (!EVP_DecodeBase64(out.data(), &out_len, out.size(), in.data(), in.size())) {
    return MalformedError("base64", "invalid character or padding");
  }
  out.resize(out_len);
  // RFC 4648 §3.5: the bits after the last full byte must be zero. Only the
  // last 4-character quantum can carry such bits: re-encoding the 1..3 bytes it
  // decodes to gives its canonical form; anything else had them set.
  const size_t tail = out.size() - 3 * (text.size() / 4 - (text.empty() ? 0 : 1));
  if (!text.empty() && Base64Encode(ByteSpan(out).subspan(out.size() - tail)) !=
                           text.substr(text.size() - 4)) {
    return MalformedError("base64", "non-zero trailing bits (non-canonical)");
  }
  return out;
}

std::string Base64Encode(ByteSpan data) {
  size_t len = 0;
  if (!EVP_EncodedLength(&len, data.size())) return "";  // > SIZE_MAX / 4 * 3
  std::string out(len, '\0');  // EVP_EncodedLength counts the trailing NUL
  out.resize(EVP_EncodeBlock(AsMutableBytes(out).data(), data.data(), data.size()));
  return out;
}

absl::StatusOr<Bytes> HexDecode(absl::string_view text) {
  if (text.size() % 2 != 0) {
    return MalformedError("hex", absl::StrFormat("odd length %d", text.size()));
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(text[i]))) {
      return MalformedError("hex", absl::StrFormat("not a hex digit at offset %d", i));
    }
  }
  return ToBytes(absl::HexStringToBytes(text));
}

std::string HexEncode(ByteSpan data) { return absl::BytesToHexString(AsChars(data)); }

}  // namespace ct
