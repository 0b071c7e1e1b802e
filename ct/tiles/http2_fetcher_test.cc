// HttpFetcher over HTTPS + HTTP/2 against a real nginx on 127.0.0.1.
//
// The test writes a small log with //ct/tiles/writer:make_test_log, a
// throw-away CA and a 127.0.0.1/localhost server certificate with
// //tools/testing:make_test_pki (twice: the second CA is the "wrong" one),
// and runs nginx (Debian's nginx-light, installed by scripts/setup) in the
// foreground with a generated configuration in a temporary directory. nginx's
// access log ($server_protocol $connection ...) is the independent oracle for
// the protocol and for connection reuse.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/tiles/http_fetcher.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

std::string Runfile(const std::string& path) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  return srcdir ? absl::StrCat(srcdir, "/ctcore/", path) : path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  return static_cast<bool>(out);
}

// Spawn starts argv[0] with stdout/stderr redirected to `log` (if not
// empty); the child is killed if this process dies.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int fd = log.empty() ? -1 : open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (fd >= 0) close(fd);
  return pid;
}

// RunTool runs a tool to completion; returns "" on success, else what went wrong.
std::string RunTool(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = Spawn(args, log);
  if (pid < 0) return absl::StrCat("fork: ", strerror(errno));
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return absl::StrCat("waitpid: ", strerror(errno));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  return absl::StrCat(args[0], " failed (status ", status, "): ", ReadFile(log));
}

