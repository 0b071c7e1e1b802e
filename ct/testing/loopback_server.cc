#include "ct/testing/loopback_server.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/testing/testdata.h"

extern char** environ;

namespace ct::testing {

LoopbackServer::LoopbackServer(const std::string& script_runfile, std::vector<std::string> args) {
  static std::atomic<int> count{0};
  const char* tmp = std::getenv("TEST_TMPDIR");
  port_file_ = absl::StrCat(tmp ? tmp : "/tmp", "/loopback_server_port_", getpid(), "_", ++count);
  unlink(port_file_.c_str());
  args.insert(args.begin(), {"python3", Runfile(script_runfile)});
  args.push_back(port_file_);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawnp(&pid_, "python3", nullptr, nullptr, argv.data(), environ) != 0) pid_ = 0;
  for (int i = 0; i < 200 && pid_ > 0; ++i) {
    std::ifstream in(port_file_);
    if (in >> port_) break;
    port_ = 0;
    absl::SleepFor(absl::Milliseconds(50));
  }
}

LoopbackServer::~LoopbackServer() { Stop(); }

void LoopbackServer::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  unlink(port_file_.c_str());
}

std::string LoopbackServer::Url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", port_, "/", path);
}

}  // namespace ct::testing
