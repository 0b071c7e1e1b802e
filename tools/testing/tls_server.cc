// tls_server: a minimal BoringSSL TLS server for tests on 127.0.0.1.
//
//   tls_server --chain CHAIN.pem --key KEY.pem [--scts LIST.bin]
//              [--ocsp RESPONSE.der] [--connections N] [--timeout SECONDS]
//
// Listens on an ephemeral loopback port, prints "PORT <n>" on stdout, and
// completes up to N TLS handshakes (default 1), serving the given SCT list in
// the signed_certificate_timestamp extension and the OCSP response as a
// staple. It exits after N connections or after --timeout seconds (default
// 60), so a test that forgets it cannot leave it running. Test-only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "tls_server: %s\n", what);
  ERR_print_errors_fp(stderr);
  std::exit(2);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die(("cannot read " + path).c_str());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  std::string chain, key, scts, ocsp;
  int connections = 1;
  int timeout = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--chain") chain = value;
    else if (flag == "--key") key = value;
    else if (flag == "--scts") scts = value;
    else if (flag == "--ocsp") ocsp = value;
    else if (flag == "--connections") connections = std::atoi(value.c_str());
    else if (flag == "--timeout") timeout = std::atoi(value.c_str());
    else Die("unknown flag");
  }
  if (chain.empty() || key.empty()) Die("--chain and --key are required");
  alarm(timeout);  // stop by ourselves, whatever the test does

  bssl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx || !SSL_CTX_use_certificate_chain_file(ctx.get(), chain.c_str()) ||
      !SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM)) {
    Die("loading certificate chain or key");
  }
  if (!scts.empty()) {
    std::string list = ReadFile(scts);
    if (!SSL_CTX_set_signed_cert_timestamp_list(
            ctx.get(), reinterpret_cast<const uint8_t*>(list.data()), list.size())) {
      Die("SSL_CTX_set_signed_cert_timestamp_list");
    }
  }
  if (!ocsp.empty()) {
    std::string resp = ReadFile(ocsp);
    if (!SSL_CTX_set_ocsp_response(ctx.get(), reinterpret_cast<const uint8_t*>(resp.data()),
                                   resp.size())) {
      Die("SSL_CTX_set_ocsp_response");
    }
  }

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr;
  std::memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(fd, 8) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    Die("cannot listen on 127.0.0.1");
  }
  std::printf("PORT %d\n", ntohs(addr.sin_port));
  std::fflush(stdout);

  for (int n = 0; n < connections; ++n) {
    int client = accept(fd, nullptr, nullptr);
    if (client < 0) Die("accept");
    bssl::UniquePtr<SSL> ssl(SSL_new(ctx.get()));
    SSL_set_fd(ssl.get(), client);
    if (SSL_accept(ssl.get()) == 1) {
      SSL_shutdown(ssl.get());
    } else {
      ERR_print_errors_fp(stderr);
    }
    close(client);
  }
  close(fd);
  return 0;
}
