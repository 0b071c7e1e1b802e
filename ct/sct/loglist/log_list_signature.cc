#include "ct/sct/loglist/log_list_signature.h"

#include <openssl/bio.h>
#include <openssl/bytestring.h>
#include <openssl/digest.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace ct {

namespace {

absl::StatusOr<bssl::UniquePtr<EVP_PKEY>> ParsePublicKey(
    absl::string_view key) {
  bssl::UniquePtr<EVP_PKEY> pkey;
  if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(key), "-----BEGIN")) {
    bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(key.data(), key.size()));
    if (!bio) return absl::ResourceExhaustedError("BIO_new_mem_buf failed");
    pkey.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!pkey) {
      ERR_clear_error();
      return absl::InvalidArgumentError(
          "public key: not a PEM \"PUBLIC KEY\" (SubjectPublicKeyInfo)");
    }
  } else {
    CBS cbs;
    CBS_init(&cbs, reinterpret_cast<const uint8_t*>(key.data()), key.size());
    pkey.reset(EVP_parse_public_key(&cbs));
    if (!pkey) {
      ERR_clear_error();
      return absl::InvalidArgumentError(absl::StrFormat(
          "public key: %d bytes are not a DER SubjectPublicKeyInfo",
          key.size()));
    }
    if (CBS_len(&cbs) != 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "public key: %d trailing bytes after the SubjectPublicKeyInfo",
          CBS_len(&cbs)));
    }
  }
  switch (EVP_PKEY_id(pkey.get())) {
    case EVP_PKEY_RSA: {
      unsigned bits = EVP_PKEY_bits(pkey.get());
      if (bits < 2048) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "public key: RSA key of %d bits, want at least 2048", bits));
      }
      break;
    }
    case EVP_PKEY_EC: {
      const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(pkey.get());
      int nid = EC_GROUP_get_curve_name(EC_KEY_get0_group(ec));
      if (nid != NID_X9_62_prime256v1 && nid != NID_secp384r1) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "public key: EC curve NID %d, want P-256 or P-384", nid));
      }
      break;
    }
    default:
      return absl::InvalidArgumentError(absl::StrFormat(
          "public key: type %d, want RSA or ECDSA", EVP_PKEY_id(pkey.get())));
  }
  return pkey;
}

}  // namespace

absl::Status VerifyLogListSignature(absl::string_view list_json,
                                    absl::string_view signature,
                                    absl::string_view public_key) {
  absl::StatusOr<bssl::UniquePtr<EVP_PKEY>> pkey = ParsePublicKey(public_key);
  if (!pkey.ok()) return pkey.status();
  bssl::ScopedEVP_MD_CTX ctx;
  // RSA keys default to PKCS#1 v1.5 padding; EC keys take DER ECDSA-Sig-Value.
  if (!EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                            pkey->get())) {
    ERR_clear_error();
    return absl::InternalError("EVP_DigestVerifyInit failed");
  }
  int ok = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const uint8_t*>(signature.data()),
      signature.size(), reinterpret_cast<const uint8_t*>(list_json.data()),
      list_json.size());
  ERR_clear_error();
  if (ok != 1) {
    return absl::UnauthenticatedError(absl::StrFormat(
        "log list signature (%d bytes) does not verify over %d bytes of JSON",
        signature.size(), list_json.size()));
  }
  return absl::OkStatus();
}

}  // namespace ct
