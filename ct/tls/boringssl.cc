#include "ct/tls/boringssl.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "ct/base/bytes.h"

namespace ct {
namespace {

struct EnforcerHolder {
  std::shared_ptr<const CtEnforcer> enforcer;
  std::function<absl::Time()> clock;
};

// HookResult is what one SSL's latest check left behind.
struct HookResult {
  int chain_error = X509_V_OK;
  std::optional<CtEnforcement> ct;
};

void FreeEnforcer(void* parent, void* ptr, CRYPTO_EX_DATA* ad, int index, long argl,
                  void* argp) {
  delete static_cast<EnforcerHolder*>(ptr);
}

void FreeEnforcement(void* parent, void* ptr, CRYPTO_EX_DATA* ad, int index, long argl,
                     void* argp) {
  delete static_cast<HookResult*>(ptr);
}

int CtxIndex() {
  static const int index =
      SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, FreeEnforcer);
  return index;
}

int SslIndex() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, FreeEnforcement);
  return index;
}

// Result returns `ssl`'s HookResult, created empty on first use.
HookResult* Result(SSL* ssl) {
  auto* result = static_cast<HookResult*>(SSL_get_ex_data(ssl, SslIndex()));
  if (result == nullptr) {
    result = new HookResult();
    if (!SSL_set_ex_data(ssl, SslIndex(), result)) {
      delete result;
      return nullptr;
    }
  }
  return result;
}

ssl_verify_result_t Fail(uint8_t* out_alert, uint8_t alert, const std::string& why) {
  OPENSSL_PUT_ERROR(SSL, SSL_R_CERTIFICATE_VERIFY_FAILED);
  ERR_add_error_data(2, "CT: ", why.c_str());
  *out_alert = alert;
  return ssl_verify_invalid;
}

std::string Der(X509* cert) {
  uint8_t* der = nullptr;
  const int len = i2d_X509(cert, &der);
  if (len <= 0) return {};
  std::string out = ToString(ByteSpan(der, static_cast<size_t>(len)));
  OPENSSL_free(der);
  return out;
}

