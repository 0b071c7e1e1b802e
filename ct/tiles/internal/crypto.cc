#include "ct/tiles/internal/crypto.h"

#include <openssl/base64.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ct::internal {
namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using UniquePkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

UniquePkey ParseSpki(absl::string_view der) {
  CBS cbs;
  CBS_init(&cbs, reinterpret_cast<const uint8_t*>(der.data()), der.size());
  UniquePkey key(EVP_parse_public_key(&cbs));
  if (key == nullptr || CBS_len(&cbs) != 0) return nullptr;
  return key;
}

// DecodeUtf8 decodes one code point at `text[*i]`; returns -1 on error.
int32_t DecodeUtf8(absl::string_view text, size_t* i) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  size_t n = text.size();
  uint8_t c = s[*i];
  if (c < 0x80) {
    ++*i;
    return c;
  }
  int len;
  int32_t cp;
  int32_t min;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (n - *i < static_cast<size_t>(len)) return -1;
  for (int k = 1; k < len; ++k) {
    uint8_t cc = s[*i + k];
    if ((cc & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *i += len;
  return cp;
}

}  // namespace

absl::StatusOr<std::string> Base64Decode(absl::string_view text) {
  if (text.size() % 4 != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("base64 length ", text.size(), " is not a multiple of 4"));
  }
  size_t max_len = 0;
  if (!EVP_DecodedLength(&max_len, text.size())) {
    return absl::InvalidArgumentError("base64 too long");
  }
  std::string out(max_len, '\0');
  size_t out_len = 0;
  if (!EVP_DecodeBase64(reinterpret_cast<uint8_t*>(out.data()), &out_len,
                        max_len, reinterpret_cast<const uint8_t*>(text.data()),
                        text.size())) {
    return absl::InvalidArgumentError("invalid base64");
  }
  out.resize(out_len);
  // Reject non-canonical encodings (nonzero padding bits) by re-encoding.
  if (Base64Encode(out) != text) {
    return absl::InvalidArgumentError("non-canonical base64");
  }
  return out;
}

std::string Base64Encode(absl::string_view data) {
  size_t len = 0;
  if (!EVP_EncodedLength(&len, data.size())) return "";
  std::string out(len, '\0');
  size_t written = EVP_EncodeBlock(reinterpret_cast<uint8_t*>(out.data()),
                                   reinterpret_cast<const uint8_t*>(data.data()),
                                   data.size());
  out.resize(written);
  return out;
}

std::string Sha256(absl::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const uint8_t*>(data.data()), data.size(),
         reinterpret_cast<uint8_t*>(out.data()));
  return out;
}

absl::StatusOr<std::string> PublicKeyFromPem(absl::string_view text) {
  if (ParseSpki(text) != nullptr) return std::string(text);
  constexpr absl::string_view kBegin = "-----BEGIN PUBLIC KEY-----";
  constexpr absl::string_view kEnd = "-----END PUBLIC KEY-----";
  size_t begin = text.find(kBegin);
  if (begin == absl::string_view::npos) {
    return absl::InvalidArgumentError("no BEGIN PUBLIC KEY block");
  }
  size_t end = text.find(kEnd, begin);
  if (end == absl::string_view::npos) {
    return absl::InvalidArgumentError("no END PUBLIC KEY line");
  }
  std::string b64;
  for (char c : text.substr(begin + kBegin.size(), end - begin - kBegin.size())) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) b64.push_back(c);
  }
  absl::StatusOr<std::string> der = Base64Decode(b64);
  if (!der.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("PEM public key: ", der.status().message()));
  }
  if (ParseSpki(*der) == nullptr) {
    return absl::InvalidArgumentError("PEM block is not a SubjectPublicKeyInfo");
  }
  return *der;
}

absl::StatusOr<SpkiKeyType> SpkiType(absl::string_view spki_der) {
  UniquePkey key = ParseSpki(spki_der);
  if (key == nullptr) {
    return absl::InvalidArgumentError("not a DER SubjectPublicKeyInfo");
  }
  switch (EVP_PKEY_id(key.get())) {
    case EVP_PKEY_EC: {
      const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(key.get());
      if (ec == nullptr ||
          EC_GROUP_get_curve_name(EC_KEY_get0_group(ec)) != NID_X9_62_prime256v1) {
        return absl::InvalidArgumentError("ECDSA key is not on P-256");
      }
      return SpkiKeyType::kEcdsaP256;
    }
    case EVP_PKEY_RSA:
      if (EVP_PKEY_bits(key.get()) < 2048) {
        return absl::InvalidArgumentError(absl::StrCat(
            "RSA key has ", EVP_PKEY_bits(key.get()), " bits, want >= 2048"));
      }
      return SpkiKeyType::kRsa;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("unsupported key type ", EVP_PKEY_id(key.get())));
  }
}

absl::Status VerifySha256Signature(absl::string_view spki_der,
                                   absl::string_view message,
                                   absl::string_view signature) {
  absl::StatusOr<SpkiKeyType> type = SpkiType(spki_der);
  if (!type.ok()) return type.status();
  UniquePkey key = ParseSpki(spki_der);
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>(message.data()), message.size(), digest);
  const auto* sig = reinterpret_cast<const uint8_t*>(signature.data());
  int ok = 0;
  if (*type == SpkiKeyType::kEcdsaP256) {
    ok = ECDSA_verify(0, digest, sizeof(digest), sig, signature.size(),
                      EVP_PKEY_get0_EC_KEY(key.get()));
  } else {
    ok = RSA_verify(NID_sha256, digest, sizeof(digest), sig, signature.size(),
                    EVP_PKEY_get0_RSA(key.get()));
  }
  if (ok != 1) return absl::UnauthenticatedError("signature does not verify");
  return absl::OkStatus();
}

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (DecodeUtf8(text, &i) < 0) return false;
  }
  return true;
}

bool ContainsUnicodeSpace(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    int32_t c = DecodeUtf8(text, &i);
    if (c < 0) return false;
    if ((c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
        c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
        c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000) {
      return true;
    }
  }
  return false;
}

}  // namespace ct::internal
