#include "ct/tiles/note.h"

#include <openssl/bytestring.h>
#include <openssl/curve25519.h>

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/merkle/hash.h"
#include "ct/base/errors.h"
#include "ct/sct/sct.h"
#include "ct/tiles/checkpoint.h"

namespace ct {
namespace {

// U+2014 EM DASH followed by U+0020 SPACE.
constexpr absl::string_view kSigPrefix = "\xE2\x80\x94 ";

// The structure name in MalformedError messages ("malformed note: ...").
constexpr absl::string_view kNote = "malformed note";

std::string KeyLabel(absl::string_view name, uint32_t key_id) {
  return absl::StrFormat("%s+%08x", name, key_id);
}

// DecodeUtf8 decodes one code point at `text[*i]`; returns -1 on error
// (overlong forms, surrogates, above U+10FFFF, truncation).
int32_t DecodeUtf8(absl::string_view text, size_t* i) {
  const ByteSpan s = AsBytes(text);
  const uint8_t c = s[*i];
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
  if (s.size() - *i < static_cast<size_t>(len)) return -1;
  for (int k = 1; k < len; ++k) {
    const uint8_t cc = s[*i + k];
    if ((cc & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *i += len;
  return cp;
}

// IsValidUtf8 reports whether `text` is well-formed UTF-8.
bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (DecodeUtf8(text, &i) < 0) return false;
  }
  return true;
}

// ContainsUnicodeSpace reports whether valid UTF-8 `text` holds a code point
// with the Unicode White_Space property (Go's unicode.IsSpace).
bool ContainsUnicodeSpace(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const int32_t c = DecodeUtf8(text, &i);
    if (c < 0) return false;
    if ((c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
        c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
        c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000) {
      return true;
    }
  }
  return false;
}

// BigEndian32 reads the first four bytes of `b` (at least 4 long).
uint32_t BigEndian32(ByteSpan b) {
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) |
         uint32_t{b[3]};
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
  if (!IsValidUtf8(msg)) return MalformedError(kNote, "not valid UTF-8");
  return absl::OkStatus();
}

// RFC6962NoteSignature (static-ct-api §Checkpoints):
//   struct { uint64 timestamp; TreeHeadSignature signature; }
// where the signature is an RFC 5246 digitally-signed struct (ct/sct's
// ParseDigitallySigned).
absl::Status ParseRfc6962NoteSignature(ByteSpan body, uint64_t* timestamp,
                                       DigitallySigned* sig) {
  CBS cbs;
  CBS_init(&cbs, body.data(), body.size());
  if (!CBS_get_u64(&cbs, timestamp)) {
    return absl::InvalidArgumentError("shorter than its 8-byte timestamp");
  }
  absl::StatusOr<DigitallySigned> ds =
      ParseDigitallySigned(ByteSpan(CBS_data(&cbs), CBS_len(&cbs)));
  if (!ds.ok()) return ds.status();
  *sig = *std::move(ds);
  return absl::OkStatus();
}

}  // namespace

bool IsValidKeyName(absl::string_view name) {
  if (name.empty() || name.find('+') != absl::string_view::npos) return false;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return IsValidUtf8(name) && !ContainsUnicodeSpace(name);
}

uint32_t NoteKeyId(absl::string_view name, NoteSignatureType type,
                   absl::string_view public_key) {
  std::string input = absl::StrCat(name, "\n");
  input.push_back(static_cast<char>(type));
  input.append(public_key.data(), public_key.size());
  return BigEndian32(Sha256(AsBytes(input)));
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
    absl::StatusOr<Bytes> sig = Base64Decode(b64);
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
    s.key_id = BigEndian32(*sig);
    s.signature = ToString(ByteSpan(*sig).subspan(4));
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
    absl::StrAppend(&out, kSigPrefix, s.name, " ", Base64Encode(AsBytes(raw)), "\n");
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
  const uint32_t id = BigEndian32(*HexDecode(hex));  // 8 hex digits, checked above
  absl::StatusOr<Bytes> key = Base64Decode(b64);
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("verifier key: ", key.status().message()));
  }
  if (key->empty()) return absl::InvalidArgumentError("verifier key is empty");
  const uint8_t type = (*key)[0];
  std::string pub = ToString(ByteSpan(*key).subspan(1));
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
  return NoteVerifier(std::string(name), id, t, std::move(pub), std::nullopt);
}

