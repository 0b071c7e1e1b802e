// make_test_pki: writes a throw-away Certificate Transparency test PKI.
//
//   make_test_pki OUT_DIR [--now UNIX_SECONDS]
//
// Creates a P-256 CA, three P-256 test logs (three operators), and a leaf
// certificate for "localhost"/127.0.0.1 whose SCTs arrive on all three
// channels:
//   leaf.pem        final certificate with 2 embedded SCTs (logs 1 and 2,
//                   signed over the precert entry, RFC 6962 §3.2)
//   tls-scts.bin    a TLS-encoded SCT list (log 3, x509_entry), as carried in
//                   the signed_certificate_timestamp TLS extension
//   ocsp.der        an OCSP response for the leaf whose SingleResponse carries
//                   an SCT list extension (log 1, x509_entry)
//   chain.pem       leaf + CA; leaf-key.pem; ca.pem; log-list.json (v3 schema)
//   log<N>-key.pem  the logs' public keys
// and a second leaf without embedded SCTs (same name, same key), whose SCTs
// come only from outside the certificate, two per channel:
//   plain-chain.pem      that leaf + CA
//   plain-tls-scts.bin   SCTs from logs 2 and 3 (x509_entry)
//   plain-ocsp.der       an OCSP response carrying SCTs from logs 1 and 3
// This is test tooling, written independently of ct/sct so that it
// cross-checks the library rather than mirroring it. Test-only: keys are
// generated fresh on every run and never leave OUT_DIR.
#include <openssl/bio.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/obj.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<uint8_t>;

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "make_test_pki: %s\n", what);
  std::exit(2);
}

void Check(bool ok, const char* what) {
  if (!ok) Die(what);
}

bssl::UniquePtr<EVP_PKEY> NewP256Key() {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  Check(ec && EC_KEY_generate_key(ec.get()), "EC key generation");
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
  Check(EVP_PKEY_set1_EC_KEY(pkey.get(), ec.get()), "EVP_PKEY");
  return pkey;
}

Bytes SpkiDer(EVP_PKEY* key) {
  uint8_t* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  Check(len > 0, "i2d_PUBKEY");
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

Bytes Sha256(const Bytes& in) {
  Bytes out(32);
  SHA256(in.data(), in.size(), out.data());
  return out;
}

Bytes CbbFinish(CBB* cbb) {
  uint8_t* data;
  size_t len;
  Check(CBB_finish(cbb, &data, &len), "CBB_finish");
  Bytes out(data, data + len);
  OPENSSL_free(data);
  return out;
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  Check(static_cast<bool>(out), "write output file");
}

void WriteFile(const std::string& path, const Bytes& data) {
  WriteFile(path, std::string(data.begin(), data.end()));
}

std::string Pem(bool (*write)(BIO*, void*), void* obj) {
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  Check(write(bio.get(), obj), "PEM write");
  const uint8_t* data;
  size_t len;
  BIO_mem_contents(bio.get(), &data, &len);
  return std::string(reinterpret_cast<const char*>(data), len);
}

std::string CertPem(X509* x) {
  return Pem([](BIO* b, void* o) { return PEM_write_bio_X509(b, static_cast<X509*>(o)) == 1; }, x);
}

std::string KeyPem(EVP_PKEY* k) {
  return Pem([](BIO* b, void* o) {
    return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(o), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  }, k);
}

std::string PubPem(EVP_PKEY* k) {
  return Pem([](BIO* b, void* o) { return PEM_write_bio_PUBKEY(b, static_cast<EVP_PKEY*>(o)) == 1; }, k);
}

std::string Base64(const Bytes& in) {
  size_t len;
  Check(EVP_EncodedLength(&len, in.size()), "base64 length");
  std::string out(len, '\0');
  size_t n = EVP_EncodeBlock(reinterpret_cast<uint8_t*>(&out[0]), in.data(), in.size());
  out.resize(n);
  return out;
}

// AddExtension appends an extension with DER value `value` under `oid`.
void AddExtension(X509* x, const char* oid, bool critical, const Bytes& value) {
  bssl::UniquePtr<ASN1_OBJECT> obj(OBJ_txt2obj(oid, /*dont_search_names=*/1));
  bssl::UniquePtr<ASN1_OCTET_STRING> os(ASN1_OCTET_STRING_new());
  Check(obj && os && ASN1_OCTET_STRING_set(os.get(), value.data(), value.size()), "extension value");
  bssl::UniquePtr<X509_EXTENSION> ext(
      X509_EXTENSION_create_by_OBJ(nullptr, obj.get(), critical, os.get()));
  Check(ext && X509_add_ext(x, ext.get(), -1), "X509_add_ext");
}

void SetName(X509_NAME* name, const char* cn) {
  Check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const uint8_t*>("ctcore test"), -1, -1, 0) &&
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                       reinterpret_cast<const uint8_t*>(cn), -1, -1, 0),
        "X509_NAME");
}

