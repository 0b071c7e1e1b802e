// File: ct/tls/testing/tls_test_server.h
// Test-only: a BoringSSL TLS server on 127.0.0.1 in a thread of the test
// process, serving a certificate chain with an optional SCT extension list and
// OCSP staple, and optionally answering one HTTP/1.1 request per connection.
// Plus MakeTestPki, which runs //tools/testing:make_test_pki.
#ifndef CT_TLS_TESTING_TLS_TEST_SERVER_H_
#define CT_TLS_TESTING_TLS_TEST_SERVER_H_

#include <openssl/ssl.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace ct::testing {

// MakeTestPki writes the throw-away test PKI (tools/testing/make_test_pki.cc
// lists the files) into a new directory under TEST_TMPDIR and returns it.
absl::StatusOr<std::string> MakeTestPki(const std::string& name);

// ReadFileOrDie returns the bytes of `path` (aborts if unreadable).
std::string ReadFileOrDie(const std::string& path);

// TlsServerConfig says what the server presents.
struct TlsServerConfig {
  std::string chain_pem_path;  // leaf first
  std::string key_pem_path;
  std::string sct_list;  // signed_certificate_timestamp extension; "" = none
  std::string ocsp;      // stapled OCSP response; "" = none
  uint16_t max_version = 0;  // e.g. TLS1_2_VERSION; 0 = library default
  // If set: after the handshake, read one HTTP/1.1 request (headers and a
  // Content-Length body) and write back what http(request_body) returns, a
  // complete HTTP response. Otherwise write one byte ("x") and close, so
  // that a TLS 1.3 client reading it has received its session tickets.
  std::function<std::string(const std::string& method_path, const std::string& body)> http;
};

// TlsTestServer serves connections one at a time until destroyed.
class TlsTestServer {
 public:
  static absl::StatusOr<std::unique_ptr<TlsTestServer>> Start(TlsServerConfig config);
  ~TlsTestServer();

  int port() const { return port_; }
  // handshakes returns how many handshakes completed (full or resumed).
  int handshakes() const { return handshakes_.load(); }

 private:
  TlsServerConfig config_;
  bssl::UniquePtr<SSL_CTX> ctx_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> handshakes_{0};
  std::thread thread_;

  void Serve();
  void Handle(int fd);
};

}  // namespace ct::testing

#endif  // CT_TLS_TESTING_TLS_TEST_SERVER_H_