absl::StatusOr<NoteVerifier> NoteVerifier::ForRfc6962Log(absl::string_view origin,
                                                         ByteSpan spki_der) {
  absl::StatusOr<LogVerifier> log = LogVerifier::Create(spki_der);
  if (!log.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("RFC 6962 log key: ", log.status().message()));
  }
  return ForRfc6962Log(origin, *std::move(log));
}

absl::StatusOr<NoteVerifier> NoteVerifier::ForRfc6962Log(absl::string_view origin,
                                                         LogVerifier log) {
  if (!IsValidKeyName(origin)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid log origin \"", absl::CHexEscape(origin), "\""));
  }
  // static-ct-api logs sign with ECDSA P-256 or RSA (TreeHeadSignature).
  if (log.key_type() != LogVerifier::KeyType::kEcdsaP256 &&
      log.key_type() != LogVerifier::KeyType::kRsa) {
    return absl::InvalidArgumentError(
        "RFC 6962 log key: an RFC6962NoteSignature key is ECDSA P-256 or RSA");
  }
  const LogId& log_id = log.log_id();
  const uint32_t id = NoteKeyId(origin, NoteSignatureType::kRfc6962TreeHead, AsChars(log_id));
  return NoteVerifier(std::string(origin), id, NoteSignatureType::kRfc6962TreeHead, "",
                      std::move(log));
}

absl::StatusOr<NoteVerifier> NoteVerifierFromKey(absl::string_view key,
                                                 absl::string_view origin) {
  // A public key (DER, or PEM with its BEGIN line) is an RFC 6962 log's.
  absl::StatusOr<LogVerifier> log = LogVerifier::CreateFromPemOrDer(key);
  if (log.ok()) return NoteVerifier::ForRfc6962Log(origin, *std::move(log));
  if (absl::StrContains(key, "-----BEGIN") || !absl::IsInvalidArgument(log.status())) {
    return absl::InvalidArgumentError(absl::StrCat("public key: ", log.status().message()));
  }
  const absl::string_view vkey = absl::StripAsciiWhitespace(key);
  if (absl::StrContains(vkey, '+')) return NoteVerifier::FromVerifierKey(vkey);
  return absl::InvalidArgumentError(
      "key is neither a note verifier key (NAME+HEXID+BASE64) nor a PEM or DER "
      "public key");
}

