// The BoringSSL hook against a real BoringSSL server on 127.0.0.1 (a thread of
// this process) presenting the test PKI's certificates with SCTs on each
// channel in turn.
#include "ct/tls/boringssl.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ct/tls/ct_enforcer.h"
#include "ct/tls/testing/test_lists.h"
#include "ct/tls/testing/tls_test_server.h"
#include "ct/x509/certificate_chain.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::ReadFileOrDie;
using ::ct::testing::TlsServerConfig;
using ::ct::testing::TlsTestServer;

std::string* pki = nullptr;

std::string File(const std::string& name) { return ReadFileOrDie(*pki + "/" + name); }
std::string Path(const std::string& name) { return *pki + "/" + name; }

// Handshake is what a client saw.
struct Handshake {
  bool ok = false;
  std::string error;                   // the error queue, with its data
  std::optional<CtEnforcement> ct;     // GetCtEnforcement afterwards
  bool reused = false;
  int chain_error = X509_V_OK;           // GetChainVerifyResult afterwards
  bssl::UniquePtr<SSL_SESSION> session;  // a resumable session, if one arrived
};

int NewSession(SSL* ssl, SSL_SESSION* session) {
  auto* slot = static_cast<bssl::UniquePtr<SSL_SESSION>*>(SSL_get_app_data(ssl));
  if (slot == nullptr) return 0;
  slot->reset(session);
  return 1;  // we own it
}

std::string ErrorQueue() {
  std::string out;
  const char* file;
  const char* data;
  int line, flags;
  while (uint32_t e = ERR_get_error_line_data(&file, &line, &data, &flags)) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    absl::StrAppend(&out, out.empty() ? "" : "; ", buf);
    if (flags & ERR_FLAG_STRING) absl::StrAppend(&out, ":", data);
  }
  return out;
}

// ClientCtx returns a client context trusting the test CA, with CT enforced.
bssl::UniquePtr<SSL_CTX> ClientCtx(std::shared_ptr<const CtEnforcer> enforcer,
                                   bool trust_ca = true) {
  bssl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  if (trust_ca) {
    EXPECT_TRUE(SSL_CTX_load_verify_locations(ctx.get(), Path("ca.pem").c_str(), nullptr));
  }
  EXPECT_TRUE(EnableCtEnforcement(ctx.get(), std::move(enforcer)).ok());
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
  SSL_CTX_sess_set_new_cb(ctx.get(), NewSession);
  return ctx;
}

Handshake Connect(SSL_CTX* ctx, int port, const std::string& host = "localhost",
                  SSL_SESSION* resume = nullptr) {
  Handshake h;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    h.error = "connect failed";
    if (fd >= 0) close(fd);
    return h;
  }
  bssl::UniquePtr<SSL> ssl(SSL_new(ctx));
  SSL_set_fd(ssl.get(), fd);
  SSL_set_tlsext_host_name(ssl.get(), "localhost");
  SSL_set1_host(ssl.get(), host.c_str());
  SSL_set_app_data(ssl.get(), &h.session);
  if (resume != nullptr) SSL_set_session(ssl.get(), resume);
  h.ok = SSL_connect(ssl.get()) == 1;
  if (h.ok) {
    char byte;
    SSL_read(ssl.get(), &byte, 1);  // the server's one byte; TLS 1.3 tickets come first
    h.reused = SSL_session_reused(ssl.get());
  } else {
    h.error = ErrorQueue();
  }
  if (const CtEnforcement* ct = GetCtEnforcement(ssl.get())) h.ct = *ct;
  h.chain_error = GetChainVerifyResult(ssl.get());
  ERR_clear_error();
  SSL_set_app_data(ssl.get(), nullptr);
  close(fd);
  return h;
}

std::shared_ptr<const CtEnforcer> Enforcer(const std::string& list_json,
                                           CtEnforcerOptions options = {},
                                           std::shared_ptr<LogListSource>* source_out = nullptr) {
  std::shared_ptr<LogListSource> source = *LogListSource::FromJson(list_json);
  if (source_out) *source_out = source;
  options.log_list = source;
  return *CtEnforcer::Create(std::move(options));
}

std::unique_ptr<TlsTestServer> Serve(const std::string& chain, const std::string& scts = "",
                                     const std::string& ocsp = "", uint16_t max_version = 0) {
  TlsServerConfig config;
  config.chain_pem_path = Path(chain);
  config.key_pem_path = Path("leaf-key.pem");
  config.sct_list = scts.empty() ? "" : File(scts);
  config.ocsp = ocsp.empty() ? "" : File(ocsp);
  config.max_version = max_version;
  absl::StatusOr<std::unique_ptr<TlsTestServer>> server = TlsTestServer::Start(std::move(config));
  EXPECT_TRUE(server.ok()) << server.status();
  return *std::move(server);
}

class BoringSslHookTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::string> dir = ct::testing::MakeTestPki("hook_pki");
    ASSERT_TRUE(dir.ok()) << dir.status();
    pki = new std::string(*dir);
  }
};

TEST_F(BoringSslHookTest, EachChannelAloneSatisfiesThePolicy) {
  struct Case {
    const char* chain;
    const char* scts;
    const char* ocsp;
    SctSource source;
  } cases[] = {
      {"chain.pem", "", "", SctSource::kEmbedded},
      {"plain-chain.pem", "plain-tls-scts.bin", "", SctSource::kTlsExtension},
      {"plain-chain.pem", "", "plain-ocsp.der", SctSource::kOcsp},
  };
  for (uint16_t version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(absl::StrCat(c.chain, " ", c.scts, c.ocsp, " version ", version));
      auto server = Serve(c.chain, c.scts, c.ocsp, version);
      auto ctx = ClientCtx(Enforcer(File("log-list.json")));
      Handshake h = Connect(ctx.get(), server->port());
      EXPECT_TRUE(h.ok) << h.error;
      ASSERT_TRUE(h.ct.has_value());
      EXPECT_EQ(h.ct->verdict, CtVerdict::kCompliant) << h.ct->message;
      ASSERT_EQ(h.ct->scts.size(), 2u);
      for (const SctCheck& s : h.ct->scts) {
        EXPECT_EQ(s.verification.source, c.source);
        EXPECT_EQ(s.verification.status, SctStatus::kValid);
      }
    }
  }
}

TEST_F(BoringSslHookTest, NoSctsFailsTheHandshakeWhenEnforcing) {
  auto server = Serve("plain-chain.pem");
  auto ctx = ClientCtx(Enforcer(File("log-list.json")));
  Handshake h = Connect(ctx.get(), server->port());
  EXPECT_FALSE(h.ok);
  EXPECT_NE(h.error.find("CERTIFICATE_VERIFY_FAILED"), std::string::npos) << h.error;
  EXPECT_NE(h.error.find("CT: CT not compliant (chrome)"), std::string::npos) << h.error;
  ASSERT_TRUE(h.ct.has_value());
  EXPECT_EQ(h.ct->verdict, CtVerdict::kNotCompliant);
  EXPECT_FALSE(h.ct->allowed);
}

TEST_F(BoringSslHookTest, ReportOnlyPassesWithTheVerdict) {
  auto server = Serve("plain-chain.pem");
  CtEnforcerOptions options;
  options.enforce = false;
  auto ctx = ClientCtx(Enforcer(File("log-list.json"), options));
  Handshake h = Connect(ctx.get(), server->port());
  EXPECT_TRUE(h.ok) << h.error;
  ASSERT_TRUE(h.ct.has_value());
  EXPECT_EQ(h.ct->verdict, CtVerdict::kNotCompliant);
  EXPECT_TRUE(h.ct->allowed);
}

TEST_F(BoringSslHookTest, SctsFromUnknownOrRetiredLogsDoNotCount) {
  auto server = Serve("chain.pem");
  const std::string list = File("log-list.json");
  for (const std::string& bad :
       {ct::testing::WithoutLog(list, "ctcore test log 1"),
        ct::testing::WithLogState(list, "ctcore test log 1", "retired",
                                  absl::Now() - absl::Hours(2))}) {
    auto ctx = ClientCtx(Enforcer(bad));
    Handshake h = Connect(ctx.get(), server->port());
    EXPECT_FALSE(h.ok);
    ASSERT_TRUE(h.ct.has_value());
    EXPECT_EQ(h.ct->verdict, CtVerdict::kNotCompliant);
  }
}

TEST_F(BoringSslHookTest, StaleListBothWays) {
  auto server = Serve("plain-chain.pem");  // no SCT at all
  const std::string stale =
      ct::testing::WithListTimestamp(File("log-list.json"), absl::Now() - absl::Hours(71 * 24));
  for (bool fail_closed : {false, true}) {
    CtEnforcerOptions options;
    options.fail_closed_on_stale_list = fail_closed;
    auto ctx = ClientCtx(Enforcer(stale, options));
    Handshake h = Connect(ctx.get(), server->port());
    EXPECT_EQ(h.ok, !fail_closed) << h.error;
    ASSERT_TRUE(h.ct.has_value());
    EXPECT_EQ(h.ct->verdict, CtVerdict::kLogListStale);
  }
}