std::string FindNginx() {
  std::vector<std::string> dirs = {"/usr/sbin", "/sbin", "/usr/local/sbin"};
  if (const char* path = std::getenv("PATH")) {
    for (absl::string_view d : absl::StrSplit(path, ':')) dirs.emplace_back(d);
  }
  for (const std::string& d : dirs) {
    std::string p = d + "/nginx";
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
int FreePort() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  int port = 0;
  if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
      getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(s);
  return port;
}

bool Accepts(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  close(s);
  return ok;
}

// LogLine is one line of nginx's access log (log_format "oracle").
struct LogLine {
  int port = 0;
  std::string protocol;  // "HTTP/2.0", "HTTP/1.1"
  std::string connection;
  int connection_requests = 0;
  std::string uri;
  int status = 0;
  std::string content_encoding;  // "-" if none
};

// Nginx runs nginx in the foreground on two free ports of 127.0.0.1: `h2_port`
// offers HTTP/2 (ALPN h2, http/1.1), `h1_port` HTTP/1.1 only; both serve
// `root` over TLS with gzip on for every file.
class Nginx {
 public:
  ~Nginx() { Stop(); }

  // Start returns "" once both ports accept connections, else the reason.
  std::string Start(const std::string& dir, const std::string& root, const std::string& pki) {
    std::string binary = FindNginx();
    if (binary.empty()) {
      return "nginx not found (looked in /usr/sbin, /sbin, /usr/local/sbin and PATH): run "
             "scripts/setup, which installs Debian's nginx-light";
    }
    dir_ = dir;
    std::string why;
    for (int attempt = 0; attempt < 3; ++attempt) {  // a port may be taken meanwhile
      h2_port_ = FreePort();
      h1_port_ = FreePort();
      if (h2_port_ == 0 || h1_port_ == 0 || h2_port_ == h1_port_) continue;
      if (!WriteFile(dir + "/nginx.conf", Config(root, pki))) return "cannot write nginx.conf";
      pid_ = Spawn({binary, "-p", dir + "/", "-c", dir + "/nginx.conf", "-e", dir + "/error.log"},
                   dir + "/nginx.out");
      if (pid_ < 0) return absl::StrCat("fork: ", strerror(errno));
      absl::Time deadline = absl::Now() + absl::Seconds(20);
      while (absl::Now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = 0;
          break;
        }
        if (Accepts(h2_port_) && Accepts(h1_port_)) return "";
        absl::SleepFor(absl::Milliseconds(20));
      }
      Stop();
      why = absl::StrCat("nginx did not start: ", ReadFile(dir + "/nginx.out"),
                         ReadFile(dir + "/error.log"));
    }
    return why;
  }

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    absl::Time deadline = absl::Now() + absl::Seconds(5);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (absl::Now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      absl::SleepFor(absl::Milliseconds(10));
    }
    pid_ = 0;
  }

  int h2_port() const { return h2_port_; }
  int h1_port() const { return h1_port_; }

  // AccessLog returns the access log's lines after the first `skip`, waiting
  // up to 5 s for at least `want` of them (nginx logs after the response).
  std::vector<LogLine> AccessLog(size_t skip, size_t want) const {
    std::vector<LogLine> out;
    absl::Time deadline = absl::Now() + absl::Seconds(5);
    do {
      out.clear();
      std::vector<std::string> lines =
          absl::StrSplit(ReadFile(dir_ + "/access.log"), '\n', absl::SkipEmpty());
      for (size_t i = skip; i < lines.size(); ++i) {
        std::vector<std::string> f = absl::StrSplit(lines[i], ' ');
        LogLine l;
        if (f.size() != 7 || !absl::SimpleAtoi(f[0], &l.port) ||
            !absl::SimpleAtoi(f[3], &l.connection_requests) ||
            !absl::SimpleAtoi(f[5], &l.status)) {
          ADD_FAILURE() << "bad access log line: " << lines[i];
          continue;
        }
        l.protocol = f[1];
        l.connection = f[2];
        l.uri = f[4];
        l.content_encoding = f[6];
        out.push_back(l);
      }
      if (out.size() >= want) break;
      absl::SleepFor(absl::Milliseconds(20));
    } while (absl::Now() < deadline);
    return out;
  }

  size_t AccessLogSize() const { return AccessLog(0, 0).size(); }

 private:
  std::string Config(const std::string& root, const std::string& pki) const {
    const std::string& d = dir_;
    return absl::StrCat(
        "daemon off;\n"
        "master_process off;\n"
        "worker_processes 1;\n"
        "pid ", d, "/nginx.pid;\n"
        "lock_file ", d, "/nginx.lock;\n"
        "error_log ", d, "/error.log info;\n"
        "events { worker_connections 128; }\n"
        "http {\n"
        "  client_body_temp_path ", d, "/client_body;\n"
        "  proxy_temp_path ", d, "/proxy;\n"
        "  fastcgi_temp_path ", d, "/fastcgi;\n"
        "  uwsgi_temp_path ", d, "/uwsgi;\n"
        "  scgi_temp_path ", d, "/scgi;\n"
        "  types { }\n"
        "  default_type application/octet-stream;\n"
        "  log_format oracle '$server_port $server_protocol $connection "
        "$connection_requests $request_uri $status $sent_http_content_encoding';\n"
        "  access_log ", d, "/access.log oracle;\n"
        "  gzip on;\n"
        "  gzip_types application/octet-stream;\n"
        "  gzip_min_length 1;\n"
        "  ssl_certificate ", pki, "/chain.pem;\n"
        "  ssl_certificate_key ", pki, "/leaf-key.pem;\n"
        "  ssl_protocols TLSv1.2 TLSv1.3;\n"
        "  server {\n"
        "    listen 127.0.0.1:", h2_port_, " ssl http2;\n"
        "    root ", root, ";\n"
        "  }\n"
        "  server {\n"
        "    listen 127.0.0.1:", h1_port_, " ssl;\n"
        "    root ", root, ";\n"
        "  }\n"
        "}\n");
  }

  std::string dir_;
  pid_t pid_ = 0;
  int h2_port_ = 0;
  int h1_port_ = 0;
};

// Suite state: the temporary directory, the log, the PKIs and nginx.
struct Env {
  std::string dir;
  std::string log_dir;
  std::string ca_file;        // the CA that issued nginx's certificate
  std::string wrong_ca_file;  // an unrelated CA
  std::vector<std::string> paths;  // every resource of the log
  Nginx nginx;
  std::string error;  // why the environment is unusable, "" if fine
};

