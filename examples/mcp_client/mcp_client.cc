#include "examples/mcp_client/mcp_client.h"

#include <netdb.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ct/tls/boringssl.h"

namespace ct::examples {
namespace {

// The MCP revision whose Streamable HTTP transport this client speaks.
constexpr char kProtocolVersion[] = "2025-06-18";

struct Url {
  std::string host, port, path;
};

absl::StatusOr<Url> ParseUrl(absl::string_view url) {
  if (!absl::ConsumePrefix(&url, "https://")) {
    return absl::InvalidArgumentError("the MCP server URL must start with https://");
  }
  Url out;
  const size_t slash = url.find('/');
  absl::string_view authority = url.substr(0, slash);
  out.path = slash == absl::string_view::npos ? "/" : std::string(url.substr(slash));
  const size_t colon = authority.rfind(':');
  if (colon != absl::string_view::npos && authority.find(']', colon) == absl::string_view::npos) {
    out.host = std::string(authority.substr(0, colon));
    out.port = std::string(authority.substr(colon + 1));
  } else {
    out.host = std::string(authority);
    out.port = "443";
  }
  if (out.host.size() > 2 && out.host.front() == '[') out.host = out.host.substr(1, out.host.size() - 2);
  if (out.host.empty()) return absl::InvalidArgumentError("the MCP server URL has no host");
  return out;
}

int Connect(const Url& url, absl::Duration timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &res) != 0) return -1;
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
  return fd;
}

std::string SslErrors() {
  std::string out;
  const char* file;
  const char* data;
  int line, flags;
  while (uint32_t e = ERR_get_error_line_data(&file, &line, &data, &flags)) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    absl::StrAppend(&out, out.empty() ? "" : "; ", buf);
    if (flags & ERR_FLAG_STRING) absl::StrAppend(&out, " (", data, ")");
  }
  return out;
}

// DecodeChunked undoes Transfer-Encoding: chunked; false if malformed.
bool DecodeChunked(absl::string_view in, std::string* out) {
  while (true) {
    const size_t eol = in.find("\r\n");
    if (eol == absl::string_view::npos) return false;
    size_t size = 0;
    absl::string_view hex = in.substr(0, eol);
    hex = hex.substr(0, hex.find(';'));
    if (!absl::SimpleHexAtoi(absl::StripAsciiWhitespace(hex), &size)) return false;
    in.remove_prefix(eol + 2);
    if (size == 0) return true;
    if (in.size() < size + 2) return false;
    out->append(in.data(), size);
    in.remove_prefix(size + 2);
  }
}

// JsonRpcFromEventStream returns the first SSE event's data that is a
// JSON-RPC response with id 1.
std::optional<nlohmann::json> JsonRpcFromEventStream(absl::string_view body) {
  std::string data;
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    line = absl::StripSuffix(line, "\r");
    if (line.empty()) {  // end of one event
      nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
      if (j.is_object() && j.value("id", 0) == 1) return j;
      data.clear();
      continue;
    }
    if (absl::ConsumePrefix(&line, "data:")) {
      if (!data.empty()) data += "\n";
      absl::StrAppend(&data, absl::StripLeadingAsciiWhitespace(line));
    }
  }
  nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
  if (j.is_object() && j.value("id", 0) == 1) return j;
  return std::nullopt;
}

}  // namespace

absl::StatusOr<McpInitializeResult> McpInitialize(SSL_CTX* ctx, const std::string& url_text,
                                                  absl::Duration timeout,
                                                  std::optional<CtEnforcement>* ct_out) {
  absl::StatusOr<Url> url = ParseUrl(url_text);
  if (!url.ok()) return url.status();
  const int fd = Connect(*url, timeout);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot connect to ", url_text));
  bssl::UniquePtr<SSL> ssl(SSL_new(ctx));
  SSL_set_fd(ssl.get(), fd);
  SSL_set_tlsext_host_name(ssl.get(), url->host.c_str());
  SSL_set1_host(ssl.get(), url->host.c_str());
  const bool handshake_ok = SSL_connect(ssl.get()) == 1;
  McpInitializeResult result;
  if (const CtEnforcement* ct = GetCtEnforcement(ssl.get())) result.ct = *ct;
  if (ct_out != nullptr) *ct_out = result.ct;
  if (!handshake_ok) {
    const std::string why = SslErrors();
    close(fd);
    return absl::UnavailableError(absl::StrCat("TLS handshake with ", url->host, " failed: ", why));
  }

  const nlohmann::json request = {
      {"jsonrpc", "2.0"},
      {"id", 1},
      {"method", "initialize"},
      {"params",
       {{"protocolVersion", kProtocolVersion},
        {"capabilities", nlohmann::json::object()},
        {"clientInfo", {{"name", "ctcore-mcp-client"}, {"version", "0.1"}}}}}};
  const std::string body = request.dump();
  const std::string http = absl::StrCat(
      "POST ", url->path, " HTTP/1.1\r\nHost: ", url->host, ":", url->port,
      "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
      "Content-Length: ", body.size(), "\r\nConnection: close\r\n\r\n", body);
  if (SSL_write(ssl.get(), http.data(), static_cast<int>(http.size())) !=
      static_cast<int>(http.size())) {
    close(fd);
    return absl::UnavailableError("sending the initialize request failed");
  }
  std::string response;
  char buf[4096];
  int n;
  while ((n = SSL_read(ssl.get(), buf, sizeof(buf))) > 0) response.append(buf, n);
  SSL_shutdown(ssl.get());
  close(fd);
  ERR_clear_error();

  // Status line, headers, body.
  const size_t header_end = response.find("\r\n\r\n");
  if (header_end == std::string::npos) return absl::DataLossError("not an HTTP response");
  std::vector<std::string> lines = absl::StrSplit(response.substr(0, header_end), "\r\n");
  std::vector<std::string> status = absl::StrSplit(lines[0], ' ');
  if (status.size() < 2 || !absl::SimpleAtoi(status[1], &result.http_status)) {
    return absl::DataLossError("not an HTTP response");
  }
  std::string content_type, encoding;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    const std::string name = absl::AsciiStrToLower(lines[i].substr(0, colon));
    const std::string value(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
    if (name == "content-type") content_type = absl::AsciiStrToLower(value);
    if (name == "transfer-encoding") encoding = absl::AsciiStrToLower(value);
    if (name == "mcp-session-id") result.session_id = value;
  }
  std::string payload = response.substr(header_end + 4);
  if (encoding == "chunked") {
    std::string decoded;
    if (!DecodeChunked(payload, &decoded)) return absl::DataLossError("bad chunked body");
    payload = std::move(decoded);
  }
  if (result.http_status != 200) {
    return absl::DataLossError(absl::StrCat("the server answered HTTP ", result.http_status));
  }
  if (absl::StartsWith(content_type, "text/event-stream")) {
    std::optional<nlohmann::json> j = JsonRpcFromEventStream(payload);
    if (!j) return absl::DataLossError("no JSON-RPC response in the event stream");
    result.response = *std::move(j);
  } else {
    result.response = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  }
  if (!result.response.is_object() || result.response.value("jsonrpc", "") != "2.0" ||
      !(result.response.contains("result") || result.response.contains("error"))) {
    return absl::DataLossError("the answer is not a JSON-RPC response");
  }
  return result;
}

}  // namespace ct::examples
