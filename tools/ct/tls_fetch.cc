#include "tools/ct/tls_fetch.h"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/tls/boringssl.h"

namespace ct::cli {
namespace {

constexpr char kSystemCaBundle[] = "/etc/ssl/certs/ca-certificates.crt";

std::string SslErrors() {
  std::string out;
  while (uint32_t e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

// Connect returns a connected TCP socket or -1 with `error` set.
int Connect(const std::string& host, const std::string& port, absl::Duration timeout,
            std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0) {
    *error = absl::StrCat("cannot resolve ", host, ": ", gai_strerror(rc));
    return -1;
  }
  int fd = -1;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) continue;
    timeval tv = absl::ToTimeval(timeout);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  if (fd < 0) *error = absl::StrCat("cannot connect to ", host, ":", port);
  return fd;
}

// Handshake runs one handshake on `ctx` and fills `obs` from it. Returns
// false (with `error`) when the connection or the handshake fails.
bool Handshake(SSL_CTX* ctx, const std::string& host, const std::string& port,
               const std::string& sni, absl::Duration timeout, TlsObservation* obs,
               std::string* error) {
  int fd = Connect(host, port, timeout, error);
  if (fd < 0) return false;
  bssl::UniquePtr<SSL> ssl(SSL_new(ctx));
  SSL_set_fd(ssl.get(), fd);
  SSL_set_tlsext_host_name(ssl.get(), sni.c_str());
  SSL_set1_host(ssl.get(), sni.c_str());
  const bool ok = SSL_connect(ssl.get()) == 1;
  if (const CtEnforcement* ct = GetCtEnforcement(ssl.get())) obs->ct = *ct;
  if (int verify = GetChainVerifyResult(ssl.get()); verify != X509_V_OK) {
    obs->chain_verify_error = X509_verify_cert_error_string(verify);
  }
  if (!ok) {
    std::string why = SslErrors();
    close(fd);
    *error = absl::StrCat("TLS handshake with ", host, ":", port, " failed",
                          why.empty() ? "" : ": ", why);
    return false;
  }
  const STACK_OF(CRYPTO_BUFFER)* chain = SSL_get0_peer_certificates(ssl.get());
  for (size_t i = 0; chain != nullptr && i < sk_CRYPTO_BUFFER_num(chain); ++i) {
    const CRYPTO_BUFFER* buf = sk_CRYPTO_BUFFER_value(chain, i);
    obs->chain_der.push_back(ct::ToString(ct::ByteSpan(CRYPTO_BUFFER_data(buf), CRYPTO_BUFFER_len(buf))));
  }
  const uint8_t* data = nullptr;
  size_t len = 0;
  SSL_get0_signed_cert_timestamp_list(ssl.get(), &data, &len);
  if (len > 0) obs->sct_list = ct::ToString(ct::ByteSpan(data, len));
  SSL_get0_ocsp_response(ssl.get(), &data, &len);
  if (len > 0) obs->ocsp_response = ct::ToString(ct::ByteSpan(data, len));
  SSL_shutdown(ssl.get());
  close(fd);
  return true;
}

}  // namespace

absl::StatusOr<TlsObservation> FetchTls(const std::string& host, const std::string& port,
                                        const std::string& servername,
                                        const std::string& ca_file, absl::Duration timeout,
                                        std::shared_ptr<const CtEnforcer> enforcer,
                                        absl::Time at) {
  bssl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  if (!ctx) return absl::InternalError("SSL_CTX_new failed");
  const std::string cas = ca_file.empty() ? kSystemCaBundle : ca_file;
  if (!SSL_CTX_load_verify_locations(ctx.get(), cas.c_str(), nullptr)) {
    return absl::InvalidArgumentError(absl::StrCat("cannot load CA certificates from ", cas));
  }
  absl::Status s = EnableCtEnforcement(ctx.get(), std::move(enforcer), [at] { return at; });
  if (!s.ok()) return s;
  const std::string sni = servername.empty() ? host : servername;

  TlsObservation obs;
  std::string error;
  if (!Handshake(ctx.get(), host, port, sni, timeout, &obs, &error)) {
    if (obs.chain_verify_error.empty()) return absl::UnavailableError(error);
    // The chain or name did not verify: look again without verification, to
    // report what the server presents next to the reason.
    TlsObservation unverified;
    bssl::UniquePtr<SSL_CTX> plain(SSL_CTX_new(TLS_method()));
    if (!plain) return absl::InternalError("SSL_CTX_new failed");
    SSL_CTX_set_verify(plain.get(), SSL_VERIFY_NONE, nullptr);
    SSL_CTX_enable_signed_cert_timestamps(plain.get());
    SSL_CTX_enable_ocsp_stapling(plain.get());
    if (!Handshake(plain.get(), host, port, sni, timeout, &unverified, &error)) {
      return absl::UnavailableError(error);
    }
    unverified.chain_verify_error = obs.chain_verify_error;
    obs = std::move(unverified);
  }
  if (obs.chain_der.empty()) return absl::UnavailableError("server sent no certificate");
  return obs;
}

}  // namespace ct::cli
