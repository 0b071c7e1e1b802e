#include "ct/tls/testing/tls_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ct::testing {

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

absl::StatusOr<std::string> MakeTestPki(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const std::string dir = absl::StrCat(tmp ? tmp : "/tmp", "/", name);
  mkdir(dir.c_str(), 0700);
  const std::string bin =
      srcdir ? absl::StrCat(srcdir, "/ctcore/tools/testing/make_test_pki")
             : "tools/testing/make_test_pki";
  const std::string cmd = absl::StrCat("'", bin, "' '", dir, "'");
  if (std::system(cmd.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("make_test_pki failed: ", cmd));
  }
  return dir;
}

absl::StatusOr<std::unique_ptr<TlsTestServer>> TlsTestServer::Start(TlsServerConfig config) {
  std::unique_ptr<TlsTestServer> server(new TlsTestServer());
  server->config_ = std::move(config);
  const TlsServerConfig& c = server->config_;
  server->ctx_.reset(SSL_CTX_new(TLS_server_method()));
  SSL_CTX* ctx = server->ctx_.get();
  if (!ctx || !SSL_CTX_use_certificate_chain_file(ctx, c.chain_pem_path.c_str()) ||
      !SSL_CTX_use_PrivateKey_file(ctx, c.key_pem_path.c_str(), SSL_FILETYPE_PEM)) {
    return absl::InternalError("loading the server's chain or key");
  }
  if (!c.sct_list.empty() &&
      !SSL_CTX_set_signed_cert_timestamp_list(
          ctx, reinterpret_cast<const uint8_t*>(c.sct_list.data()), c.sct_list.size())) {
    return absl::InternalError("SSL_CTX_set_signed_cert_timestamp_list");
  }
  if (!c.ocsp.empty() &&
      !SSL_CTX_set_ocsp_response(ctx, reinterpret_cast<const uint8_t*>(c.ocsp.data()),
                                 c.ocsp.size())) {
    return absl::InternalError("SSL_CTX_set_ocsp_response");
  }
  if (c.max_version != 0) SSL_CTX_set_max_proto_version(ctx, c.max_version);

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(fd, 128) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) close(fd);
    return absl::InternalError("cannot listen on 127.0.0.1");
  }
  server->listen_fd_ = fd;
  server->port_ = ntohs(addr.sin_port);
  server->thread_ = std::thread([s = server.get()] { s->Serve(); });
  return server;
}

TlsTestServer::~TlsTestServer() {
  stop_ = true;
  if (listen_fd_ >= 0) shutdown(listen_fd_, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
}

void TlsTestServer::Serve() {
  while (!stop_) {
    int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (stop_) return;
      continue;
    }
    Handle(fd);
    close(fd);
  }
}

namespace {

// ReadHttpRequest reads one request; returns false on a broken connection.
bool ReadHttpRequest(SSL* ssl, std::string* method_path, std::string* body) {
  std::string data;
  char buf[4096];
  size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    int n = SSL_read(ssl, buf, sizeof(buf));
    if (n <= 0) return false;
    data.append(buf, n);
  }
  std::string headers = data.substr(0, header_end);
  *body = data.substr(header_end + 4);
  size_t content_length = 0;
  std::vector<std::string> lines = absl::StrSplit(headers, "\r\n");
  std::vector<std::string> request_line = absl::StrSplit(lines[0], ' ');
  *method_path = request_line.size() >= 2 ? request_line[0] + " " + request_line[1] : lines[0];
  for (const std::string& line : lines) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (absl::AsciiStrToLower(line.substr(0, colon)) == "content-length") {
      if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(colon + 1)), &content_length)) {
        return false;
      }
    }
  }
  while (body->size() < content_length) {
    int n = SSL_read(ssl, buf, sizeof(buf));
    if (n <= 0) return false;
    body->append(buf, n);
  }
  return true;
}

}  // namespace

void TlsTestServer::Handle(int fd) {
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  bssl::UniquePtr<SSL> ssl(SSL_new(ctx_.get()));
  SSL_set_fd(ssl.get(), fd);
  if (SSL_accept(ssl.get()) != 1) {
    ERR_clear_error();  // the client refused us: expected in many tests
    return;
  }
  ++handshakes_;
  if (config_.http) {
    std::string method_path, body;
    if (ReadHttpRequest(ssl.get(), &method_path, &body)) {
      const std::string response = config_.http(method_path, body);
      SSL_write(ssl.get(), response.data(), static_cast<int>(response.size()));
    }
  } else {
    SSL_write(ssl.get(), "x", 1);
  }
  SSL_shutdown(ssl.get());
  ERR_clear_error();
}

}  // namespace ct::testing
