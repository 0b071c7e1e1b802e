// File: examples/mcp_client/mcp_client.h
// An example MCP client over Streamable HTTP that refuses servers whose
// certificates were not logged: it sends the JSON-RPC `initialize` request as
// an HTTPS POST on an SSL_CTX where ct::EnableCtEnforcement is installed, so
// nothing is sent unless the handshake passed chain, host name and CT checks.
#ifndef CT_EXAMPLES_MCP_CLIENT_MCP_CLIENT_H_
#define CT_EXAMPLES_MCP_CLIENT_MCP_CLIENT_H_

#include <openssl/ssl.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ct/tls/ct_enforcer.h"
#include "nlohmann/json.hpp"

namespace ct::examples {

// McpInitializeResult is the server's answer and the connection's CT result.
struct McpInitializeResult {
  int http_status = 0;
  std::string session_id;          // Mcp-Session-Id header, "" if none
  nlohmann::json response;         // the JSON-RPC response object
  std::optional<CtEnforcement> ct;  // ct::GetCtEnforcement after the handshake
};

// McpInitialize POSTs `initialize` to `url` ("https://host[:port]/path") over
// a connection made with `ctx`. kUnavailable when the connection or the
// handshake fails (the message carries the CT or verification reason, and
// `ct_out`, if not null, the CT result); kInvalidArgument for a bad URL;
// kDataLoss for an answer that is not HTTP 200 with a JSON-RPC response
// (application/json or text/event-stream).
absl::StatusOr<McpInitializeResult> McpInitialize(SSL_CTX* ctx, const std::string& url,
                                                  absl::Duration timeout,
                                                  std::optional<CtEnforcement>* ct_out = nullptr);

}  // namespace ct::examples

#endif  // CT_EXAMPLES_MCP_CLIENT_MCP_CLIENT_H_