bssl::UniquePtr<X509> NewCert(long serial, const char* subject_cn, X509* issuer,
                              EVP_PKEY* subject_key, int64_t not_before, int64_t not_after) {
  bssl::UniquePtr<X509> x(X509_new());
  Check(x && X509_set_version(x.get(), X509_VERSION_3) &&
            ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial),
        "X509_new");
  SetName(X509_get_subject_name(x.get()), subject_cn);
  Check(X509_set_issuer_name(x.get(), issuer ? X509_get_subject_name(issuer)
                                             : X509_get_subject_name(x.get())),
        "issuer name");
  Check(ASN1_TIME_set(X509_getm_notBefore(x.get()), static_cast<time_t>(not_before)) &&
            ASN1_TIME_set(X509_getm_notAfter(x.get()), static_cast<time_t>(not_after)),
        "validity");
  Check(X509_set_pubkey(x.get(), subject_key), "X509_set_pubkey");
  return x;
}

struct Log {
  std::string description;
  std::string operator_name;
  bssl::UniquePtr<EVP_PKEY> key;
  Bytes spki;
  Bytes log_id;
};

// SignedData builds the RFC 6962 §3.2 signature input: version, signature
// type (certificate_timestamp), timestamp, entry type, signed entry, extensions.
Bytes SignedData(uint64_t timestamp_ms, uint16_t entry_type, const Bytes& signed_entry) {
  bssl::ScopedCBB cbb;
  Check(CBB_init(cbb.get(), 64 + signed_entry.size()) && CBB_add_u8(cbb.get(), 0) &&
            CBB_add_u8(cbb.get(), 0) && CBB_add_u64(cbb.get(), timestamp_ms) &&
            CBB_add_u16(cbb.get(), entry_type) &&
            CBB_add_bytes(cbb.get(), signed_entry.data(), signed_entry.size()) &&
            CBB_add_u16(cbb.get(), 0),  // no SCT extensions
        "signed data");
  return CbbFinish(cbb.get());
}

// Sct signs `signed_entry` with `log` and returns the TLS-encoded SCT.
Bytes Sct(const Log& log, uint64_t timestamp_ms, uint16_t entry_type, const Bytes& signed_entry) {
  Bytes digest = Sha256(SignedData(timestamp_ms, entry_type, signed_entry));
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(log.key.get());
  std::vector<uint8_t> sig(ECDSA_size(ec));
  unsigned sig_len = 0;
  Check(ECDSA_sign(0, digest.data(), digest.size(), sig.data(), &sig_len, ec), "ECDSA_sign");
  sig.resize(sig_len);
  bssl::ScopedCBB cbb;
  CBB sig_cbb;
  Check(CBB_init(cbb.get(), 128) && CBB_add_u8(cbb.get(), 0) &&
            CBB_add_bytes(cbb.get(), log.log_id.data(), 32) &&
            CBB_add_u64(cbb.get(), timestamp_ms) && CBB_add_u16(cbb.get(), 0) &&
            CBB_add_u8(cbb.get(), 4) /* sha256 */ && CBB_add_u8(cbb.get(), 3) /* ecdsa */ &&
            CBB_add_u16_length_prefixed(cbb.get(), &sig_cbb) &&
            CBB_add_bytes(&sig_cbb, sig.data(), sig.size()),
        "SCT");
  return CbbFinish(cbb.get());
}

