#include "ct/tiles/writer/internal/note_signer.h"

#include <openssl/curve25519.h>
#include <openssl/sha.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ct::internal {
namespace {

absl::string_view AsChars(absl::Span<const uint8_t> b) {
  return absl::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

// DecodeUtf8 reads one code point from `s` at `*i`; false on invalid UTF-8
// (overlong forms, surrogates and values above U+10FFFF included).
bool DecodeUtf8(absl::string_view s, size_t* i, uint32_t* cp) {
  const uint8_t b0 = static_cast<uint8_t>(s[*i]);
  size_t n;
  uint32_t min;
  if (b0 < 0x80) {
    *cp = b0;
    *i += 1;
    return true;
  } else if ((b0 & 0xe0) == 0xc0) {
    n = 2, min = 0x80, *cp = b0 & 0x1f;
  } else if ((b0 & 0xf0) == 0xe0) {
    n = 3, min = 0x800, *cp = b0 & 0x0f;
  } else if ((b0 & 0xf8) == 0xf0) {
    n = 4, min = 0x10000, *cp = b0 & 0x07;
  } else {
    return false;
  }
  if (s.size() - *i < n) return false;
  for (size_t k = 1; k < n; ++k) {
    const uint8_t b = static_cast<uint8_t>(s[*i + k]);
    if ((b & 0xc0) != 0x80) return false;
    *cp = (*cp << 6) | (b & 0x3f);
  }
  if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff)) {
    return false;
  }
  *i += n;
  return true;
}

// IsUnicodeSpace is Go's unicode.IsSpace (White_Space property).
bool IsUnicodeSpace(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 ||
         cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
         cp == 0x3000;
}

}  // namespace

absl::Status ValidateNoteKeyName(absl::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("note key name is empty");
  size_t i = 0;
  while (i < name.size()) {
    const size_t at = i;
    uint32_t cp = 0;
    if (!DecodeUtf8(name, &i, &cp)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "note key name has invalid UTF-8 at byte %d", at));
    }
    if (cp == '+' || IsUnicodeSpace(cp) || cp < 0x20 ||
        (cp >= 0x7f && cp <= 0x9f)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "note key name has forbidden character U+%04X at byte %d", cp, at));
    }
  }
  return absl::OkStatus();
}

uint32_t NoteKeyId(absl::string_view name, uint8_t sig_type,
                   absl::Span<const uint8_t> key) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, name.data(), name.size());
  const uint8_t sep[2] = {0x0a, sig_type};
  SHA256_Update(&ctx, sep, sizeof(sep));
  SHA256_Update(&ctx, key.data(), key.size());
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256_Final(digest, &ctx);
  return (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) |
         (uint32_t{digest[2]} << 8) | uint32_t{digest[3]};
}

std::string NoteSignatureLine(absl::string_view name, uint32_t key_id,
                              absl::Span<const uint8_t> signature) {
  std::vector<uint8_t> blob = {
      static_cast<uint8_t>(key_id >> 24), static_cast<uint8_t>(key_id >> 16),
      static_cast<uint8_t>(key_id >> 8), static_cast<uint8_t>(key_id)};
  blob.insert(blob.end(), signature.begin(), signature.end());
  // U+2014 EM DASH, then a space.
  return absl::StrCat("\xe2\x80\x94 ", name, " ",
                      absl::Base64Escape(AsChars(blob)), "\n");
}

std::string CheckpointText(absl::string_view origin, uint64_t size,
                           const Hash& root) {
  return absl::StrCat(origin, "\n", size, "\n", HashToBase64(root), "\n");
}

std::string Ed25519VerifierKey(absl::string_view name,
                               const std::array<uint8_t, 32>& public_key) {
  uint8_t blob[33];
  blob[0] = kNoteSigEd25519;
  std::copy(public_key.begin(), public_key.end(), blob + 1);
  return absl::StrFormat("%s+%08x+%s", name,
                         NoteKeyId(name, kNoteSigEd25519, public_key),
                         absl::Base64Escape(AsChars(blob)));
}

absl::StatusOr<Ed25519NoteSigner> Ed25519NoteSigner::Create(
    absl::string_view name, const std::array<uint8_t, 32>& seed) {
  absl::Status s = ValidateNoteKeyName(name);
  if (!s.ok()) return s;
  Ed25519NoteSigner out;
  out.name_ = std::string(name);
  ED25519_keypair_from_seed(out.public_key_.data(), out.private_key_.data(),
                            seed.data());
  out.key_id_ = NoteKeyId(name, kNoteSigEd25519, out.public_key_);
  return out;
}

std::string Ed25519NoteSigner::VerifierKey() const {
  return Ed25519VerifierKey(name_, public_key_);
}

absl::StatusOr<std::string> Ed25519NoteSigner::SignatureLine(
    absl::string_view text) const {
  uint8_t sig[64];
  if (!ED25519_sign(sig, reinterpret_cast<const uint8_t*>(text.data()),
                    text.size(), private_key_.data())) {
    return absl::InternalError("Ed25519 signing failed");
  }
  return NoteSignatureLine(name_, key_id_, sig);
}

absl::StatusOr<std::string> Rfc6962NoteSignatureLine(
    const SctIssuer& issuer, absl::string_view origin, uint64_t timestamp_ms,
    uint64_t tree_size, const Hash& root) {
  absl::Status s = ValidateNoteKeyName(origin);
  if (!s.ok()) return s;
  absl::StatusOr<std::vector<uint8_t>> ds =
      issuer.SignTreeHead(timestamp_ms, tree_size, root);
  if (!ds.ok()) return ds.status();
  // RFC6962NoteSignature = u64 timestamp || digitally-signed TreeHeadSignature.
  std::vector<uint8_t> sig;
  sig.reserve(8 + ds->size());
  for (int i = 0; i < 8; ++i) {
    sig.push_back(static_cast<uint8_t>(timestamp_ms >> (56 - 8 * i)));
  }
  sig.insert(sig.end(), ds->begin(), ds->end());
  return NoteSignatureLine(
      origin, NoteKeyId(origin, kNoteSigRfc6962, issuer.log_id()), sig);
}

}  // namespace ct::internal
