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

constexpr uint8_t kHashAlgSha256 = 4;
constexpr uint8_t kSigAlgEcdsa = 3;

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

std::array<uint8_t, kTreeHeadSignatureInputSize> TreeHeadSignatureInput(
    uint64_t timestamp_ms, uint64_t tree_size, const Hash& root) {
  std::array<uint8_t, kTreeHeadSignatureInputSize> out;
  out[0] = 0;  // version v1
  out[1] = 1;  // signature_type tree_hash
  for (int i = 0; i < 8; ++i) {
    out[2 + i] = static_cast<uint8_t>(timestamp_ms >> (56 - 8 * i));
    out[10 + i] = static_cast<uint8_t>(tree_size >> (56 - 8 * i));
  }
  std::memcpy(out.data() + 18, root.data(), kHashSize);
  return out;
}

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
  return SctIssuer(std::move(ec), std::move(spki));
}

SctIssuer::SctIssuer(bssl::UniquePtr<EC_KEY> key, std::vector<uint8_t> spki_der)
    : key_(std::move(key)), spki_der_(std::move(spki_der)) {
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

absl::StatusOr<std::vector<uint8_t>> SctIssuer::DigitallySign(
    absl::Span<const uint8_t> data) const {
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(data.data(), data.size(), digest);
  // Layout: hash alg, sig alg, u16 length, DER signature (at most
  // ECDSA_size bytes, 72 for P-256).
  const size_t max_sig = ECDSA_size(key_.get());
  std::vector<uint8_t> out(4 + max_sig);
  unsigned int sig_len = 0;
  if (!ECDSA_sign(0, digest, sizeof(digest), out.data() + 4, &sig_len,
                  key_.get()) ||
      sig_len > max_sig) {
    ERR_clear_error();
    return absl::InternalError("ECDSA signing failed");
  }
  out[0] = kHashAlgSha256;
  out[1] = kSigAlgEcdsa;
  out[2] = static_cast<uint8_t>(sig_len >> 8);
  out[3] = static_cast<uint8_t>(sig_len);
  out.resize(4 + sig_len);
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SctIssuer::IssueSct(
    uint64_t timestamp_ms, absl::Span<const uint8_t> extensions,
    absl::Span<const uint8_t> signed_data) const {
  if (extensions.size() > 0xffff) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "SCT extensions are %d bytes, max 65535", extensions.size()));
  }
  absl::StatusOr<std::vector<uint8_t>> sig = DigitallySign(signed_data);
  if (!sig.ok()) return sig.status();
  // RFC 6962 §3.2: sct_version || id || timestamp || extensions || signature.
  bssl::ScopedCBB cbb;
  CBB ext;
  uint8_t* data = nullptr;
  size_t len = 0;
  if (!CBB_init(cbb.get(), 1 + kHashSize + 8 + 2 + extensions.size() +
                               sig->size()) ||
      !CBB_add_u8(cbb.get(), 0) ||
      !CBB_add_bytes(cbb.get(), log_id_.data(), log_id_.size()) ||
      !CBB_add_u64(cbb.get(), timestamp_ms) ||
      !CBB_add_u16_length_prefixed(cbb.get(), &ext) ||
      !CBB_add_bytes(&ext, extensions.data(), extensions.size()) ||
      !CBB_add_bytes(cbb.get(), sig->data(), sig->size()) ||
      !CBB_finish(cbb.get(), &data, &len)) {
    return absl::InternalError("encoding SCT failed");
  }
  std::vector<uint8_t> out(data, data + len);
  OPENSSL_free(data);
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SctIssuer::SignTreeHead(
    uint64_t timestamp_ms, uint64_t tree_size, const Hash& root) const {
  const std::array<uint8_t, kTreeHeadSignatureInputSize> input =
      TreeHeadSignatureInput(timestamp_ms, tree_size, root);
  return DigitallySign(input);
}

}  // namespace ct::internal