Bytes SctList(const std::vector<Bytes>& scts) {
  bssl::ScopedCBB cbb;
  CBB list;
  Check(CBB_init(cbb.get(), 256) && CBB_add_u16_length_prefixed(cbb.get(), &list), "list");
  for (const Bytes& sct : scts) {
    CBB item;
    Check(CBB_add_u16_length_prefixed(&list, &item) &&
              CBB_add_bytes(&item, sct.data(), sct.size()) && CBB_flush(&list),
          "list item");
  }
  return CbbFinish(cbb.get());
}

Bytes OctetString(const Bytes& contents) {
  bssl::ScopedCBB cbb;
  CBB os;
  Check(CBB_init(cbb.get(), contents.size() + 8) &&
            CBB_add_asn1(cbb.get(), &os, CBS_ASN1_OCTETSTRING) &&
            CBB_add_bytes(&os, contents.data(), contents.size()),
        "OCTET STRING");
  return CbbFinish(cbb.get());
}

Bytes CertDer(X509* x) {
  uint8_t* der = nullptr;
  int len = i2d_X509(x, &der);
  Check(len > 0, "i2d_X509");
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

Bytes TbsDer(X509* x) {
  uint8_t* der = nullptr;
  int len = i2d_re_X509_tbs(x, &der);
  Check(len > 0, "i2d_re_X509_tbs");
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

bool AddGeneralizedTime(CBB* cbb, int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm;
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%d%H%M%SZ", &tm);
  CBB gt;
  return CBB_add_asn1(cbb, &gt, CBS_ASN1_GENERALIZEDTIME) &&
         CBB_add_bytes(&gt, reinterpret_cast<const uint8_t*>(buf), std::strlen(buf)) &&
         CBB_flush(cbb);
}

bool AddOid(CBB* cbb, const char* text) {
  CBB oid;
  return CBB_add_asn1(cbb, &oid, CBS_ASN1_OBJECT) && CBB_add_asn1_oid_from_text(&oid, text, std::strlen(text)) &&
         CBB_flush(cbb);
}

// OcspResponse builds a signed "good" OCSP response (RFC 6960) for `leaf`
// whose SingleResponse carries `sct_list` in extension 1.3.6.1.4.1.11129.2.4.5.
Bytes OcspResponse(X509* leaf, X509* ca, EVP_PKEY* ca_key, const Bytes& sct_list, int64_t now) {
  // CertID with SHA-1 hashes of the issuer's name and key (RFC 6960 §4.1.1).
  uint8_t* name_der = nullptr;
  int name_len = i2d_X509_NAME(X509_get_subject_name(ca), &name_der);
  Check(name_len > 0, "issuer name");
  uint8_t name_hash[SHA_DIGEST_LENGTH], key_hash[SHA_DIGEST_LENGTH];
  SHA1(name_der, name_len, name_hash);
  OPENSSL_free(name_der);
  const ASN1_BIT_STRING* key_bits = X509_get0_pubkey_bitstr(ca);
  SHA1(ASN1_STRING_get0_data(key_bits), ASN1_STRING_length(key_bits), key_hash);
  const ASN1_INTEGER* serial = X509_get0_serialNumber(leaf);

  bssl::ScopedCBB tbs;
  CBB rd, responder, responses, single, certid, alg, s, status, exts_wrap, exts, ext, val;
  Check(CBB_init(tbs.get(), 512) && CBB_add_asn1(tbs.get(), &rd, CBS_ASN1_SEQUENCE) &&
            // responderID byKey [2] EXPLICIT KeyHash
            CBB_add_asn1(&rd, &responder, CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 2) &&
            CBB_add_asn1_octet_string(&responder, key_hash, sizeof(key_hash)) && CBB_flush(&rd) &&
            AddGeneralizedTime(&rd, now) &&
            CBB_add_asn1(&rd, &responses, CBS_ASN1_SEQUENCE) &&
            CBB_add_asn1(&responses, &single, CBS_ASN1_SEQUENCE) &&
            CBB_add_asn1(&single, &certid, CBS_ASN1_SEQUENCE) &&
            CBB_add_asn1(&certid, &alg, CBS_ASN1_SEQUENCE) && AddOid(&alg, "1.3.14.3.2.26") &&
            CBB_add_asn1(&alg, &s, CBS_ASN1_NULL) && CBB_flush(&certid) &&
            CBB_add_asn1_octet_string(&certid, name_hash, sizeof(name_hash)) &&
            CBB_add_asn1_octet_string(&certid, key_hash, sizeof(key_hash)),
        "OCSP CertID");
  {
    uint8_t* serial_der = nullptr;
    int serial_len = i2d_ASN1_INTEGER(serial, &serial_der);
    Check(serial_len > 0 && CBB_add_bytes(&certid, serial_der, serial_len), "serial");
    OPENSSL_free(serial_der);
  }
  Bytes ext_value = OctetString(sct_list);
  Check(CBB_flush(&single) &&
            // certStatus good [0] IMPLICIT NULL
            CBB_add_asn1(&single, &status, CBS_ASN1_CONTEXT_SPECIFIC | 0) && CBB_flush(&single) &&
            AddGeneralizedTime(&single, now) &&
            // singleExtensions [1] EXPLICIT Extensions
            CBB_add_asn1(&single, &exts_wrap, CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 1) &&
            CBB_add_asn1(&exts_wrap, &exts, CBS_ASN1_SEQUENCE) &&
            CBB_add_asn1(&exts, &ext, CBS_ASN1_SEQUENCE) && AddOid(&ext, "1.3.6.1.4.1.11129.2.4.5") &&
            CBB_add_asn1(&ext, &val, CBS_ASN1_OCTETSTRING) &&
            CBB_add_bytes(&val, ext_value.data(), ext_value.size()),
        "OCSP SingleResponse");
  Bytes tbs_der = CbbFinish(tbs.get());

  // Sign tbsResponseData with the CA key (ecdsa-with-SHA256).
  Bytes digest = Sha256(tbs_der);
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(ca_key);
  std::vector<uint8_t> sig(ECDSA_size(ec));
  unsigned sig_len = 0;
  Check(ECDSA_sign(0, digest.data(), digest.size(), sig.data(), &sig_len, ec), "OCSP sign");

  bssl::ScopedCBB basic;
  CBB b, sigalg, bits;
  Check(CBB_init(basic.get(), 1024) && CBB_add_asn1(basic.get(), &b, CBS_ASN1_SEQUENCE) &&
            CBB_add_bytes(&b, tbs_der.data(), tbs_der.size()) &&
            CBB_add_asn1(&b, &sigalg, CBS_ASN1_SEQUENCE) && AddOid(&sigalg, "1.2.840.10045.4.3.2") &&
            CBB_flush(&b) && CBB_add_asn1(&b, &bits, CBS_ASN1_BITSTRING) && CBB_add_u8(&bits, 0) &&
            CBB_add_bytes(&bits, sig.data(), sig_len),
        "BasicOCSPResponse");
  Bytes basic_der = CbbFinish(basic.get());

  bssl::ScopedCBB resp;
  CBB r, st, rb_wrap, rb, os;
  Check(CBB_init(resp.get(), basic_der.size() + 64) && CBB_add_asn1(resp.get(), &r, CBS_ASN1_SEQUENCE) &&
            CBB_add_asn1(&r, &st, CBS_ASN1_ENUMERATED) && CBB_add_u8(&st, 0) && CBB_flush(&r) &&
            CBB_add_asn1(&r, &rb_wrap, CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 0) &&
            CBB_add_asn1(&rb_wrap, &rb, CBS_ASN1_SEQUENCE) && AddOid(&rb, "1.3.6.1.5.5.7.48.1.1") &&
            CBB_add_asn1(&rb, &os, CBS_ASN1_OCTETSTRING) &&
            CBB_add_bytes(&os, basic_der.data(), basic_der.size()),
        "OCSPResponse");
  return CbbFinish(resp.get());
}

std::string Rfc3339(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm;
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Die("usage: make_test_pki OUT_DIR [--now UNIX_SECONDS]");
  const std::string dir = argv[1];
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--now" && i + 1 < argc) {
      now = std::strtoll(argv[++i], nullptr, 10);
    } else {
      Die("unknown argument");
    }
  }
  const int64_t not_before = now - 86400;
  const int64_t not_after = now + 89 * 86400;  // 90-day lifetime
  const uint64_t sct_ms = static_cast<uint64_t>(now - 3600) * 1000;

  // Logs: three operators.
  std::vector<Log> logs(3);
  const char* operators[] = {"ctcore Test Operator A", "ctcore Test Operator B",
                             "ctcore Test Operator C"};
  for (int i = 0; i < 3; ++i) {
    logs[i].description = "ctcore test log " + std::to_string(i + 1);
    logs[i].operator_name = operators[i];
    logs[i].key = NewP256Key();
    logs[i].spki = SpkiDer(logs[i].key.get());
    logs[i].log_id = Sha256(logs[i].spki);
    WriteFile(dir + "/log" + std::to_string(i + 1) + "-key.pem", PubPem(logs[i].key.get()));
  }

  // CA.
  bssl::UniquePtr<EVP_PKEY> ca_key = NewP256Key();
  bssl::UniquePtr<X509> ca = NewCert(1, "ctcore Test CA", nullptr, ca_key.get(),
                                     not_before - 86400, now + 3650LL * 86400);
  AddExtension(ca.get(), "2.5.29.19", true, {0x30, 0x03, 0x01, 0x01, 0xff});  // CA:TRUE
  AddExtension(ca.get(), "2.5.29.15", true, {0x03, 0x02, 0x01, 0x06});        // keyCertSign, cRLSign
  Check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()), "sign CA");

  // Leaf TBS without any CT extension: this is the precertificate TBS that
  // embedded SCTs sign (RFC 6962 §3.2), once the issuer has signed it.
  bssl::UniquePtr<EVP_PKEY> leaf_key = NewP256Key();
  bssl::UniquePtr<X509> leaf = NewCert(0x0ce7c0de, "localhost", ca.get(), leaf_key.get(),
                                       not_before, not_after);
  const std::string dns = "localhost";
  Bytes san = {0x30, static_cast<uint8_t>(2 + dns.size() + 6),
               0x82, static_cast<uint8_t>(dns.size())};
  san.insert(san.end(), dns.begin(), dns.end());
  san.insert(san.end(), {0x87, 0x04, 127, 0, 0, 1});
  AddExtension(leaf.get(), "2.5.29.17", false, san);
  AddExtension(leaf.get(), "2.5.29.37", false,  // serverAuth
               {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01});
  Check(X509_sign(leaf.get(), ca_key.get(), EVP_sha256()), "sign precert TBS");
  Bytes precert_tbs = TbsDer(leaf.get());

  // Embedded SCTs (logs 1 and 2) over the precert entry:
  // issuer_key_hash || uint24 length || TBS.
  Bytes issuer_key_hash = Sha256(SpkiDer(ca_key.get()));
  Bytes precert_entry = issuer_key_hash;
  precert_entry.push_back(static_cast<uint8_t>(precert_tbs.size() >> 16));
  precert_entry.push_back(static_cast<uint8_t>(precert_tbs.size() >> 8));
  precert_entry.push_back(static_cast<uint8_t>(precert_tbs.size()));
  precert_entry.insert(precert_entry.end(), precert_tbs.begin(), precert_tbs.end());
  Bytes embedded = SctList({Sct(logs[0], sct_ms, 1, precert_entry),
                            Sct(logs[1], sct_ms + 1, 1, precert_entry)});
  AddExtension(leaf.get(), "1.3.6.1.4.1.11129.2.4.2", false, OctetString(embedded));
  Check(X509_sign(leaf.get(), ca_key.get(), EVP_sha256()), "sign leaf");

  // TLS-extension SCT (log 3) and OCSP SCT (log 1) over the x509_entry.
  Bytes leaf_der = CertDer(leaf.get());
  Bytes x509_entry = {static_cast<uint8_t>(leaf_der.size() >> 16),
                      static_cast<uint8_t>(leaf_der.size() >> 8),
                      static_cast<uint8_t>(leaf_der.size())};
  x509_entry.insert(x509_entry.end(), leaf_der.begin(), leaf_der.end());
  WriteFile(dir + "/tls-scts.bin", SctList({Sct(logs[2], sct_ms + 2, 0, x509_entry)}));
  WriteFile(dir + "/ocsp.der", OcspResponse(leaf.get(), ca.get(), ca_key.get(),
                                            SctList({Sct(logs[0], sct_ms + 3, 0, x509_entry)}),
                                            now - 60));

  // The plain leaf: no CT extension; its SCTs arrive by TLS or OCSP only.
  bssl::UniquePtr<X509> plain = NewCert(0x0ce7c0df, "localhost", ca.get(), leaf_key.get(),
                                        not_before, not_after);
  AddExtension(plain.get(), "2.5.29.17", false, san);
  AddExtension(plain.get(), "2.5.29.37", false,
               {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01});
  Check(X509_sign(plain.get(), ca_key.get(), EVP_sha256()), "sign plain leaf");
  Bytes plain_der = CertDer(plain.get());
  Bytes plain_entry = {static_cast<uint8_t>(plain_der.size() >> 16),
                       static_cast<uint8_t>(plain_der.size() >> 8),
                       static_cast<uint8_t>(plain_der.size())};
  plain_entry.insert(plain_entry.end(), plain_der.begin(), plain_der.end());
  WriteFile(dir + "/plain-tls-scts.bin", SctList({Sct(logs[1], sct_ms + 4, 0, plain_entry),
                                                  Sct(logs[2], sct_ms + 5, 0, plain_entry)}));
  WriteFile(dir + "/plain-ocsp.der",
            OcspResponse(plain.get(), ca.get(), ca_key.get(),
                         SctList({Sct(logs[0], sct_ms + 6, 0, plain_entry),
                                  Sct(logs[2], sct_ms + 7, 0, plain_entry)}),
                         now - 60));
  WriteFile(dir + "/plain-chain.pem", CertPem(plain.get()) + CertPem(ca.get()));

  WriteFile(dir + "/ca.pem", CertPem(ca.get()));
  WriteFile(dir + "/leaf.pem", CertPem(leaf.get()));
  WriteFile(dir + "/chain.pem", CertPem(leaf.get()) + CertPem(ca.get()));
  WriteFile(dir + "/leaf-key.pem", KeyPem(leaf_key.get()));

  // A v3 log list naming the three logs as usable.
  std::string json = "{\n  \"version\": \"1.0\",\n  \"log_list_timestamp\": \"" + Rfc3339(now) +
                     "\",\n  \"operators\": [\n";
  for (int i = 0; i < 3; ++i) {
    json += "    {\"name\": \"" + logs[i].operator_name + "\", \"email\": [\"ct@example.com\"], \"logs\": [{" +
            "\"description\": \"" + logs[i].description + "\", \"log_id\": \"" +
            Base64(logs[i].log_id) + "\", \"key\": \"" + Base64(logs[i].spki) +
            "\", \"url\": \"https://log" + std::to_string(i + 1) +
            ".example.com/\", \"mmd\": 86400, \"state\": {\"usable\": {\"timestamp\": \"" +
            Rfc3339(now - 365 * 86400) + "\"}}, \"temporal_interval\": {\"start_inclusive\": \"" +
            Rfc3339(now - 365 * 86400) + "\", \"end_exclusive\": \"" +
            Rfc3339(now + 365 * 86400) + "\"}}], \"tiled_logs\": []}" + (i < 2 ? ",\n" : "\n");
  }
  json += "  ]\n}\n";
  WriteFile(dir + "/log-list.json", json);
  return 0;
}
