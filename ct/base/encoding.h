// File: ct/base/encoding.h
// -----------------------------------------------------------------------------
// ctcore's one owner of text encodings of binary data: strict standard base64
// (RFC 4648 §4, as signed notes, checkpoints, log lists and the RFC 6962 JSON
// API use it) and hex. The decoders accept exactly one spelling of each byte
// string, so a value read from a signed text has no second form.
//
// Binary data follows ct/base/bytes.h: ByteSpan in, Bytes out.
//
// Example:
//   absl::StatusOr<ct::Bytes> sig = ct::Base64Decode("AAEC");   // {0, 1, 2}
//   std::string text = ct::Base64Encode(*sig);                  // "AAEC"
//   absl::StatusOr<ct::Bytes> id = ct::HexDecode("c0ffee");     // 3 bytes
#ifndef CT_BASE_ENCODING_H_
#define CT_BASE_ENCODING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"

namespace ct {

// Base64Decode decodes standard padded base64 (RFC 4648 §4). It rejects
// whitespace, a length that is not a multiple of 4, missing or misplaced
// padding, characters outside the alphabet and non-zero trailing bits
// (RFC 4648 §3.5): kInvalidArgument with ErrorKind kMalformed.
absl::StatusOr<Bytes> Base64Decode(absl::string_view text);

// Base64Encode returns the standard padded base64 form of `data`.
std::string Base64Encode(ByteSpan data);

// HexDecode decodes an even number of hex digits (either case).
// kInvalidArgument with ErrorKind kMalformed on an odd length or a non-hex
// character (absl::HexStringToBytes alone does not check).
absl::StatusOr<Bytes> HexDecode(absl::string_view text);

// HexEncode returns the lowercase hex form of `data`.
std::string HexEncode(ByteSpan data);

}  // namespace ct

#endif  // CT_BASE_ENCODING_H_