absl::StatusOr<std::optional<uint64_t>> NoteVerifier::Verify(
    absl::string_view text, absl::string_view signature) const {
  switch (type_) {
    case NoteSignatureType::kEd25519: {
      if (signature.size() != 64 ||
          ED25519_verify(AsBytes(text).data(), text.size(), AsBytes(signature).data(),
                         AsBytes(key_).data()) != 1) {
        return absl::UnauthenticatedError(absl::StrCat(
            "invalid signature for key ", KeyLabel(name_, key_id_)));
      }
      return std::optional<uint64_t>();
    }
    case NoteSignatureType::kCosignatureV1: {
      // tlog-cosignature: uint64 timestamp || Ed25519 signature over
      // "cosignature/v1\ntime <timestamp>\n" || checkpoint text.
      CBS cbs;
      CBS_init(&cbs, AsBytes(signature).data(), signature.size());
      uint64_t ts = 0;
      if (signature.size() != 72 || !CBS_get_u64(&cbs, &ts) || ts > (uint64_t{1} << 63) - 1) {
        return absl::UnauthenticatedError(absl::StrCat(
            "malformed cosignature for key ", KeyLabel(name_, key_id_), " (",
            signature.size(), " bytes, want 72)"));
      }
      std::string msg = absl::StrCat("cosignature/v1\ntime ", ts, "\n", text);
      if (ED25519_verify(AsBytes(msg).data(), msg.size(), CBS_data(&cbs),
                         AsBytes(key_).data()) != 1) {
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
      uint64_t ts = 0;
      DigitallySigned sig;
      absl::Status parsed = ParseRfc6962NoteSignature(AsBytes(signature), &ts, &sig);
      if (!parsed.ok()) {
        return absl::UnauthenticatedError(absl::StrCat("malformed RFC6962NoteSignature for key ",
                                                       KeyLabel(name_, key_id_), ": ",
                                                       parsed.message()));
      }
      // RFC 6962 §3.5 TreeHeadSignature over the checkpoint's size and root;
      // the log's key decides which algorithms it may claim.
      absl::Status s = log_->VerifyTreeHeadSignature(ts, cp->size, cp->root, sig);
      if (!s.ok()) {
        return absl::UnauthenticatedError(absl::StrCat("invalid RFC 6962 tree head signature for key ",
                                                       KeyLabel(name_, key_id_), ": ",
                                                       s.message()));
      }
      return std::optional<uint64_t>(ts);
    }
  }
  return absl::InternalError("unknown verifier type");
}

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
  absl::StatusOr<Bytes> raw = Base64Decode(skey.substr(p2 + 1));
  if (!raw.ok() || raw->size() != 33 || (*raw)[0] != 0x01) {
    return absl::InvalidArgumentError("private key is not base64(0x01 || 32-byte Ed25519 seed)");
  }
  absl::StatusOr<NoteSigner> s = Ed25519(skey.substr(0, p1), AsChars(ByteSpan(*raw).subspan(1)));
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
  ED25519_keypair_from_seed(pub, priv, AsBytes(seed).data());
  const std::string pubs = ToString(pub);
  uint32_t id = NoteKeyId(name, NoteSignatureType::kEd25519, pubs);
  std::string vkey = absl::StrFormat("%s+%08x+%s", name, id,
                                     Base64Encode(AsBytes(std::string(1, '\x01') + pubs)));
  return NoteSigner(std::string(name), id, NoteSignatureType::kEd25519, std::string(seed),
                    std::move(vkey), std::nullopt);
}

absl::StatusOr<NoteSigner> NoteSigner::ForRfc6962Log(absl::string_view origin,
                                                     LogSigner key) {
  absl::StatusOr<NoteVerifier> v = NoteVerifier::ForRfc6962Log(origin, key.verifier());
  if (!v.ok()) return v.status();
  std::string spki = ToString(key.spki());
  return NoteSigner(std::string(origin), v->key_id(), NoteSignatureType::kRfc6962TreeHead, "",
                    std::move(spki), std::move(key));
}

NoteVerifier NoteSigner::Verifier() const {
  absl::StatusOr<NoteVerifier> v = type_ == NoteSignatureType::kRfc6962TreeHead
                                       ? NoteVerifier::ForRfc6962Log(name_, log_->verifier())
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
    ED25519_keypair_from_seed(pub, priv, AsBytes(private_).data());
    if (!ED25519_sign(sig, AsBytes(text).data(), text.size(), priv)) {
      return absl::InternalError("Ed25519 signing failed");
    }
    out.signature = ToString(sig);
    return out;
  }
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(text);
  if (!cp.ok()) return cp.status();
  if (!cp->extensions.empty()) {
    return absl::InvalidArgumentError("RFC6962NoteSignature checkpoints have no extension lines");
  }
  absl::StatusOr<DigitallySigned> ds = log_->SignTreeHead(timestamp_ms, cp->size, cp->root);
  if (!ds.ok()) return ds.status();
  absl::StatusOr<std::vector<uint8_t>> tls = SerializeDigitallySigned(*ds);
  if (!tls.ok()) return tls.status();
  // RFC6962NoteSignature: u64 timestamp || digitally-signed TreeHeadSignature.
  uint8_t ts[8];
  for (int i = 0; i < 8; ++i) ts[i] = static_cast<uint8_t>(timestamp_ms >> (56 - 8 * i));
  out.signature = ToString(ts);
  absl::StrAppend(&out.signature, AsChars(*tls));
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
