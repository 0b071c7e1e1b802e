#include "ct/tiles/note.h"

#include <openssl/bytestring.h>
#include <openssl/curve25519.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/sha.h>

#include <array>
#include <memory>
#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/internal/crypto.h"

namespace ct {
namespace {

// U+2014 EM DASH followed by U+0020 SPACE.
constexpr absl::string_view kSigPrefix = "\xE2\x80\x94 ";

// The structure name in MalformedError messages ("malformed note: ...").
constexpr absl::string_view kNote = "malformed note";

std::string KeyLabel(absl::string_view name, uint32_t key_id) {
  return absl::StrFormat("%s+%08x", name, key_id);
}

// CheckNoteBytes enforces signed-note §Format on the whole message: valid
// UTF-8 and no ASCII control characters other than newline.
absl::Status CheckNoteBytes(absl::string_view msg) {
  for (size_t i = 0; i < msg.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(msg[i]);
    if (c < 0x20 && c != '\n') {
      return MalformedError(kNote, absl::StrFormat("control character 0x%02x at byte %d", c, i));
    }
  }
  if (!internal::IsValidUtf8(msg)) return MalformedError(kNote, "not valid UTF-8");
  return absl::OkStatus();
}

// The 0x05 signature body: uint64 timestamp || DigitallySigned
// { uint8 hash_alg; uint8 sig_alg; opaque signature<0..2^16-1>; }.
bool ParseRfc6962NoteSignature(CBS* cbs, uint64_t* timestamp, uint8_t* hash_alg,
                               uint8_t* sig_alg, CBS* sig) {
  return CBS_get_u64(cbs, timestamp) && CBS_get_u8(cbs, hash_alg) &&
         CBS_get_u8(cbs, sig_alg) && CBS_get_u16_length_prefixed(cbs, sig) &&
         CBS_len(cbs) == 0;
}

}  // namespace

bool IsValidKeyName(absl::string_view name) {
  if (name.empty() || name.find('+') != absl::string_view::npos) return false;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return internal::IsValidUtf8(name) && !internal::ContainsUnicodeSpace(name);
}

uint32_t NoteKeyId(absl::string_view name, NoteSignatureType type,
                   absl::string_view public_key) {
  std::string input = absl::StrCat(name, "\n");
  input.push_back(static_cast<char>(type));
  input.append(public_key.data(), public_key.size());
  std::string h = internal::Sha256(input);
  return (uint32_t{static_cast<uint8_t>(h[0])} << 24) |
         (uint32_t{static_cast<uint8_t>(h[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(h[2])} << 8) |
         uint32_t{static_cast<uint8_t>(h[3])};
}

absl::StatusOr<Note> ParseNote(absl::string_view msg) {
  absl::Status bytes = CheckNoteBytes(msg);
  if (!bytes.ok()) return bytes;
  if (msg.empty() || msg.back() != '\n') {
    return MalformedError(kNote, "does not end in a newline");
  }
  // The text is separated from the signatures by the LAST blank line.
  size_t split = msg.rfind("\n\n");
  if (split == absl::string_view::npos)
    return MalformedError(kNote, "no blank line before signatures");
  Note note;
  note.text = std::string(msg.substr(0, split + 1));
  absl::string_view sigs = msg.substr(split + 2);
  if (sigs.empty()) return MalformedError(kNote, "no signature lines");
  while (!sigs.empty()) {
    size_t nl = sigs.find('\n');  // always found: msg ends in '\n'
    absl::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    if (note.signatures.size() >= kMaxNoteSignatures) {
      return MalformedError(kNote, absl::StrCat("more than ", kMaxNoteSignatures, " signatures"));
    }
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
      return MalformedError(kNote, absl::StrCat("signature line ", note.signatures.size() + 1,
                                                " does not start with an em dash and space"));
    }
    line.remove_prefix(kSigPrefix.size());
    size_t space = line.find(' ');
    if (space == absl::string_view::npos) {
      return MalformedError(kNote, "signature line has no space after the key name");
    }
    absl::string_view name = line.substr(0, space);
    absl::string_view b64 = line.substr(space + 1);
    if (!IsValidKeyName(name)) {
      return MalformedError(kNote,
                            absl::StrCat("invalid key name \"", absl::CHexEscape(name), "\""));
    }
    absl::StatusOr<std::string> sig = internal::Base64Decode(b64);
    if (!sig.ok()) {
      return MalformedError(kNote,
                            absl::StrCat("signature of ", name, ": ", sig.status().message()));
    }
    if (sig->size() < 5) {
      return MalformedError(kNote, absl::StrCat("signature of ", name, " has ", sig->size(),
                                                " bytes, want at least 5"));
    }
    NoteSignature s;
    s.name = std::string(name);
    s.key_id = (uint32_t{static_cast<uint8_t>((*sig)[0])} << 24) |
               (uint32_t{static_cast<uint8_t>((*sig)[1])} << 16) |
               (uint32_t{static_cast<uint8_t>((*sig)[2])} << 8) |
               uint32_t{static_cast<uint8_t>((*sig)[3])};
    s.signature = sig->substr(4);
    note.signatures.push_back(std::move(s));
  }
  return note;
}

absl::StatusOr<std::string> FormatNote(const Note& note) {
  if (note.text.empty() || note.text.back() != '\n') {
    return absl::InvalidArgumentError("note text must end in a newline");
  }
  if (note.signatures.empty()) {
    return absl::InvalidArgumentError("a note needs at least one signature");
  }
  std::string out = note.text;
  out.push_back('\n');
  for (const NoteSignature& s : note.signatures) {
    if (!IsValidKeyName(s.name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid key name \"", absl::CHexEscape(s.name), "\""));
    }
    std::string raw(4, '\0');
    raw[0] = static_cast<char>(s.key_id >> 24);
    raw[1] = static_cast<char>(s.key_id >> 16);
    raw[2] = static_cast<char>(s.key_id >> 8);
    raw[3] = static_cast<char>(s.key_id);
    raw += s.signature;
    absl::StrAppend(&out, kSigPrefix, s.name, " ", internal::Base64Encode(raw), "\n");
  }
  absl::Status bytes = CheckNoteBytes(out);
  if (!bytes.ok()) return bytes;
  return out;
}

absl::StatusOr<NoteVerifier> NoteVerifier::FromVerifierKey(absl::string_view vkey) {
  size_t p1 = vkey.find('+');
  size_t p2 = p1 == absl::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == absl::string_view::npos) {
    return absl::InvalidArgumentError("verifier key is not NAME+HEXID+BASE64");
  }
  absl::string_view name = vkey.substr(0, p1);
  absl::string_view hex = vkey.substr(p1 + 1, p2 - p1 - 1);
  absl::string_view b64 = vkey.substr(p2 + 1);
  if (!IsValidKeyName(name)) {
    return absl::InvalidArgumentError("verifier key has an invalid name");
  }
  if (hex.size() != 8 || hex.find_first_not_of("0123456789abcdef") != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("verifier key ID \"", absl::CHexEscape(hex), "\" is not 8 lowercase hex digits"));
  }
  uint32_t id = 0;
  for (char c : hex) id = id * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  absl::StatusOr<std::string> key = internal::Base64Decode(b64);
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("verifier key: ", key.status().message()));
  }
  if (key->empty()) return absl::InvalidArgumentError("verifier key is empty");
  uint8_t type = static_cast<uint8_t>((*key)[0]);
  std::string pub = key->substr(1);
  if (type != 0x01 && type != 0x04) {
    return absl::InvalidArgumentError(
        absl::StrFormat("unsupported verifier key type 0x%02x", type));
  }
  if (pub.size() != 32) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Ed25519 verifier key has ", pub.size(), " bytes, want 32"));
  }
  auto t = static_cast<NoteSignatureType>(type);
  uint32_t want = NoteKeyId(name, t, pub);
  if (want != id) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "verifier key ID %08x does not match the key (want %08x)", id, want));
  }
  return NoteVerifier(std::string(name), id, t, std::move(pub));
}