class Http2FetcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new Env();
    env_->error = Prepare(*env_);
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(env_->error, "") << "test environment"; }

  static std::string Prepare(Env& env) {
    const char* tmp = std::getenv("TEST_TMPDIR");
    std::string templ = absl::StrCat(tmp ? tmp : "/tmp", "/h2test.XXXXXX");
    if (mkdtemp(templ.data()) == nullptr) return absl::StrCat("mkdtemp: ", strerror(errno));
    env.dir = templ;
    // 16 full data tiles and 16 full level-0 hash tiles, plus partial tiles.
    env.log_dir = env.dir + "/log";
    std::string err = RunTool({Runfile("ct/tiles/writer/make_test_log"), env.log_dir, "--entries",
                           "4096"},
                          env.dir + "/make_test_log.out");
    if (!err.empty()) return err;
    for (const char* pki : {"pki", "wrong_pki"}) {
      if (mkdir((env.dir + "/" + pki).c_str(), 0700) != 0) {
        return absl::StrCat("mkdir: ", strerror(errno));
      }
      err = RunTool({Runfile("tools/testing/make_test_pki"), env.dir + "/" + pki},
                env.dir + "/make_test_pki.out");
      if (!err.empty()) return err;
    }
    env.ca_file = env.dir + "/pki/ca.pem";
    env.wrong_ca_file = env.dir + "/wrong_pki/ca.pem";
    for (const auto& e : std::filesystem::recursive_directory_iterator(env.log_dir)) {
      if (e.is_regular_file()) {
        env.paths.push_back(std::filesystem::relative(e.path(), env.log_dir).string());
      }
    }
    if (env.paths.size() < 34) {
      return absl::StrCat("make_test_log wrote only ", env.paths.size(), " files");
    }
    return env.nginx.Start(env.dir, env.log_dir, env.dir + "/pki");
  }

  std::unique_ptr<HttpFetcher> Make(int port, HttpFetcherOptions o = {}) {
    o.prefix = absl::StrCat("https://127.0.0.1:", port, "/");
    if (o.ca_file.empty()) o.ca_file = env_->ca_file;
    absl::StatusOr<std::unique_ptr<HttpFetcher>> f = HttpFetcher::Create(o);
    EXPECT_TRUE(f.ok()) << f.status();
    return f.ok() ? *std::move(f) : nullptr;
  }

  static Env* env_;
};
Env* Http2FetcherTest::env_ = nullptr;

TEST_F(Http2FetcherTest, FetchAllNegotiatesHttp2ReusesOneConnectionAndDecodesGzip) {
  size_t mark = env_->nginx.AccessLogSize();
  HttpFetcherOptions o;
  o.max_parallel = 8;
  auto f = Make(env_->nginx.h2_port(), o);
  ASSERT_NE(f, nullptr);
  const std::vector<std::string>& paths = env_->paths;
  std::vector<absl::StatusOr<std::string>> got = f->FetchAll(paths);
  for (size_t i = 0; i < paths.size(); ++i) {
    ASSERT_TRUE(got[i].ok()) << paths[i] << ": " << got[i].status();
    EXPECT_EQ(*got[i], ReadFile(env_->log_dir + "/" + paths[i])) << paths[i];
  }
  HttpFetcher::Stats s = f->stats();
  EXPECT_EQ(s.requests, paths.size());
  EXPECT_EQ(s.http2_responses, paths.size());

  // The oracle: nginx saw every request over HTTP/2, gzip-encoded the
  // responses, and multiplexed them over as few connections as we opened.
  std::vector<LogLine> log = env_->nginx.AccessLog(mark, paths.size());
  ASSERT_EQ(log.size(), paths.size());
  std::set<std::string> connections;
  std::set<std::string> uris;
  int max_requests_per_connection = 0;
  for (const LogLine& l : log) {
    EXPECT_EQ(l.port, env_->nginx.h2_port());
    EXPECT_EQ(l.protocol, "HTTP/2.0") << l.uri;
    EXPECT_EQ(l.status, 200) << l.uri;
    EXPECT_EQ(l.content_encoding, "gzip") << l.uri;
    connections.insert(l.connection);
    uris.insert(l.uri);
    max_requests_per_connection = std::max(max_requests_per_connection, l.connection_requests);
  }
  EXPECT_EQ(uris.size(), paths.size());
  EXPECT_LE(connections.size(), 2u) << "HTTP/2 should multiplex, not open a connection each";
  EXPECT_EQ(s.connections, connections.size());
  EXPECT_GE(static_cast<size_t>(max_requests_per_connection),
            paths.size() / connections.size());

  // A second batch (partial tiles are not cached) reuses the connection.
  std::vector<std::string> partials;
  for (const std::string& p : paths) {
    if (absl::StrContains(p, ".p/")) partials.push_back(p);
  }
  ASSERT_FALSE(partials.empty());
  got = f->FetchAll(partials);
  for (size_t i = 0; i < partials.size(); ++i) ASSERT_TRUE(got[i].ok()) << got[i].status();
  HttpFetcher::Stats s2 = f->stats();
  EXPECT_EQ(s2.requests, paths.size() + partials.size());
  EXPECT_EQ(s2.http2_responses, paths.size() + partials.size());
  EXPECT_EQ(s2.connections, s.connections);
  std::vector<LogLine> log2 = env_->nginx.AccessLog(mark + log.size(), partials.size());
  ASSERT_EQ(log2.size(), partials.size());
  for (const LogLine& l : log2) {
    EXPECT_EQ(l.protocol, "HTTP/2.0");
    EXPECT_EQ(connections.count(l.connection), 1u) << "new connection " << l.connection;
  }
}

