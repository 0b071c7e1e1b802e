#include "ct/tiles/writer/internal/sct_issuer.h"

#include <openssl/bio.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ct::internal {
namespace {

// ParseKey accepts PEM or DER (PKCS#8, then SEC1).
bssl::UniquePtr<EVP_PKEY> ParseKey(absl::string_view in) {
  if (absl::StrContains(in, "-----BEGIN")) {
    bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(in.data(), in.size()));
    if (!bio) return nullptr;
    return bssl::UniquePtr<EVP_PKEY>(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  }
  CBS cbs;
  CBS_init(&cbs, reinterpret_cast<const uint8_t*>(in.data()), in.size());
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_parse_private_key(&cbs));
  if (pkey && CBS_len(&cbs) == 0) return pkey;
  CBS_init(&cbs, reinterpret_cast<const uint8_t*>(in.data()), in.size());
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_parse_private_key(&cbs, nullptr));
  if (!ec || CBS_len(&cbs) != 0) return nullptr;
  pkey.reset(EVP_PKEY_new());
  if (!pkey || !EVP_PKEY_set1_EC_KEY(pkey.get(), ec.get())) return nullptr;
  return pkey;
}

}  // namespace

absl::StatusOr<SctIssuer> SctIssuer::Create(absl::string_view private_key) {
  bssl::UniquePtr<EVP_PKEY> pkey = ParseKey(private_key);
  ERR_clear_error();
  if (!pkey) {
    return absl::InvalidArgumentError(
        "log private key is not a PEM or DER PKCS#8/SEC1 private key");
  }
  if (EVP_PKEY_id(pkey.get()) != EVP_PKEY_EC) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "log private key has type %d, want EC P-256", EVP_PKEY_id(pkey.get())));
  }
  bssl::UniquePtr<EC_KEY> ec(EVP_PKEY_get1_EC_KEY(pkey.get()));
  if (!ec || EC_KEY_get0_group(ec.get()) == nullptr ||
      EC_GROUP_get_curve_name(EC_KEY_get0_group(ec.get())) !=
          NID_X9_62_prime256v1) {
    return absl::InvalidArgumentError("log private key is not on NIST P-256");
  }
  if (EC_KEY_get0_private_key(ec.get()) == nullptr ||
      EC_KEY_get0_public_key(ec.get()) == nullptr) {
    return absl::InvalidArgumentError("log private key lacks a key pair");
  }
  bssl::ScopedCBB cbb;
  uint8_t* der = nullptr;
  size_t der_len = 0;
  if (!CBB_init(cbb.get(), 128) ||
      !EVP_marshal_public_key(cbb.get(), pkey.get()) ||
      !CBB_finish(cbb.get(), &der, &der_len)) {
    return absl::InternalError("cannot encode the log public key");
  }
  std::vector<uint8_t> spki(der, der + der_len);
  OPENSSL_free(der);
  bssl::ScopedCBB priv;
  if (!CBB_init(priv.get(), 128) ||
      !EC_KEY_marshal_private_key(priv.get(), ec.get(), 0) ||
      !CBB_flush(priv.get())) {
    return absl::InternalError("cannot encode the log private key");
  }
  std::string priv_der(reinterpret_cast<const char*>(CBB_data(priv.get())),
                       CBB_len(priv.get()));
  return SctIssuer(std::move(ec), std::move(spki), std::move(priv_der));
}

SctIssuer::SctIssuer(bssl::UniquePtr<EC_KEY> key, std::vector<uint8_t> spki_der,
                     std::string private_key_der)
    : key_(std::move(key)),
      private_key_der_(std::move(private_key_der)),
      spki_der_(std::move(spki_der)) {
  SHA256(spki_der_.data(), spki_der_.size(), log_id_.data());
}

std::string SctIssuer::PublicKeyPem() const {
  std::string b64 = absl::Base64Escape(absl::string_view(
      reinterpret_cast<const char*>(spki_der_.data()), spki_der_.size()));
  std::string out = "-----BEGIN PUBLIC KEY-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) {
    absl::StrAppend(&out, b64.substr(i, 64), "\n");
  }
  absl::StrAppend(&out, "-----END PUBLIC KEY-----\n");
  return out;
}

absl::StatusOr<DigitallySigned> SctIssuer::Sign(
    absl::Span<const uint8_t> data) const {
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(data.data(), data.size(), digest);
  DigitallySigned out;
  out.hash_algorithm = HashAlgorithm::kSha256;
  out.signature_algorithm = SignatureAlgorithm::kEcdsa;
  out.signature.resize(ECDSA_size(key_.get()));
  unsigned int sig_len = 0;
  if (!ECDSA_sign(0, digest, sizeof(digest), out.signature.data(), &sig_len,
                  key_.get()) ||
      sig_len > out.signature.size()) {
    ERR_clear_error();
    return absl::InternalError("ECDSA signing failed");
  }
  out.signature.resize(sig_len);
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SctIssuer::IssueSct(
    uint64_t timestamp_ms, absl::Span<const uint8_t> extensions,
    absl::Span<const uint8_t> signed_data) const {
  SignedCertificateTimestamp sct;
  sct.log_id = log_id_;
  sct.timestamp = timestamp_ms;
  sct.extensions.assign(extensions.begin(), extensions.end());
  absl::StatusOr<DigitallySigned> sig = Sign(signed_data);
  if (!sig.ok()) return sig.status();
  sct.signature = *std::move(sig);
  return SerializeSct(sct);
}

}  // namespace ct::internal
