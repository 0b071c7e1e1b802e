#include "ct/x509/certificate_chain.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/mem.h>
#include <openssl/pem.h>

#include <cstring>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"

namespace ct {

namespace {

// PemBlock frees what PEM_read_bio allocates.
struct PemBlock {
  char* name = nullptr;
  char* header = nullptr;
  uint8_t* data = nullptr;
  long len = 0;
  ~PemBlock() {
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
};

// ReadPemCertificates returns the DER of every CERTIFICATE block of `pem`,
// in order, read with BoringSSL's PEM reader (which skips text between
// blocks). kNotFound if there is none.
absl::StatusOr<std::vector<Bytes>> ReadPemCertificates(absl::string_view pem) {
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), pem.size()));
  if (!bio) return absl::ResourceExhaustedError("x509: BIO_new_mem_buf failed");
  std::vector<Bytes> out;
  size_t blocks = 0;
  ERR_clear_error();
  while (true) {
    PemBlock block;
    if (!PEM_read_bio(bio.get(), &block.name, &block.header, &block.data,
                      &block.len)) {
      const uint32_t err = ERR_peek_last_error();
      ERR_clear_error();
      if (ERR_GET_LIB(err) == ERR_LIB_PEM &&
          ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
        break;  // no further block
      }
      return MalformedError(
          "pem", absl::StrFormat("block #%d does not decode (%s)", blocks,
                                 ERR_reason_error_string(err)
                                     ? ERR_reason_error_string(err)
                                     : "unknown error"));
    }
    ++blocks;
    if (std::strcmp(block.name, PEM_STRING_X509) != 0) continue;
    out.emplace_back(block.data, block.data + block.len);
  }
  if (out.empty()) return absl::NotFoundError("x509: no PEM CERTIFICATE block");
  return out;
}

}  // namespace

absl::Status CertificateChain::Append(Bytes der) {
  ders_.push_back(std::move(der));
  absl::StatusOr<Certificate> cert = Certificate::Parse(ByteSpan(ders_.back()));
  if (!cert.ok()) {
    ders_.pop_back();
    return Prefix(absl::StrFormat("certificate #%d", certificates_.size()),
                  cert.status());
  }
  certificates_.push_back(*cert);
  return absl::OkStatus();
}

absl::StatusOr<CertificateChain> CertificateChain::FromPem(
    absl::string_view pem) {
  absl::StatusOr<std::vector<Bytes>> ders = ReadPemCertificates(pem);
  if (!ders.ok()) return ders.status();
  CertificateChain chain;
  chain.ders_.reserve(ders->size());
  chain.certificates_.reserve(ders->size());
  for (Bytes& der : *ders) CT_RETURN_IF_ERROR(chain.Append(std::move(der)));
  return chain;
}

absl::StatusOr<CertificateChain> CertificateChain::FromDer(ByteSpan der) {
  return FromDers({der});
}

absl::StatusOr<CertificateChain> CertificateChain::FromDers(
    absl::Span<const ByteSpan> ders) {
  if (ders.empty()) {
    return MalformedError("certificate chain", "no certificate");
  }
  CertificateChain chain;
  for (ByteSpan der : ders) {
    CT_RETURN_IF_ERROR(chain.Append(Bytes(der.begin(), der.end())));
  }
  return chain;
}

namespace {

absl::StatusOr<CertificateChain> PemOrDer(absl::string_view data) {
  if (absl::StrContains(data, "-----BEGIN")) {
    return CertificateChain::FromPem(data);
  }
  return CertificateChain::FromDer(AsBytes(data));
}

}  // namespace

absl::StatusOr<CertificateChain> CertificateChain::Load(
    absl::string_view cert_data, std::optional<absl::string_view> issuer_data) {
  absl::StatusOr<CertificateChain> chain = PemOrDer(cert_data);
  if (!chain.ok()) return chain.status();
  if (issuer_data.has_value()) CT_RETURN_IF_ERROR(chain->AddIssuer(*issuer_data));
  return chain;
}

absl::Status CertificateChain::AddIssuer(absl::string_view issuer_data) {
  absl::StatusOr<CertificateChain> issuer = PemOrDer(issuer_data);
  if (!issuer.ok()) return Prefix("issuer", issuer.status());
  if (size() == 1) {
    ders_.push_back(std::move(issuer->ders_.front()));
    certificates_.push_back(issuer->certificates_.front());
  }
  return absl::OkStatus();
}

}  // namespace ct
