#include "ct/rfc6962/entry.h"

#include <openssl/bytestring.h>
#include <openssl/mem.h>

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"

namespace ct {
namespace {

ByteSpan Span(const CBS& cbs) { return ByteSpan(CBS_data(&cbs), CBS_len(&cbs)); }

// ReadCert reads one ASN.1Cert (opaque<1..2^24-1>).
bool ReadCert(CBS* in, ByteSpan* out) {
  CBS cert;
  if (!CBS_get_u24_length_prefixed(in, &cert) || CBS_len(&cert) == 0) return false;
  *out = Span(cert);
  return true;
}

// ReadChain reads ASN.1Cert chain<0..2^24-1> and requires it to fill `in`.
bool ReadChain(CBS* in, std::vector<ByteSpan>* chain) {
  CBS list;
  if (!CBS_get_u24_length_prefixed(in, &list) || CBS_len(in) != 0) return false;
  while (CBS_len(&list) > 0) {
    ByteSpan cert;
    if (!ReadCert(&list, &cert)) return false;
    chain->push_back(cert);
  }
  return true;
}

bool WriteCert(CBB* out, ByteSpan cert) {
  CBB c;
  return !cert.empty() && CBB_add_u24_length_prefixed(out, &c) &&
         CBB_add_bytes(&c, cert.data(), cert.size()) && CBB_flush(out);
}

absl::Status Tampered(absl::string_view why) {
  return MakeError(ErrorKind::kTampered, absl::StrCat("extra_data does not chain: ", why));
}

bool SpanEquals(ByteSpan a, ByteSpan b) {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

absl::StatusOr<Certificate> ParseChainCert(absl::string_view what, ByteSpan der) {
  absl::StatusOr<Certificate> c = Certificate::Parse(der);
  if (!c.ok()) return MalformedError(what, c.status().message());
  return c;
}

}  // namespace

// RFC 6962 §3.4: struct { Version version; MerkleLeafType leaf_type;
//   select (leaf_type) { case timestamped_entry: TimestampedEntry; } }
// §3.4 TimestampedEntry: uint64 timestamp; LogEntryType entry_type;
//   select (entry_type) { case x509_entry: ASN.1Cert;
//                         case precert_entry: PreCert; } CtExtensions extensions;
absl::StatusOr<LeafInput> ParseLeafInput(ByteSpan leaf_input) {
  constexpr absl::string_view kWhat = "leaf_input";
  CBS cbs;
  CBS_init(&cbs, leaf_input.data(), leaf_input.size());
  uint8_t version = 0, leaf_type = 0;
  uint16_t type = 0;
  LeafInput out;
  if (!CBS_get_u8(&cbs, &version) || !CBS_get_u8(&cbs, &leaf_type) ||
      !CBS_get_u64(&cbs, &out.timestamp) || !CBS_get_u16(&cbs, &type)) {
    return MalformedError(kWhat, "truncated header");
  }
  if (version != 0) return MalformedError(kWhat, absl::StrCat("version ", version, ", want v1 (0)"));
  if (leaf_type != 0) {
    return MalformedError(kWhat, absl::StrCat("leaf_type ", leaf_type, ", want timestamped_entry (0)"));
  }
  if (type != static_cast<uint16_t>(LogEntryType::kX509) &&
      type != static_cast<uint16_t>(LogEntryType::kPrecert)) {
    return absl::UnimplementedError(absl::StrCat("leaf_input: unknown entry_type ", type));
  }
  out.entry.type = static_cast<LogEntryType>(type);
  if (out.entry.type == LogEntryType::kPrecert &&
      !CBS_copy_bytes(&cbs, out.entry.issuer_key_hash.data(), kHashSize)) {
    return MalformedError(kWhat, "truncated issuer_key_hash");
  }
  CBS ext;
  if (!ReadCert(&cbs, &out.entry.certificate)) {
    return MalformedError(kWhat, "truncated or empty certificate");
  }
  if (!CBS_get_u16_length_prefixed(&cbs, &ext)) return MalformedError(kWhat, "truncated extensions");
  if (CBS_len(&cbs) != 0) return MalformedError(kWhat, absl::StrCat(CBS_len(&cbs), " trailing bytes"));
  out.extensions = Span(ext);
  return out;
}

absl::StatusOr<ExtraData> ParseExtraData(LogEntryType type, ByteSpan extra_data) {
  CBS cbs;
  CBS_init(&cbs, extra_data.data(), extra_data.size());
  ExtraData out;
  if (type == LogEntryType::kPrecert) {
    if (!ReadCert(&cbs, &out.pre_certificate)) {
      return MalformedError("extra_data", "truncated or empty pre_certificate");
    }
  }
  if (!ReadChain(&cbs, &out.chain)) {
    return MalformedError("extra_data", "malformed certificate chain or trailing bytes");
  }
  return out;
}

absl::StatusOr<Bytes> SerializeExtraData(LogEntryType type, const ExtraData& extra) {
  bssl::ScopedCBB cbb;
  CBB list;
  bool ok = CBB_init(cbb.get(), 1024) &&
            (type != LogEntryType::kPrecert || WriteCert(cbb.get(), extra.pre_certificate)) &&
            CBB_add_u24_length_prefixed(cbb.get(), &list);
  for (ByteSpan cert : extra.chain) ok = ok && WriteCert(&list, cert);
  if (!ok || !CBB_flush(cbb.get())) {
    return absl::InvalidArgumentError("extra_data: empty certificate or length overflow");
  }
  return Bytes(CBB_data(cbb.get()), CBB_data(cbb.get()) + CBB_len(cbb.get()));
}

absl::Status CheckEntryChain(const LeafInput& leaf, const ExtraData& extra) {
  if (leaf.entry.type == LogEntryType::kX509) {
    if (extra.chain.empty()) return absl::OkStatus();  // a logged root has no chain
    CT_ASSIGN_OR_RETURN(Certificate cert, ParseChainCert("leaf certificate", leaf.entry.certificate));
    CT_ASSIGN_OR_RETURN(Certificate issuer, ParseChainCert("chain[0]", extra.chain[0]));
    if (!SpanEquals(cert.issuer(), issuer.subject())) {
      return Tampered("chain[0]'s subject is not the certificate's issuer");
    }
    return absl::OkStatus();
  }
  // precert_entry: RFC 6962 §3.1-3.2.
  CT_ASSIGN_OR_RETURN(Certificate precert, ParseChainCert("pre_certificate", extra.pre_certificate));
  if (extra.chain.empty()) return Tampered("precert_entry without an issuer");
  CT_ASSIGN_OR_RETURN(Certificate issuer, ParseChainCert("chain[0]", extra.chain[0]));
  const Certificate* psc = nullptr;
  absl::StatusOr<bool> is_psc = issuer.IsPrecertSigningCertificate();
  if (is_psc.ok() && *is_psc) psc = &issuer;
  absl::StatusOr<Bytes> tbs = PrecertTbsFromPrecertificate(precert, psc);
  if (!tbs.ok()) return Tampered(absl::StrCat("pre_certificate: ", tbs.status().message()));
  if (!SpanEquals(*tbs, leaf.entry.certificate)) {
    return Tampered("pre_certificate minus poison is not the logged TBSCertificate");
  }
  ByteSpan final_issuer = extra.chain[0];
  if (psc != nullptr) {
    if (extra.chain.size() < 2) return Tampered("Precertificate Signing Certificate without an issuer");
    final_issuer = extra.chain[1];
  }
  CT_ASSIGN_OR_RETURN(Certificate fi, ParseChainCert("final issuer", final_issuer));
  if (!HashesEqual(fi.SpkiHash(), leaf.entry.issuer_key_hash)) {
    return Tampered("issuer_key_hash is not the final issuer's SPKI hash");
  }
  return absl::OkStatus();
}

}  // namespace ct
