#include "ct/monitor/testing/webhook_server.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/tiles/http_fetcher.h"

extern char** environ;

namespace ct::testing {
namespace {

std::string Runfile(const std::string& path) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* ws = std::getenv("TEST_WORKSPACE");
  return absl::StrCat(srcdir ? srcdir : ".", "/", ws ? ws : "ctcore", "/", path);
}

}  // namespace

WebhookServer::WebhookServer() {
  const char* tmp = std::getenv("TEST_TMPDIR");
  port_file_ = absl::StrCat(tmp ? tmp : "/tmp", "/webhook_port_", getpid(), "_",
                            reinterpret_cast<uintptr_t>(this));
  std::vector<std::string> args = {"python3", Runfile("ct/monitor/testing/webhook_test_server.py"),
                                   port_file_};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawnp(&pid_, "python3", nullptr, nullptr, argv.data(), environ) != 0) pid_ = 0;
  for (int i = 0; i < 200 && pid_ > 0; ++i) {
    std::ifstream in(port_file_);
    if (in >> port_) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
}

WebhookServer::~WebhookServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  unlink(port_file_.c_str());
}

std::string WebhookServer::Url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", port_, "/", path);
}

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
