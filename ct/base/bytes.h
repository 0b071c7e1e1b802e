// File: ct/base/bytes.h
// -----------------------------------------------------------------------------
// ctcore's one convention for binary data, and the only place that converts
// between byte views and character views.
//
// Convention (every public header follows it):
//   - Binary inputs (DER, TLS structures, hashes, signatures, tile bodies) are
//     `absl::Span<const uint8_t>` (alias ct::ByteSpan), passed by value.
//   - Binary outputs are `std::vector<uint8_t>` (alias ct::Bytes), or a fixed
//     `std::array` such as ct::Hash.
//   - Text (PEM, JSON, signed notes, checkpoints, URLs) is `absl::string_view`
//     in and `std::string` out.
//   - Bytes that arrive from I/O in a `std::string` (an HTTP body, a file) are
//     viewed with AsBytes, never copied to change type.
//
// Example:
//   std::string body = ...;                       // from a Fetcher
//   ct::ByteSpan der = ct::AsBytes(body);         // no copy
//   absl::string_view text = ct::AsChars(der);    // no copy
#ifndef CT_BASE_BYTES_H_
#define CT_BASE_BYTES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace ct {

// ByteSpan is a read-only view of binary data.
using ByteSpan = absl::Span<const uint8_t>;
// Bytes is owned binary data.
using Bytes = std::vector<uint8_t>;

// AsBytes views the characters of `s` as bytes; the view aliases `s`.
inline ByteSpan AsBytes(absl::string_view s ABSL_ATTRIBUTE_LIFETIME_BOUND) {
  return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// AsChars views `b` as characters; the view aliases `b`.
inline absl::string_view AsChars(ByteSpan b ABSL_ATTRIBUTE_LIFETIME_BOUND) {
  return absl::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

// AsMutableBytes views a writable character buffer (e.g. a std::string
// resized to receive output) as writable bytes; the view aliases `s`.
inline absl::Span<uint8_t> AsMutableBytes(std::string& s ABSL_ATTRIBUTE_LIFETIME_BOUND) {
  return absl::Span<uint8_t>(reinterpret_cast<uint8_t*>(&s[0]), s.size());
}

// ToBytes copies `s` into owned bytes.
inline Bytes ToBytes(absl::string_view s) {
  ByteSpan b = AsBytes(s);
  return Bytes(b.begin(), b.end());
}

// ToBytes copies `b` into owned bytes.
inline Bytes ToBytes(ByteSpan b) { return Bytes(b.begin(), b.end()); }

// AssignBytes copies `from` into `*to`, reusing its buffer. When the buffer
// must grow it grows by half again, so a buffer refilled with records of
// varying size (a reader's reused entries) soon stops reallocating.
inline void AssignBytes(Bytes* to, ByteSpan from) {
  if (from.size() > to->capacity()) {
    const size_t grown = to->capacity() + to->capacity() / 2;
    to->clear();
    to->reserve(from.size() > grown ? from.size() : grown);
  }
  to->assign(from.begin(), from.end());
}

// ToString copies `b` into a std::string (for text that arrived as bytes, or
// for APIs that store bytes in strings, such as absl::Cord payloads).
inline std::string ToString(ByteSpan b) { return std::string(AsChars(b)); }

}  // namespace ct

#endif  // CT_BASE_BYTES_H_