absl::StatusOr<NoteVerifier> NoteVerifier::ForRfc6962Log(absl::string_view origin,
                                                         absl::string_view spki_der) {
  if (!IsValidKeyName(origin)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid log origin \"", absl::CHexEscape(origin), "\""));
  }
  absl::StatusOr<internal::SpkiKeyType> type = internal::SpkiType(spki_der);
  if (!type.ok()) return type.status();
  std::string log_id = internal::Sha256(spki_der);
  uint32_t id = NoteKeyId(origin, NoteSignatureType::kRfc6962TreeHead, log_id);
  return NoteVerifier(std::string(origin), id, NoteSignatureType::kRfc6962TreeHead,
                      std::string(spki_der));
}

absl::StatusOr<std::optional<uint64_t>> NoteVerifier::Verify(
    absl::string_view text, absl::string_view signature) const {
  switch (type_) {
    case NoteSignatureType::kEd25519: {
      if (signature.size() != 64 ||
          ED25519_verify(reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                         reinterpret_cast<const uint8_t*>(signature.data()),
                         reinterpret_cast<const uint8_t*>(key_.data())) != 1) {
        return absl::UnauthenticatedError(absl::StrCat(
            "invalid signature for key ", KeyLabel(name_, key_id_)));
      }
      return std::optional<uint64_t>();
    }
    case NoteSignatureType::kCosignatureV1: {
      // tlog-cosignature: uint64 timestamp || Ed25519 signature over
      // "cosignature/v1\ntime <timestamp>\n" || checkpoint text.
      CBS cbs;
      CBS_init(&cbs, reinterpret_cast<const uint8_t*>(signature.data()), signature.size());
      uint64_t ts = 0;
      if (signature.size() != 72 || !CBS_get_u64(&cbs, &ts) || ts > (uint64_t{1} << 63) - 1) {
        return absl::UnauthenticatedError(absl::StrCat(
            "malformed cosignature for key ", KeyLabel(name_, key_id_), " (",
            signature.size(), " bytes, want 72)"));
      }
      std::string msg = absl::StrCat("cosignature/v1\ntime ", ts, "\n", text);
      if (ED25519_verify(reinterpret_cast<const uint8_t*>(msg.data()), msg.size(),
                         CBS_data(&cbs), reinterpret_cast<const uint8_t*>(key_.data())) != 1) {
        return absl::UnauthenticatedError(absl::StrCat(
            "invalid cosignature for key ", KeyLabel(name_, key_id_)));
      }
      return std::optional<uint64_t>(ts);
    }
    case NoteSignatureType::kRfc6962TreeHead: {
      // static-ct-api §Checkpoints: no extension lines allowed.
      absl::StatusOr<Checkpoint> cp = ParseCheckpoint(text);
      if (!cp.ok()) {
        return absl::UnauthenticatedError(absl::StrCat(
            "RFC 6962 signature over a non-checkpoint: ", cp.status().message()));
      }
      if (!cp->extensions.empty()) {
        return absl::UnauthenticatedError(absl::StrCat(
            "RFC 6962 signed checkpoint has ", cp->extensions.size(),
            " extension lines, want 0"));
      }
      CBS cbs, sig;
      CBS_init(&cbs, reinterpret_cast<const uint8_t*>(signature.data()), signature.size());
      uint64_t ts = 0;
      uint8_t hash_alg = 0, sig_alg = 0;
      if (!ParseRfc6962NoteSignature(&cbs, &ts, &hash_alg, &sig_alg, &sig)) {
        return absl::UnauthenticatedError(absl::StrCat(
            "malformed RFC6962NoteSignature for key ", KeyLabel(name_, key_id_)));
      }
      absl::StatusOr<internal::SpkiKeyType> kt = internal::SpkiType(key_);
      if (!kt.ok()) return kt.status();
      uint8_t want_sig_alg = *kt == internal::SpkiKeyType::kEcdsaP256 ? 3 : 1;
      if (hash_alg != 4 || sig_alg != want_sig_alg) {
        return absl::UnauthenticatedError(absl::StrFormat(
            "RFC6962NoteSignature algorithms (%d, %d), want (4, %d)", hash_alg,
            sig_alg, want_sig_alg));
      }
      // RFC 6962 §3.5 TreeHeadSignature input (ct/sct).
      const std::array<uint8_t, kTreeHeadSignatureInputSize> input =
          SerializeTreeHeadSignatureInput(ts, cp->size, cp->root);
      absl::Status s = internal::VerifySha256Signature(
          key_, absl::string_view(reinterpret_cast<const char*>(input.data()), input.size()),
          absl::string_view(reinterpret_cast<const char*>(CBS_data(&sig)), CBS_len(&sig)));
      if (!s.ok()) {
        return absl::UnauthenticatedError(absl::StrCat(
            "invalid RFC 6962 tree head signature for key ", KeyLabel(name_, key_id_)));
      }
      return std::optional<uint64_t>(ts);
    }
  }
  return absl::InternalError("unknown verifier type");
}

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// ParseEcPrivateKey accepts PKCS#8 or RFC 5915 DER of a P-256 key.
Pkey ParseEcPrivateKey(absl::string_view der) {
  CBS cbs;
  CBS_init(&cbs, reinterpret_cast<const uint8_t*>(der.data()), der.size());
  Pkey key(EVP_parse_private_key(&cbs));
  if (key == nullptr || CBS_len(&cbs) != 0) {
    CBS_init(&cbs, reinterpret_cast<const uint8_t*>(der.data()), der.size());
    EC_KEY* ec = EC_KEY_parse_private_key(&cbs, nullptr);
    if (ec == nullptr || CBS_len(&cbs) != 0) {
      EC_KEY_free(ec);
      return nullptr;
    }
    key.reset(EVP_PKEY_new());
    EVP_PKEY_assign_EC_KEY(key.get(), ec);
  }
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(key.get());
  if (ec == nullptr || EC_GROUP_get_curve_name(EC_KEY_get0_group(ec)) != NID_X9_62_prime256v1) {
    return nullptr;
  }
  return key;
}

}  // namespace

