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

}  // namespace

absl::StatusOr<TlsObservation> FetchTls(const std::string& host, const std::string& port,
                                        const std::string& servername,
                                        const std::string& ca_file, absl::Duration timeout) {
  bssl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  if (!ctx) return absl::InternalError("SSL_CTX_new failed");
  const std::string cas = ca_file.empty() ? kSystemCaBundle : ca_file;
  if (!SSL_CTX_load_verify_locations(ctx.get(), cas.c_str(), nullptr)) {
    return absl::InvalidArgumentError(absl::StrCat("cannot load CA certificates from ", cas));
  }
  // Verify, but finish the handshake either way: the CT verdict is still
  // useful, and the verification result is reported next to it.
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  SSL_CTX_enable_signed_cert_timestamps(ctx.get());
  SSL_CTX_enable_ocsp_stapling(ctx.get());

  std::string error;
  int fd = Connect(host, port, timeout, &error);
  if (fd < 0) return absl::UnavailableError(error);
  bssl::UniquePtr<SSL> ssl(SSL_new(ctx.get()));
  const std::string sni = servername.empty() ? host : servername;
  SSL_set_fd(ssl.get(), fd);
  SSL_set_tlsext_host_name(ssl.get(), sni.c_str());
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
  X509_VERIFY_PARAM_set1_host(param, sni.data(), sni.size());
  if (SSL_connect(ssl.get()) != 1) {
    std::string why = SslErrors();
    close(fd);
    return absl::UnavailableError(
        absl::StrCat("TLS handshake with ", host, ":", port, " failed", why.empty() ? "" : ": ", why));
  }

  TlsObservation obs;
  const STACK_OF(CRYPTO_BUFFER)* chain = SSL_get0_peer_certificates(ssl.get());
  for (size_t i = 0; chain != nullptr && i < sk_CRYPTO_BUFFER_num(chain); ++i) {
    const CRYPTO_BUFFER* buf = sk_CRYPTO_BUFFER_value(chain, i);
    obs.chain_der.push_back(ct::ToString(ct::ByteSpan(CRYPTO_BUFFER_data(buf), CRYPTO_BUFFER_len(buf))));
  }
  const uint8_t* data = nullptr;
  size_t len = 0;
  SSL_get0_signed_cert_timestamp_list(ssl.get(), &data, &len);
  if (len > 0) obs.sct_list = ct::ToString(ct::ByteSpan(data, len));
  SSL_get0_ocsp_response(ssl.get(), &data, &len);
  if (len > 0) obs.ocsp_response = ct::ToString(ct::ByteSpan(data, len));
  long verify = SSL_get_verify_result(ssl.get());
  if (verify != X509_V_OK) obs.chain_verify_error = X509_verify_cert_error_string(verify);
  SSL_shutdown(ssl.get());
  close(fd);
  if (obs.chain_der.empty()) return absl::UnavailableError("server sent no certificate");
  return obs;
}

}  // namespace ct::cli
