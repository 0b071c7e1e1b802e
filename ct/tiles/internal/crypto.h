// File: ct/tiles/internal/crypto.h
// -----------------------------------------------------------------------------
// Small BoringSSL helpers for ct/tiles: strict base64, PEM public keys and
// signature checks with an SPKI. Logically private to ct/tiles (to be unified
// with ct/sct's key handling later).
#ifndef CT_TILES_INTERNAL_CRYPTO_H_
#define CT_TILES_INTERNAL_CRYPTO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace ct::internal {

// Base64Decode decodes standard padded base64 (RFC 4648 §4). It rejects
// whitespace, missing padding and non-canonical trailing bits.
absl::StatusOr<std::string> Base64Decode(absl::string_view text);

// Base64Encode returns the standard padded base64 form of `data`.
std::string Base64Encode(absl::string_view data);

// Sha256 returns SHA-256(`data`) as 32 raw bytes.
std::string Sha256(absl::string_view data);

// PublicKeyFromPem returns the DER SubjectPublicKeyInfo inside a
// "-----BEGIN PUBLIC KEY-----" PEM block, or `text` itself when it already is
// a parseable DER SPKI. kInvalidArgument otherwise.
absl::StatusOr<std::string> PublicKeyFromPem(absl::string_view text);

// SpkiKeyType is the kind of key an SPKI holds, as far as CT cares.
enum class SpkiKeyType { kEcdsaP256, kRsa };

// SpkiType parses `spki_der` and returns its key type: ECDSA on P-256 or RSA
// (at least 2048 bits). kInvalidArgument for anything else.
absl::StatusOr<SpkiKeyType> SpkiType(absl::string_view spki_der);

// VerifySha256Signature checks `signature` over SHA-256(`message`) with the
// key in `spki_der` (ECDSA P-256 DER signature or RSA PKCS#1 v1.5).
// kUnauthenticated if it does not verify, kInvalidArgument on a bad key.
absl::Status VerifySha256Signature(absl::string_view spki_der,
                                   absl::string_view message,
                                   absl::string_view signature);

// IsValidUtf8 reports whether `text` is well-formed UTF-8 (no overlongs, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(absl::string_view text);

// ContainsUnicodeSpace reports whether valid UTF-8 `text` holds a code point
// with the Unicode White_Space property (Go's unicode.IsSpace).
bool ContainsUnicodeSpace(absl::string_view text);

}  // namespace ct::internal

#endif  // CT_TILES_INTERNAL_CRYPTO_H_
