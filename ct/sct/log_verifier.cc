#include "ct/sct/log_verifier.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/curve25519.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/sct/internal/evp_pkey.h"
#include "ct/sct/internal/pem.h"
#include "ct/sct/internal/signed_data_hash.h"

namespace ct {
namespace {

const char* AlgName(HashAlgorithm h, SignatureAlgorithm s) {
  if (h == HashAlgorithm::kSha256 && s == SignatureAlgorithm::kEcdsa)
    return "ecdsa-sha256";
  if (h == HashAlgorithm::kSha256 && s == SignatureAlgorithm::kRsa)
    return "rsa-pkcs1-sha256";
  if (h == HashAlgorithm::kIntrinsic && s == SignatureAlgorithm::kEd25519)
    return "ed25519";
  return nullptr;
}

const char* KeyName(LogVerifier::KeyType t) {
  switch (t) {
    case LogVerifier::KeyType::kEcdsaP256:
      return "ECDSA P-256";
    case LogVerifier::KeyType::kRsa:
      return "RSA";
    case LogVerifier::KeyType::kEd25519:
      return "Ed25519";
    case LogVerifier::KeyType::kEcdsaP384:
      return "ECDSA P-384";
  }
  return "?";
}

absl::Status BadSignature(absl::string_view why) {
  ERR_clear_error();
  return absl::UnauthenticatedError(
      absl::StrCat("sct: signature does not verify: ", why));
}

}  // namespace

absl::StatusOr<LogVerifier> LogVerifier::Create(
    absl::Span<const uint8_t> spki_der, KeyUse use) {
  CBS cbs;
  CBS_init(&cbs, spki_der.data(), spki_der.size());
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_parse_public_key(&cbs));
  if (pkey == nullptr || CBS_len(&cbs) != 0) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrFormat(
        "sct: log key is not a DER SubjectPublicKeyInfo (%d bytes)",
        spki_der.size()));
  }
  const bool log_list = use == KeyUse::kLogList;
  LogVerifier v;
  switch (EVP_PKEY_id(pkey.get())) {
    case EVP_PKEY_EC: {
      const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(pkey.get());
      const EC_GROUP* group = ec ? EC_KEY_get0_group(ec) : nullptr;
      const int curve = group ? EC_GROUP_get_curve_name(group) : NID_undef;
      if (curve == NID_X9_62_prime256v1) {
        v.key_type_ = KeyType::kEcdsaP256;
      } else if (curve == NID_secp384r1 && log_list) {
        v.key_type_ = KeyType::kEcdsaP384;
      } else {
        return absl::UnimplementedError(
            log_list ? "sct: ECDSA log-list keys must be on P-256 or P-384"
                     : "sct: ECDSA log keys must be on P-256 (RFC 6962 §2.1.4)");
      }
      break;
    }
    case EVP_PKEY_RSA: {
      const int bits = EVP_PKEY_bits(pkey.get());
      if (bits < 2048 || (bits > 8192 && !log_list)) {
        return absl::UnimplementedError(absl::StrFormat(
            "sct: RSA key has %d bits, want %s", bits,
            log_list ? "at least 2048" : "2048..8192"));
      }
      v.key_type_ = KeyType::kRsa;
      break;
    }
    case EVP_PKEY_ED25519: {
      if (log_list) {
        return absl::UnimplementedError("sct: log-list keys are RSA or ECDSA, not Ed25519");
      }
      v.ed25519_key_.resize(ED25519_PUBLIC_KEY_LEN);
      size_t len = v.ed25519_key_.size();
      if (!EVP_PKEY_get_raw_public_key(pkey.get(), v.ed25519_key_.data(),
                                       &len) ||
          len != ED25519_PUBLIC_KEY_LEN) {
        ERR_clear_error();
        return absl::InvalidArgumentError("sct: bad Ed25519 log key");
      }
      v.key_type_ = KeyType::kEd25519;
      break;
    }
    default:
      return absl::UnimplementedError(absl::StrFormat(
          "sct: unsupported log key type (NID %d)", EVP_PKEY_id(pkey.get())));
  }
  v.key_ = internal::ShareEvpPkey(std::move(pkey));
  v.spki_.assign(spki_der.begin(), spki_der.end());
  v.log_id_ = Sha256(spki_der);
  return v;
}