absl::StatusOr<NoteSigner> NoteSigner::FromPrivateKey(absl::string_view skey) {
  constexpr absl::string_view kPrefix = "PRIVATE+KEY+";
  if (skey.substr(0, kPrefix.size()) != kPrefix) {
    return absl::InvalidArgumentError("private key does not start with PRIVATE+KEY+");
  }
  skey.remove_prefix(kPrefix.size());
  size_t p1 = skey.find('+');
  size_t p2 = p1 == absl::string_view::npos ? p1 : skey.find('+', p1 + 1);
  if (p2 == absl::string_view::npos) {
    return absl::InvalidArgumentError("private key is not PRIVATE+KEY+NAME+HEXID+BASE64");
  }
  absl::StatusOr<std::string> raw = internal::Base64Decode(skey.substr(p2 + 1));
  if (!raw.ok() || raw->size() != 33 || (*raw)[0] != 0x01) {
    return absl::InvalidArgumentError("private key is not base64(0x01 || 32-byte Ed25519 seed)");
  }
  absl::StatusOr<NoteSigner> s = Ed25519(skey.substr(0, p1), raw->substr(1));
  if (!s.ok()) return s.status();
  if (absl::StrFormat("%08x", s->key_id()) != skey.substr(p1 + 1, p2 - p1 - 1)) {
    return absl::InvalidArgumentError("private key ID does not match the key");
  }
  return s;
}

