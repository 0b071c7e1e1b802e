// File: ct/sct/sct_source.h
// -----------------------------------------------------------------------------
// How an SCT reached a client (RFC 6962 §3.3): embedded in the certificate,
// in the signed_certificate_timestamp TLS extension, or in a stapled OCSP
// response. Shared by the SCT sources, the verifier and CT policy code.
#ifndef CT_SCT_SCT_SOURCE_H_
#define CT_SCT_SCT_SOURCE_H_

namespace ct {

// SctSource says how an SCT was delivered.
enum class SctSource {
  kEmbedded,      // in the certificate's SCT list extension (precertificate)
  kTlsExtension,  // in the signed_certificate_timestamp TLS extension
  kOcsp,          // in a stapled OCSP response's SCT list extension
};

// SctSourceName returns "embedded", "tls_extension" or "ocsp".
inline const char* SctSourceName(SctSource source) {
  switch (source) {
    case SctSource::kEmbedded:
      return "embedded";
    case SctSource::kTlsExtension:
      return "tls_extension";
    case SctSource::kOcsp:
      return "ocsp";
  }
  return "unknown";
}

}  // namespace ct

#endif  // CT_SCT_SCT_SOURCE_H_
