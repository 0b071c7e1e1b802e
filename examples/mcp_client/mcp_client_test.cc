// The example MCP client against a loopback HTTPS server answering JSON-RPC,
// with the test PKI's certificates carrying SCTs on each channel in turn.
#include "examples/mcp_client/mcp_client.h"

#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "ct/tls/boringssl.h"
#include "ct/tls/ct_enforcer.h"
#include "ct/tls/testing/tls_test_server.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct::examples {
namespace {

using ::ct::testing::ReadFileOrDie;

std::string* pki = nullptr;
std::string Path(const std::string& name) { return *pki + "/" + name; }

class McpClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::string> dir = ct::testing::MakeTestPki("mcp_pki");
    ASSERT_TRUE(dir.ok()) << dir.status();
    pki = new std::string(*dir);
  }

  // Serve starts an MCP-ish server: POST /mcp with a JSON-RPC initialize is
  // answered (as JSON, or as one SSE event when `sse`); anything else is 400.
  std::unique_ptr<ct::testing::TlsTestServer> Serve(const std::string& chain,
                                                    const std::string& scts,
                                                    const std::string& ocsp, bool sse = false) {
    ct::testing::TlsServerConfig config;
    config.chain_pem_path = Path(chain);
    config.key_pem_path = Path("leaf-key.pem");
    if (!scts.empty()) config.sct_list = ReadFileOrDie(Path(scts));
    if (!ocsp.empty()) config.ocsp = ReadFileOrDie(Path(ocsp));
    config.http = [this, sse](const std::string& method_path, const std::string& body) {
      ++requests_;
      nlohmann::json req = nlohmann::json::parse(body, nullptr, false);
      if (method_path != "POST /mcp" || !req.is_object() || req.value("method", "") != "initialize" ||
          req.value("jsonrpc", "") != "2.0" || !req["params"].contains("protocolVersion")) {
        return std::string("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
      }
      const std::string answer =
          nlohmann::json{{"jsonrpc", "2.0"},
                         {"id", req["id"]},
                         {"result",
                          {{"protocolVersion", req["params"]["protocolVersion"]},
                           {"capabilities", {{"tools", nlohmann::json::object()}}},
                           {"serverInfo", {{"name", "loopback-mcp"}, {"version", "1"}}}}}}
              .dump();
      const std::string payload = sse ? absl::StrCat("event: message\ndata: ", answer, "\n\n") : answer;
      return absl::StrCat("HTTP/1.1 200 OK\r\nContent-Type: ",
                          sse ? "text/event-stream" : "application/json",
                          "\r\nMcp-Session-Id: s-1\r\nContent-Length: ", payload.size(),
                          "\r\nConnection: close\r\n\r\n", payload);
    };
    auto server = ct::testing::TlsTestServer::Start(std::move(config));
    EXPECT_TRUE(server.ok()) << server.status();
    return *std::move(server);
  }

  bssl::UniquePtr<SSL_CTX> Client(bool enforce = true) {
    CtEnforcerOptions options;
    options.log_list = *LogListSource::Load({Path("log-list.json")});
    options.enforce = enforce;
    bssl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
    EXPECT_TRUE(SSL_CTX_load_verify_locations(ctx.get(), Path("ca.pem").c_str(), nullptr));
    EXPECT_TRUE(EnableCtEnforcement(ctx.get(), *CtEnforcer::Create(options)).ok());
    return ctx;
  }

  std::atomic<int> requests_{0};
};

TEST_F(McpClientTest, InitializesOverEachSctChannel) {
  struct Case {
    const char* chain;
    const char* scts;
    const char* ocsp;
  } cases[] = {{"chain.pem", "", ""},
               {"plain-chain.pem", "plain-tls-scts.bin", ""},
               {"plain-chain.pem", "", "plain-ocsp.der"}};
  for (const Case& c : cases) {
    for (bool sse : {false, true}) {
      SCOPED_TRACE(absl::StrCat(c.chain, c.scts, c.ocsp, sse ? " sse" : " json"));
      auto server = Serve(c.chain, c.scts, c.ocsp, sse);
      auto ctx = Client();
      absl::StatusOr<McpInitializeResult> r = McpInitialize(
          ctx.get(), absl::StrCat("https://localhost:", server->port(), "/mcp"), absl::Seconds(10));
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_EQ(r->http_status, 200);
      EXPECT_EQ(r->session_id, "s-1");
      EXPECT_EQ(r->response["result"]["serverInfo"]["name"], "loopback-mcp");
      ASSERT_TRUE(r->ct.has_value());
      EXPECT_EQ(r->ct->verdict, CtVerdict::kCompliant) << r->ct->message;
    }
  }
  EXPECT_EQ(requests_.load(), 6);
}

TEST_F(McpClientTest, RefusesAnUnloggedServerBeforeSendingAnything) {
  auto server = Serve("plain-chain.pem", "", "");
  auto ctx = Client();
  std::optional<CtEnforcement> ct;
  absl::StatusOr<McpInitializeResult> r = McpInitialize(
      ctx.get(), absl::StrCat("https://localhost:", server->port(), "/mcp"), absl::Seconds(10), &ct);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("CT not compliant"), std::string::npos) << r.status();
  ASSERT_TRUE(ct.has_value());
  EXPECT_EQ(ct->verdict, CtVerdict::kNotCompliant);
  EXPECT_EQ(requests_.load(), 0);

  // Report-only: the request goes through, the verdict is kept.
  auto report = Client(/*enforce=*/false);
  r = McpInitialize(report.get(), absl::StrCat("https://localhost:", server->port(), "/mcp"),
                    absl::Seconds(10));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->ct->verdict, CtVerdict::kNotCompliant);
  EXPECT_EQ(requests_.load(), 1);
}

TEST_F(McpClientTest, WrongHostAndBadUrls) {
  auto server = Serve("chain.pem", "", "");
  auto ctx = Client();
  // 127.0.0.1 is in the certificate too; "127.0.0.2" is not.
  absl::StatusOr<McpInitializeResult> r = McpInitialize(
      ctx.get(), absl::StrCat("https://127.0.0.2:", server->port(), "/mcp"), absl::Seconds(10));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(McpInitialize(ctx.get(), "http://localhost/mcp", absl::Seconds(1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  r = McpInitialize(ctx.get(), absl::StrCat("https://localhost:", server->port(), "/other"),
                    absl::Seconds(10));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ct::examples