absl::StatusOr<NoteSigner> NoteSigner::Ed25519(absl::string_view name, absl::string_view seed) {
  if (!IsValidKeyName(name)) return absl::InvalidArgumentError("invalid key name");
  if (seed.size() != 32) {
    return absl::InvalidArgumentError(absl::StrCat("Ed25519 seed has ", seed.size(),
                                                   " bytes, want 32"));
  }
  uint8_t pub[32], priv[64];
  ED25519_keypair_from_seed(pub, priv, reinterpret_cast<const uint8_t*>(seed.data()));
  std::string pubs(reinterpret_cast<const char*>(pub), 32);
  uint32_t id = NoteKeyId(name, NoteSignatureType::kEd25519, pubs);
  std::string vkey = absl::StrFormat("%s+%08x+%s", name, id,
                                     internal::Base64Encode(std::string(1, '\x01') + pubs));
  return NoteSigner(std::string(name), id, NoteSignatureType::kEd25519, std::string(seed),
                    std::move(vkey));
}

absl::StatusOr<NoteSigner> NoteSigner::ForRfc6962Log(absl::string_view origin,
                                                     absl::string_view private_key_der) {
  Pkey key = ParseEcPrivateKey(private_key_der);
  if (key == nullptr) {
    return absl::InvalidArgumentError("not a DER ECDSA P-256 private key (PKCS#8 or RFC 5915)");
  }
  bssl::ScopedCBB cbb;
  if (!CBB_init(cbb.get(), 128) || !EVP_marshal_public_key(cbb.get(), key.get())) {
    return absl::InternalError("marshalling the public key");
  }
  std::string spki(reinterpret_cast<const char*>(CBB_data(cbb.get())), CBB_len(cbb.get()));
  absl::StatusOr<NoteVerifier> v = NoteVerifier::ForRfc6962Log(origin, spki);
  if (!v.ok()) return v.status();
  return NoteSigner(std::string(origin), v->key_id(), NoteSignatureType::kRfc6962TreeHead,
                    std::string(private_key_der), std::move(spki));
}