absl::StatusOr<LogVerifier> LogVerifier::CreateFromPem(absl::string_view pem,
                                                       KeyUse use) {
  // BoringSSL's PEM reader skips text before the block and other block types
  // (RFC 7468 §2), decodes the base64 and checks the END line.
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), pem.size()));
  if (bio == nullptr) return absl::ResourceExhaustedError("sct: BIO_new_mem_buf failed");
  uint8_t* der = nullptr;
  long der_len = 0;
  char* name = nullptr;
  if (!PEM_bytes_read_bio(&der, &der_len, &name, PEM_STRING_PUBLIC, bio.get(),
                          nullptr, nullptr)) {
    const uint32_t err = ERR_peek_last_error();
    ERR_clear_error();
    if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
      return absl::InvalidArgumentError("sct: no PUBLIC KEY PEM block");
    }
    return absl::InvalidArgumentError("sct: malformed PUBLIC KEY PEM block");
  }
  bssl::UniquePtr<uint8_t> der_owner(der);
  bssl::UniquePtr<char> name_owner(name);
  // One key per input: after the END line only whitespace may follow.
  absl::Status rest = internal::CheckNothingAfterPem(bio.get(), "PUBLIC KEY");
  if (!rest.ok()) return rest;
  return Create(ByteSpan(der, static_cast<size_t>(der_len)), use);
}

absl::StatusOr<LogVerifier> LogVerifier::CreateFromPemOrDer(absl::string_view key,
                                                            KeyUse use) {
  CBS cbs;
  CBS_init(&cbs, AsBytes(key).data(), key.size());
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_parse_public_key(&cbs));
  ERR_clear_error();
  if (pkey != nullptr && CBS_len(&cbs) == 0) return Create(AsBytes(key), use);
  if (absl::StrContains(key, "-----BEGIN")) return CreateFromPem(key, use);
  return absl::InvalidArgumentError(absl::StrFormat(
      "sct: key (%d bytes) is neither a DER SubjectPublicKeyInfo nor a PEM "
      "PUBLIC KEY block",
      key.size()));
}

absl::Status LogVerifier::CheckAlgorithms(HashAlgorithm hash,
                                          SignatureAlgorithm signature) const {
  const char* name = AlgName(hash, signature);
  if (name == nullptr) {
    return absl::UnimplementedError(absl::StrFormat(
        "sct: unsupported algorithm pair hash=%d signature=%d",
        static_cast<int>(hash), static_cast<int>(signature)));
  }
  if (key_type_ == KeyType::kEcdsaP384) {
    return absl::FailedPreconditionError(
        "sct: a P-384 log-list key does not sign CT data (RFC 6962 §2.1.4)");
  }
  const SignatureAlgorithm want =
      key_type_ == KeyType::kEcdsaP256 ? SignatureAlgorithm::kEcdsa
      : key_type_ == KeyType::kRsa     ? SignatureAlgorithm::kRsa
                                       : SignatureAlgorithm::kEd25519;
  if (signature != want) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "sct: %s signature but the log key is %s", name, KeyName(key_type_)));
  }
  return absl::OkStatus();
}

absl::Status LogVerifier::VerifySha256Digest(const DigitallySigned& sig,
                                             const Hash& digest) const {
  if (key_type_ == KeyType::kEd25519) {
    return absl::FailedPreconditionError(
        "sct: Ed25519 signs the message, not a digest");
  }
  return VerifyMessage(sig, digest, {});
}

absl::Status LogVerifier::VerifyMessage(
    const DigitallySigned& sig, const Hash& digest,
    absl::Span<const uint8_t> message) const {
  absl::Status s = CheckAlgorithms(sig.hash_algorithm, sig.signature_algorithm);
  if (!s.ok()) return s;
  return VerifyBare(sig.signature, digest, message);
}