ssl_verify_result_t VerifyWithCt(SSL* ssl, uint8_t* out_alert) {
  HookResult* result = Result(ssl);
  SSL_CTX* ctx = SSL_get_SSL_CTX(ssl);
  const auto* holder = static_cast<const EnforcerHolder*>(SSL_CTX_get_ex_data(ctx, CtxIndex()));
  if (result == nullptr || holder == nullptr) {
    return Fail(out_alert, SSL_AD_INTERNAL_ERROR, "no CT enforcer on this SSL_CTX");
  }
  result->chain_error = X509_V_OK;
  result->ct.reset();

  // Step 1: the chain and host name, as BoringSSL's own verifier does it
  // (ssl_crypto_x509_session_verify_cert_chain).
  const STACK_OF(CRYPTO_BUFFER)* peer = SSL_get0_peer_certificates(ssl);
  if (peer == nullptr || sk_CRYPTO_BUFFER_num(peer) == 0) {
    return Fail(out_alert, SSL_AD_CERTIFICATE_UNKNOWN, "the server sent no certificate");
  }
  bssl::UniquePtr<X509> leaf(X509_parse_from_buffer(sk_CRYPTO_BUFFER_value(peer, 0)));
  bssl::UniquePtr<STACK_OF(X509)> untrusted(sk_X509_new_null());
  if (!leaf || !untrusted) {
    return Fail(out_alert, SSL_AD_BAD_CERTIFICATE, "the server's certificate does not parse");
  }
  for (size_t i = 1; i < sk_CRYPTO_BUFFER_num(peer); ++i) {
    bssl::UniquePtr<X509> cert(X509_parse_from_buffer(sk_CRYPTO_BUFFER_value(peer, i)));
    if (!cert || !bssl::PushToStack(untrusted.get(), std::move(cert))) {
      return Fail(out_alert, SSL_AD_BAD_CERTIFICATE, "a chain certificate does not parse");
    }
  }
  bssl::UniquePtr<X509_STORE_CTX> store_ctx(X509_STORE_CTX_new());
  if (!store_ctx ||
      !X509_STORE_CTX_init(store_ctx.get(), SSL_CTX_get_cert_store(ctx), leaf.get(),
                           untrusted.get()) ||
      !X509_STORE_CTX_set_ex_data(store_ctx.get(), SSL_get_ex_data_X509_STORE_CTX_idx(), ssl) ||
      !X509_STORE_CTX_set_default(store_ctx.get(), "ssl_server") ||
      !X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(store_ctx.get()), SSL_get0_param(ssl))) {
    return Fail(out_alert, SSL_AD_INTERNAL_ERROR, "cannot set up chain verification");
  }
  if (X509_verify_cert(store_ctx.get()) != 1) {
    const int error = X509_STORE_CTX_get_error(store_ctx.get());
    result->chain_error = error;
    return Fail(out_alert, static_cast<uint8_t>(SSL_alert_from_verify_result(error)),
                std::string("certificate chain does not verify (before CT): ") +
                    X509_verify_cert_error_string(error));
  }

  // Step 2: CT on the verified chain, leaf to anchor.
  STACK_OF(X509)* verified = X509_STORE_CTX_get0_chain(store_ctx.get());
  std::vector<std::string> ders;
  for (size_t i = 0; verified != nullptr && i < sk_X509_num(verified); ++i) {
    ders.push_back(Der(sk_X509_value(verified, i)));
  }
  std::vector<ByteSpan> spans;
  spans.reserve(ders.size());
  for (const std::string& der : ders) spans.push_back(AsBytes(der));
  const uint8_t* data = nullptr;
  size_t len = 0;
  SSL_get0_signed_cert_timestamp_list(ssl, &data, &len);
  const ByteSpan scts(data, len);
  SSL_get0_ocsp_response(ssl, &data, &len);
  const ByteSpan ocsp(data, len);
  const absl::Time now = holder->clock ? holder->clock() : absl::Now();
  result->ct = holder->enforcer->Check(spans, scts, ocsp, now);
  if (!result->ct->allowed) {
    return Fail(out_alert, SSL_AD_CERTIFICATE_UNKNOWN, result->ct->message);
  }
  return ssl_verify_ok;
}

}  // namespace

absl::Status EnableCtEnforcement(SSL_CTX* ctx, std::shared_ptr<const CtEnforcer> enforcer,
                                 std::function<absl::Time()> clock) {
  if (ctx == nullptr || enforcer == nullptr) {
    return absl::InvalidArgumentError("EnableCtEnforcement needs an SSL_CTX and an enforcer");
  }
  if (CtxIndex() < 0 || SslIndex() < 0) return absl::InternalError("no ex_data index");
  auto* holder = new EnforcerHolder{std::move(enforcer), std::move(clock)};
  delete static_cast<EnforcerHolder*>(SSL_CTX_get_ex_data(ctx, CtxIndex()));
  if (!SSL_CTX_set_ex_data(ctx, CtxIndex(), holder)) {
    delete holder;
    return absl::InternalError("SSL_CTX_set_ex_data failed");
  }
  SSL_CTX_enable_signed_cert_timestamps(ctx);
  SSL_CTX_enable_ocsp_stapling(ctx);
  SSL_CTX_set_custom_verify(ctx, SSL_VERIFY_PEER, VerifyWithCt);
  SSL_CTX_set_reverify_on_resume(ctx, 1);
  return absl::OkStatus();
}

const CtEnforcement* GetCtEnforcement(const SSL* ssl) {
  const auto* result = static_cast<const HookResult*>(SSL_get_ex_data(ssl, SslIndex()));
  return result != nullptr && result->ct ? &*result->ct : nullptr;
}

int GetChainVerifyResult(const SSL* ssl) {
  const auto* result = static_cast<const HookResult*>(SSL_get_ex_data(ssl, SslIndex()));
  return result != nullptr ? result->chain_error : X509_V_OK;
}

}  // namespace ct