TEST_F(Http2FetcherTest, UsesHttp11WhenTheServerDoesNotOfferHttp2) {
  size_t mark = env_->nginx.AccessLogSize();
  auto f = Make(env_->nginx.h1_port());
  ASSERT_NE(f, nullptr);
  std::vector<std::string> paths = {"checkpoint", "tile/0/000", "tile/data/000"};
  std::vector<absl::StatusOr<std::string>> got = f->FetchAll(paths);
  for (size_t i = 0; i < paths.size(); ++i) {
    ASSERT_TRUE(got[i].ok()) << paths[i] << ": " << got[i].status();
    EXPECT_EQ(*got[i], ReadFile(env_->log_dir + "/" + paths[i]));
  }
  EXPECT_EQ(f->stats().requests, paths.size());
  EXPECT_EQ(f->stats().http2_responses, 0u);
  std::vector<LogLine> log = env_->nginx.AccessLog(mark, paths.size());
  ASSERT_EQ(log.size(), paths.size());
  for (const LogLine& l : log) {
    EXPECT_EQ(l.port, env_->nginx.h1_port());
    EXPECT_EQ(l.protocol, "HTTP/1.1");
    EXPECT_EQ(l.content_encoding, "gzip");
  }
}

TEST_F(Http2FetcherTest, RejectsACertificateFromAnotherCaWithoutRetrying) {
  size_t mark = env_->nginx.AccessLogSize();
  HttpFetcherOptions o;
  o.ca_file = env_->wrong_ca_file;
  o.initial_backoff = absl::Milliseconds(10);
  auto f = Make(env_->nginx.h2_port(), o);
  ASSERT_NE(f, nullptr);
  absl::StatusOr<std::string> got = f->Fetch("checkpoint");
  ASSERT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition) << got.status();
  EXPECT_TRUE(absl::StrContains(got.status().message(), "TLS certificate verification failed"))
      << got.status();
  EXPECT_TRUE(absl::StrContains(got.status().message(), env_->wrong_ca_file)) << got.status();
  EXPECT_EQ(f->stats().requests, 1u);  // not retried
  EXPECT_EQ(f->stats().http2_responses, 0u);
  EXPECT_EQ(env_->nginx.AccessLogSize(), mark);  // no request reached nginx
}

TEST_F(Http2FetcherTest, SystemTrustStoreDoesNotTrustTheTestCa) {
  HttpFetcherOptions o;
  o.prefix = absl::StrCat("https://127.0.0.1:", env_->nginx.h2_port(), "/");
  absl::StatusOr<std::unique_ptr<HttpFetcher>> f = HttpFetcher::Create(o);  // no ca_file
  ASSERT_TRUE(f.ok()) << f.status();
  absl::StatusOr<std::string> got = (*f)->Fetch("checkpoint");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition) << got.status();
  EXPECT_TRUE(absl::StrContains(got.status().message(), "system default")) << got.status();
}

TEST(HttpFetcherCaFileTest, CreateRejectsAnUnreadableCaFile) {
  HttpFetcherOptions o;
  o.prefix = "https://127.0.0.1:1/";
  o.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(HttpFetcher::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ct
