#include "ct/monitor/testing/webhook_server.h"

#include <memory>

#include "ct/tiles/http_fetcher.h"

namespace ct::testing {

std::vector<nlohmann::json> WebhookServer::Bodies(const std::string& path) const {
  std::vector<nlohmann::json> out;
  HttpFetcherOptions o;
  o.prefix = Url("");
  absl::StatusOr<std::unique_ptr<HttpFetcher>> f = HttpFetcher::Create(o);
  if (!f.ok()) return out;
  absl::StatusOr<std::string> body = (*f)->Fetch("_bodies/" + path);
  if (!body.ok()) return out;
  for (const auto& s : nlohmann::json::parse(*body)) {
    out.push_back(nlohmann::json::parse(s.get<std::string>()));
  }
  return out;
}

}  // namespace ct::testing