NoteVerifier NoteSigner::Verifier() const {
  absl::StatusOr<NoteVerifier> v = type_ == NoteSignatureType::kRfc6962TreeHead
                                       ? NoteVerifier::ForRfc6962Log(name_, public_)
                                       : NoteVerifier::FromVerifierKey(public_);
  return *v;  // both were validated when the signer was made
}

absl::StatusOr<NoteSignature> NoteSigner::Sign(absl::string_view text,
                                               uint64_t timestamp_ms) const {
  NoteSignature out;
  out.name = name_;
  out.key_id = key_id_;
  if (type_ == NoteSignatureType::kEd25519) {
    uint8_t pub[32], priv[64], sig[64];
    ED25519_keypair_from_seed(pub, priv, reinterpret_cast<const uint8_t*>(private_.data()));
    if (!ED25519_sign(sig, reinterpret_cast<const uint8_t*>(text.data()), text.size(), priv)) {
      return absl::InternalError("Ed25519 signing failed");
    }
    out.signature.assign(reinterpret_cast<const char*>(sig), sizeof(sig));
    return out;
  }
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(text);
  if (!cp.ok()) return cp.status();
  if (!cp->extensions.empty()) {
    return absl::InvalidArgumentError("RFC6962NoteSignature checkpoints have no extension lines");
  }
  const std::array<uint8_t, kTreeHeadSignatureInputSize> input =
      SerializeTreeHeadSignatureInput(timestamp_ms, cp->size, cp->root);
  uint8_t digest[32];
  SHA256(input.data(), input.size(), digest);
  Pkey key = ParseEcPrivateKey(private_);
  DigitallySigned ds;  // ecdsa(3) over sha256(4)
  ds.signature.resize(ECDSA_size(EVP_PKEY_get0_EC_KEY(key.get())));
  unsigned sig_len = 0;
  if (!ECDSA_sign(0, digest, sizeof(digest), ds.signature.data(), &sig_len,
                  EVP_PKEY_get0_EC_KEY(key.get()))) {
    return absl::InternalError("ECDSA signing failed");
  }
  ds.signature.resize(sig_len);
  absl::StatusOr<std::vector<uint8_t>> tls = SerializeDigitallySigned(ds);
  if (!tls.ok()) return tls.status();
  // RFC6962NoteSignature: u64 timestamp || digitally-signed TreeHeadSignature.
  uint8_t ts[8];
  for (int i = 0; i < 8; ++i) ts[i] = static_cast<uint8_t>(timestamp_ms >> (56 - 8 * i));
  out.signature.assign(reinterpret_cast<const char*>(ts), sizeof(ts));
  out.signature.append(reinterpret_cast<const char*>(tls->data()), tls->size());
  return out;
}

absl::StatusOr<VerifiedNote> OpenNote(absl::string_view msg,
                                      absl::Span<const NoteVerifier> verifiers) {
  std::set<std::pair<std::string, uint32_t>> known;
  for (const NoteVerifier& v : verifiers) {
    if (!known.insert({v.name(), v.key_id()}).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("ambiguous key ", KeyLabel(v.name(), v.key_id())));
    }
  }
  absl::StatusOr<Note> note = ParseNote(msg);
  if (!note.ok()) return note.status();
  VerifiedNote out;
  out.text = note->text;
  std::set<std::pair<std::string, uint32_t>> seen;
  for (NoteSignature& s : note->signatures) {
    const NoteVerifier* v = nullptr;
    for (const NoteVerifier& cand : verifiers) {
      if (cand.name() == s.name && cand.key_id() == s.key_id) v = &cand;
    }
    // Repeated signatures by one (name, key ID) are ignored (x/mod note.Open).
    if (!seen.insert({s.name, s.key_id}).second) continue;
    if (v == nullptr) {
      out.unverified.push_back(std::move(s));
      continue;
    }
    absl::StatusOr<std::optional<uint64_t>> ts = v->Verify(out.text, s.signature);
    if (!ts.ok()) return ts.status();
    out.verified.push_back(VerifiedSignature{s.name, s.key_id, v->type(), *ts});
  }
  if (out.verified.empty()) {
    return absl::UnauthenticatedError(absl::StrCat(
        "no signature from a known key (", out.unverified.size(),
        " signatures by unknown keys)"));
  }
  return out;
}

}  // namespace ct
