// curl_ct: an HTTPS request with libcurl built on OpenSSL 3 whose server must
// meet Certificate Transparency, decided by the installed ctcore's TLS-agnostic
// core (ct::CtEnforcer) from inside OpenSSL's handshake (docs/embedding.md).
//
//   curl_ct URL CA.pem LOG_LIST.json
//
// CURLOPT_SSL_CTX_FUNCTION hands us curl's SSL_CTX; there we install
// SSL_CTX_set_ct_validation_callback. OpenSSL calls it after the chain has
// verified, with the leaf, its issuer and every SCT it collected; ctcore reads
// the embedded SCTs from the leaf itself and gets those of the TLS extension
// re-encoded as the extension's SCT list. Returning 0 aborts the handshake.
// Exit status: 0 the request succeeded (CT met), 1 refused for CT, 2 other
// errors.
#include <curl/curl.h>
#include <openssl/ct.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/tls/ct_enforcer.h"

namespace {

struct Hook {
  std::shared_ptr<const ct::CtEnforcer> enforcer;
  bool called = false;
  ct::CtEnforcement result;
};

bool Der(X509* cert, std::vector<uint8_t>* out) {
  if (cert == nullptr) return false;
  const int len = i2d_X509(cert, nullptr);
  if (len <= 0) return false;
  out->resize(len);
  unsigned char* p = out->data();
  return i2d_X509(cert, &p) == len;
}

// OpenSSL's CT callback: runs once per handshake, after chain verification.
int CtCallback(const CT_POLICY_EVAL_CTX* ctx, const STACK_OF(SCT)* scts, void* arg) {
  Hook* hook = static_cast<Hook*>(arg);
  hook->called = true;
  std::vector<uint8_t> leaf, issuer;
  if (!Der(CT_POLICY_EVAL_CTX_get0_cert(ctx), &leaf) ||
      !Der(CT_POLICY_EVAL_CTX_get0_issuer(ctx), &issuer)) {
    hook->result = {};
    hook->result.message = "CT: cannot encode the verified chain";
    return 0;
  }
  // The TLS extension's SCTs, back in the wire form ctcore parses (RFC 6962
  // §3.3 SignedCertificateTimestampList). Embedded ones ctcore finds in the
  // leaf; OpenSSL's parsed copies are borrowed, not owned, by `tls`.
  STACK_OF(SCT)* tls = sk_SCT_new_null();
  for (int i = 0; i < sk_SCT_num(scts); ++i) {
    SCT* sct = sk_SCT_value(scts, i);
    if (SCT_get_source(sct) == SCT_SOURCE_TLS_EXTENSION) sk_SCT_push(tls, sct);
  }
  unsigned char* list = nullptr;
  const int list_len = sk_SCT_num(tls) > 0 ? i2o_SCT_LIST(tls, &list) : 0;
  sk_SCT_free(tls);

  const ct::ByteSpan chain[] = {leaf, issuer};
  hook->result = hook->enforcer->Check(
      chain, ct::ByteSpan(list, list_len > 0 ? list_len : 0), ct::ByteSpan(),
      absl::FromUnixMillis(static_cast<int64_t>(CT_POLICY_EVAL_CTX_get_time(ctx))));
  OPENSSL_free(list);
  return hook->result.allowed ? 1 : 0;
}

CURLcode SslCtxFunction(CURL*, void* ssl_ctx, void* arg) {
  if (!SSL_CTX_set_ct_validation_callback(static_cast<SSL_CTX*>(ssl_ctx), CtCallback, arg)) {
    return CURLE_SSL_CERTPROBLEM;
  }
  return CURLE_OK;
}

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

int Fail(const std::string& message) {
  std::cerr << "curl_ct: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return Fail("usage: curl_ct URL CA.pem LOG_LIST.json");
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  if (info->ssl_version == nullptr || std::string(info->ssl_version).rfind("OpenSSL/", 0) != 0) {
    return Fail(std::string("libcurl is not built on OpenSSL: ") +
                (info->ssl_version ? info->ssl_version : "no TLS"));
  }
  std::ifstream in(argv[3], std::ios::binary);
  std::ostringstream json;
  json << in.rdbuf();
  if (!in) return Fail(std::string("cannot read ") + argv[3]);

  absl::StatusOr<std::shared_ptr<ct::LogListSource>> list = ct::LogListSource::FromJson(json.str());
  if (!list.ok()) return Fail(std::string(list.status().message()));
  ct::CtEnforcerOptions options;  // Chrome's policy, enforced
  options.log_list = *list;
  absl::StatusOr<std::shared_ptr<const ct::CtEnforcer>> enforcer = ct::CtEnforcer::Create(options);
  if (!enforcer.ok()) return Fail(std::string(enforcer.status().message()));
  Hook hook;
  hook.enforcer = *enforcer;

  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* curl = curl_easy_init();
  std::string body;
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, argv[1]);
  curl_easy_setopt(curl, CURLOPT_CAINFO, argv[2]);
  curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, SslCtxFunction);
  curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, &hook);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  curl_global_cleanup();

  std::cout << "libcurl " << info->version << " (" << info->ssl_version << ")\n";
  if (hook.called) std::cout << "CT: " << hook.result.message << "\n";
  if (rc == CURLE_OK) {
    if (!hook.called) return Fail("the CT callback never ran");
    std::cout << "HTTP " << status << ": " << body << "\n";
    return 0;
  }
  std::cout << "request failed: " << curl_easy_strerror(rc) << ": " << error << "\n";
  return hook.called && !hook.result.allowed ? 1 : 2;
}