absl::Status LogVerifier::VerifyBare(absl::Span<const uint8_t> signature,
                                     const Hash& digest,
                                     absl::Span<const uint8_t> message) const {
  switch (key_type_) {
    case KeyType::kEcdsaP256:
    case KeyType::kEcdsaP384: {
      // Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, parsed as
      // ECDSA_SIG_from_bytes does (DER, non-negative, nothing trailing) but
      // into stack BIGNUMs: three fewer allocations per verification.
      BIGNUM r, s;
      BN_init(&r);
      BN_init(&s);
      CBS cbs, seq;
      CBS_init(&cbs, signature.data(), signature.size());
      const bool parsed = CBS_get_asn1(&cbs, &seq, CBS_ASN1_SEQUENCE) &&
                          BN_parse_asn1_unsigned(&seq, &r) &&
                          BN_parse_asn1_unsigned(&seq, &s) &&
                          CBS_len(&seq) == 0 && CBS_len(&cbs) == 0;
      ECDSA_SIG ecdsa;
      ecdsa.r = &r;
      ecdsa.s = &s;
      const bool ok = parsed && ECDSA_do_verify(digest.data(), digest.size(),
                                                &ecdsa,
                                                EVP_PKEY_get0_EC_KEY(key_->pkey.get()));
      BN_free(&r);
      BN_free(&s);
      if (!parsed) {
        ERR_clear_error();
        return absl::InvalidArgumentError(absl::StrFormat(
            "sct: ECDSA signature (%d bytes) is not a DER Ecdsa-Sig-Value",
            signature.size()));
      }
      if (!ok) return BadSignature(KeyName(key_type_));
      return absl::OkStatus();
    }
    case KeyType::kRsa:
      if (!RSA_verify(NID_sha256, digest.data(), digest.size(),
                      signature.data(), signature.size(),
                      EVP_PKEY_get0_RSA(key_->pkey.get()))) {
        return BadSignature("RSA PKCS#1 v1.5");
      }
      return absl::OkStatus();
    case KeyType::kEd25519:
      if (signature.size() != ED25519_SIGNATURE_LEN) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "sct: Ed25519 signature is %d bytes, want 64",
            signature.size()));
      }
      if (!ED25519_verify(message.data(), message.size(),
                          signature.data(), ed25519_key_.data())) {
        return BadSignature("Ed25519");
      }
      return absl::OkStatus();
  }
  return absl::InternalError("sct: unknown key type");
}

absl::Status LogVerifier::VerifySignature(const DigitallySigned& sig,
                                          absl::Span<const uint8_t> data) const {
  Hash digest{};
  if (key_type_ != KeyType::kEd25519) digest = Sha256(data);
  return VerifyMessage(sig, digest, data);
}

absl::Status LogVerifier::VerifySct(const SignedCertificateTimestamp& sct,
                                    const SignedEntry& entry) const {
  if (sct.log_id != log_id_) {
    return absl::NotFoundError(absl::StrFormat(
        "sct: SCT is from log %s, not this log %s", HashToBase64(sct.log_id),
        HashToBase64(log_id_)));
  }
  if (key_type_ == KeyType::kEd25519) {
    absl::StatusOr<std::vector<uint8_t>> data = SerializeSignedData(sct, entry);
    if (!data.ok()) return data.status();
    return VerifySignature(sct.signature, *data);
  }
  if (entry.certificate.empty() || entry.certificate.size() > 0xffffff ||
      sct.extensions.size() > 0xffff) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sct: entry of %d bytes or extensions of %d bytes out of range",
        entry.certificate.size(), sct.extensions.size()));
  }
  const Hash digest = internal::HashSignedData(
      sct, entry.type, entry.issuer_key_hash, entry.certificate.size(),
      [&](auto&& fn) { fn(entry.certificate); });
  return VerifyMessage(sct.signature, digest, {});
}

absl::Status LogVerifier::VerifyTreeHeadSignature(
    uint64_t timestamp, uint64_t tree_size, const Hash& root_hash,
    const DigitallySigned& sig) const {
  const auto input =
      SerializeTreeHeadSignatureInput(timestamp, tree_size, root_hash);
  return VerifySignature(sig, input);
}

absl::Status LogVerifier::VerifySha256Signature(
    absl::Span<const uint8_t> message, absl::Span<const uint8_t> signature) const {
  if (key_type_ == KeyType::kEd25519) {
    return absl::FailedPreconditionError(
        "sct: Ed25519 keys do not make bare SHA-256 signatures");
  }
  absl::Status s = VerifyBare(signature, Sha256(message), {});
  if (absl::IsInvalidArgument(s)) {
    // A bare signature has no structure of its own to be malformed: a bad
    // ECDSA encoding is just a signature that does not verify.
    return absl::UnauthenticatedError(absl::StrCat(
        "sct: signature does not verify: ", s.message()));
  }
  return s;
}

}  // namespace ct
