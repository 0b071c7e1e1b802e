#include "ct/sct/log_signer.h"

#include <openssl/bio.h>
#include <openssl/bytestring.h>
#include <openssl/curve25519.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/pem.h>

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "ct/sct/internal/evp_pkey.h"
#include "ct/sct/internal/pem.h"
#include "ct/sct/signed_data.h"

namespace ct {
namespace {

// ParseDer accepts PKCS#8, then RFC 5915 ECPrivateKey, each with nothing
// trailing.
bssl::UniquePtr<EVP_PKEY> ParseDer(ByteSpan der) {
  CBS cbs;
  CBS_init(&cbs, der.data(), der.size());
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_parse_private_key(&cbs));
  if (pkey != nullptr && CBS_len(&cbs) == 0) return pkey;
  CBS_init(&cbs, der.data(), der.size());
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_parse_private_key(&cbs, nullptr));
  if (ec == nullptr || CBS_len(&cbs) != 0) return nullptr;
  pkey.reset(EVP_PKEY_new());
  if (pkey == nullptr || !EVP_PKEY_set1_EC_KEY(pkey.get(), ec.get())) return nullptr;
  return pkey;
}

}  // namespace

absl::StatusOr<LogSigner> LogSigner::FromKey(std::shared_ptr<const internal::EvpPkey> key) {
  EVP_PKEY* const pkey = key->pkey.get();
  switch (EVP_PKEY_id(pkey)) {
    case EVP_PKEY_EC: {
      const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(pkey);
      if (ec == nullptr || EC_KEY_get0_group(ec) == nullptr ||
          EC_GROUP_get_curve_name(EC_KEY_get0_group(ec)) != NID_X9_62_prime256v1) {
        return absl::InvalidArgumentError("sct: ECDSA private key is not on NIST P-256");
      }
      if (EC_KEY_get0_private_key(ec) == nullptr || EC_KEY_get0_public_key(ec) == nullptr) {
        return absl::InvalidArgumentError("sct: ECDSA private key lacks a key pair");
      }
      break;
    }
    case EVP_PKEY_ED25519:
      break;
    default:
      return absl::InvalidArgumentError(absl::StrFormat(
          "sct: private key has type %d, want ECDSA P-256 or Ed25519",
          EVP_PKEY_id(pkey)));
  }
  bssl::ScopedCBB cbb;
  if (!CBB_init(cbb.get(), 128) || !EVP_marshal_public_key(cbb.get(), pkey) ||
      !CBB_flush(cbb.get())) {
    ERR_clear_error();
    return absl::InternalError("sct: cannot encode the public key");
  }
  absl::StatusOr<LogVerifier> verifier =
      LogVerifier::Create(ByteSpan(CBB_data(cbb.get()), CBB_len(cbb.get())));
  if (!verifier.ok()) return verifier.status();
  return LogSigner(std::move(key), *std::move(verifier));
}

absl::StatusOr<LogSigner> LogSigner::Create(ByteSpan private_key_der) {
  bssl::UniquePtr<EVP_PKEY> pkey = ParseDer(private_key_der);
  ERR_clear_error();
  if (pkey == nullptr) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sct: private key (%d bytes) is not DER PKCS#8 or RFC 5915 ECPrivateKey",
        private_key_der.size()));
  }
  return FromKey(internal::ShareEvpPkey(std::move(pkey)));
}

absl::StatusOr<LogSigner> LogSigner::CreateFromPem(absl::string_view pem) {
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), pem.size()));
  if (bio == nullptr) return absl::ResourceExhaustedError("sct: BIO_new_mem_buf failed");
  // With no password callback data, encrypted keys fail instead of prompting.
  bssl::UniquePtr<EVP_PKEY> pkey(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (pkey == nullptr) {
    const uint32_t err = ERR_peek_last_error();
    ERR_clear_error();
    if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
      return absl::InvalidArgumentError("sct: no PRIVATE KEY PEM block");
    }
    return absl::InvalidArgumentError("sct: malformed or encrypted PRIVATE KEY PEM block");
  }
  absl::Status rest = internal::CheckNothingAfterPem(bio.get(), "PRIVATE KEY");
  if (!rest.ok()) return rest;
  return FromKey(internal::ShareEvpPkey(std::move(pkey)));
}

absl::StatusOr<LogSigner> LogSigner::CreateFromPemOrDer(absl::string_view key) {
  if (absl::StrContains(key, "-----BEGIN")) return CreateFromPem(key);
  return Create(AsBytes(key));
}

std::string LogSigner::PublicKeyPem() const {
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  const uint8_t* data = nullptr;
  size_t len = 0;
  if (bio == nullptr || !PEM_write_bio_PUBKEY(bio.get(), key_->pkey.get()) ||
      !BIO_mem_contents(bio.get(), &data, &len)) {
    ERR_clear_error();
    return "";
  }
  return ToString(ByteSpan(data, len));
}

absl::StatusOr<DigitallySigned> LogSigner::Sign(ByteSpan data) const {
  DigitallySigned out;
  if (key_type() == LogVerifier::KeyType::kEd25519) {
    out.hash_algorithm = HashAlgorithm::kIntrinsic;
    out.signature_algorithm = SignatureAlgorithm::kEd25519;
    out.signature.resize(ED25519_SIGNATURE_LEN);
    size_t sig_len = out.signature.size();
    bssl::ScopedEVP_MD_CTX ctx;
    if (!EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_->pkey.get()) ||
        !EVP_DigestSign(ctx.get(), out.signature.data(), &sig_len, data.data(),
                        data.size())) {
      ERR_clear_error();
      return absl::InternalError("sct: Ed25519 signing failed");
    }
    out.signature.resize(sig_len);
    return out;
  }
  const Hash digest = Sha256(data);
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(key_->pkey.get());
  out.hash_algorithm = HashAlgorithm::kSha256;
  out.signature_algorithm = SignatureAlgorithm::kEcdsa;
  out.signature.resize(ECDSA_size(ec));
  unsigned int sig_len = 0;
  if (!ECDSA_sign(0, digest.data(), digest.size(), out.signature.data(), &sig_len,
                  ec) ||
      sig_len > out.signature.size()) {
    ERR_clear_error();
    return absl::InternalError("sct: ECDSA signing failed");
  }
  out.signature.resize(sig_len);
  return out;
}

absl::StatusOr<DigitallySigned> LogSigner::SignTreeHead(uint64_t timestamp,
                                                        uint64_t tree_size,
                                                        const Hash& root_hash) const {
  const auto input = SerializeTreeHeadSignatureInput(timestamp, tree_size, root_hash);
  return Sign(input);
}

}  // namespace ct
