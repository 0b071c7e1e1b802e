// File: ct/tls/boringssl.h
// -----------------------------------------------------------------------------
// Certificate Transparency enforcement for a BoringSSL client in one call.
//
// EnableCtEnforcement asks servers for SCTs and an OCSP staple and installs a
// certificate verify callback (SSL_CTX_set_custom_verify) that, on every
// handshake:
//   1. verifies the chain and the host name exactly as BoringSSL's default
//      verifier does (X509_verify_cert over the SSL_CTX's X509_STORE with the
//      SSL's X509_VERIFY_PARAM: set the name with SSL_set1_host). A chain that
//      fails fails the handshake as before; CT never weakens this step;
//   2. runs the CtEnforcer on the verified chain (leaf to trust anchor), the
//      SCT extension and the OCSP staple, at absl::Now(). When the result is
//      not `allowed`, the handshake fails with SSL_R_CERTIFICATE_VERIFY_FAILED
//      whose error data reads "CT: <CtEnforcement::message>".
// The CtEnforcement stays readable with GetCtEnforcement(ssl) after the
// handshake, whether it succeeded or not.
//
// Resumption: the CTX re-verifies on resume (SSL_CTX_set_reverify_on_resume),
// so a resumed session runs both steps again on the certificates, SCT list and
// staple stored in the session, with the current log list and time.
//
// Thread-safety: the callback reads only the CtEnforcer (immutable) and a
// LogListSource snapshot (swapped atomically), and writes only to its own
// SSL, so any number of SSL objects of one SSL_CTX may handshake concurrently.
// Call EnableCtEnforcement before the SSL_CTX is shared. It replaces any verify
// callback set with SSL_CTX_set_verify / SSL_CTX_set_custom_verify.
//
// Example:
//   bssl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
//   SSL_CTX_set_default_verify_paths(ctx.get());
//   ct::EnableCtEnforcement(ctx.get(), enforcer);
//   bssl::UniquePtr<SSL> ssl(SSL_new(ctx.get()));
//   SSL_set_tlsext_host_name(ssl.get(), "example.com");
//   SSL_set1_host(ssl.get(), "example.com");
//   ... SSL_connect(ssl.get()) ...;
//   const ct::CtEnforcement* ct = ct::GetCtEnforcement(ssl.get());
#ifndef CT_TLS_BORINGSSL_H_
#define CT_TLS_BORINGSSL_H_

#include <openssl/ssl.h>

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "ct/tls/ct_enforcer.h"

namespace ct {

// EnableCtEnforcement installs CT enforcement on the client context `ctx`
// (see the file comment). kInvalidArgument if `ctx` or `enforcer` is null.
// `clock` gives the evaluation time (null = absl::Now; tools pass a fixed time).
absl::Status EnableCtEnforcement(SSL_CTX* ctx, std::shared_ptr<const CtEnforcer> enforcer,
                                 std::function<absl::Time()> clock = nullptr);

// GetCtEnforcement returns the CT result of `ssl`'s latest certificate check,
// or nullptr if CT did not run (no enforcement on its CTX, no certificate
// yet, or the chain failed normal verification). Owned by `ssl`.
const CtEnforcement* GetCtEnforcement(const SSL* ssl);

// GetChainVerifyResult returns the X509_V_* result of the hook's normal chain
// and host name step on `ssl` (X509_V_OK when it passed or has not run).
int GetChainVerifyResult(const SSL* ssl);

}  // namespace ct

#endif  // CT_TLS_BORINGSSL_H_