TEST_F(BoringSslHookTest, PrivateRootIsExempted) {
  auto server = Serve("plain-chain.pem");
  absl::StatusOr<CertificateChain> ca = CertificateChain::FromPem(File("ca.pem"));
  ASSERT_TRUE(ca.ok());
  CtEnforcerOptions options;
  options.ct_required = ExemptPrivateRoots({ca->leaf().SpkiHash()});
  auto ctx = ClientCtx(Enforcer(File("log-list.json"), options));
  Handshake h = Connect(ctx.get(), server->port());
  EXPECT_TRUE(h.ok) << h.error;
  ASSERT_TRUE(h.ct.has_value());
  EXPECT_EQ(h.ct->verdict, CtVerdict::kNotRequired);
}

TEST_F(BoringSslHookTest, NormalVerificationStillComesFirst) {
  auto server = Serve("chain.pem");
  for (bool enforce : {true, false}) {
    CtEnforcerOptions options;
    options.enforce = enforce;
    // Wrong host name: fails as without CT, and CT does not run.
    auto ctx = ClientCtx(Enforcer(File("log-list.json"), options));
    Handshake h = Connect(ctx.get(), server->port(), "example.com");
    EXPECT_FALSE(h.ok);
    EXPECT_NE(h.error.find("does not verify (before CT)"), std::string::npos) << h.error;
    EXPECT_EQ(h.chain_error, X509_V_ERR_HOSTNAME_MISMATCH);
    EXPECT_FALSE(h.ct.has_value());
    // An untrusted CA: the same.
    auto untrusted = ClientCtx(Enforcer(File("log-list.json"), options), /*trust_ca=*/false);
    h = Connect(untrusted.get(), server->port());
    EXPECT_FALSE(h.ok);
    EXPECT_EQ(h.chain_error, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);  // the server sends its root
    EXPECT_FALSE(h.ct.has_value());
    // The right name: fine.
    h = Connect(ctx.get(), server->port());
    EXPECT_TRUE(h.ok) << h.error;
    EXPECT_EQ(h.chain_error, X509_V_OK);
  }
}

TEST_F(BoringSslHookTest, ResumptionReverifiesWithTheCurrentList) {
  for (uint16_t version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    SCOPED_TRACE(version);
    auto server = Serve("chain.pem", "", "", version);
    std::shared_ptr<LogListSource> source;
    auto ctx = ClientCtx(Enforcer(File("log-list.json"), {}, &source));
    Handshake first = Connect(ctx.get(), server->port());
    ASSERT_TRUE(first.ok) << first.error;
    ASSERT_TRUE(first.session != nullptr);
    EXPECT_FALSE(first.reused);

    Handshake resumed = Connect(ctx.get(), server->port(), "localhost", first.session.get());
    ASSERT_TRUE(resumed.ok) << resumed.error;
    EXPECT_TRUE(resumed.reused);
    ASSERT_TRUE(resumed.ct.has_value());  // verified again, not copied
    EXPECT_EQ(resumed.ct->verdict, CtVerdict::kCompliant);
    EXPECT_EQ(resumed.ct->scts.size(), 2u);

    // The list no longer has log 1: the stored session no longer passes.
    ASSERT_TRUE(source->Replace(ct::testing::WithoutLog(File("log-list.json"), "ctcore test log 1")).ok());
    Handshake refused = Connect(ctx.get(), server->port(), "localhost", first.session.get());
    EXPECT_FALSE(refused.ok);
    ASSERT_TRUE(refused.ct.has_value());
    EXPECT_EQ(refused.ct->verdict, CtVerdict::kNotCompliant);
    // A host name check also runs again on resumption.
    ASSERT_TRUE(source->Replace(File("log-list.json")).ok());
    Handshake wrong_host = Connect(ctx.get(), server->port(), "example.com", first.session.get());
    EXPECT_FALSE(wrong_host.ok);
  }
}

TEST_F(BoringSslHookTest, ThousandHandshakesFromEightThreadsWhileTheListIsSwapped) {
  auto server = Serve("chain.pem", "tls-scts.bin", "ocsp.der");
  std::shared_ptr<LogListSource> source;
  auto ctx = ClientCtx(Enforcer(File("log-list.json"), {}, &source));
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);  // full handshakes
  const std::string lists[] = {
      ct::testing::WithoutLog(File("log-list.json"), "ctcore test log 3"),
      File("log-list.json"),
  };
  constexpr int kThreads = 8, kPerThread = 125;
  std::atomic<int> ok{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        Handshake h = Connect(ctx.get(), server->port());
        ok += h.ok && h.ct && h.ct->verdict == CtVerdict::kCompliant;
        ++done;
      }
    });
  }
  // Swap twice, at about a third and two thirds of the way.
  for (const std::string& list : lists) {
    const int target = done.load() + kThreads * kPerThread / 3;
    while (done.load() < std::min(target, kThreads * kPerThread - 1)) std::this_thread::yield();
    ASSERT_TRUE(source->Replace(list).ok());
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  EXPECT_GE(server->handshakes(), kThreads * kPerThread);
}

}  // namespace
}  // namespace ct
