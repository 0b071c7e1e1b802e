// File: ct/testing/loopback_server.h
// Test-only: a Python 3 HTTP server script of the test's runfiles run on
// 127.0.0.1 for a test's lifetime. The script takes ARGS... PORT_FILE and
// writes its ephemeral port to PORT_FILE once it listens (see
// ct/testing/loopback_http.py, which the scripts share).
//
// Example:
//   ct::testing::LoopbackServer server("ct/tiles/http_fetcher_test_server.py", {root});
//   std::string url = server.Url("plain/");  // http://127.0.0.1:P/plain/
#ifndef CT_TESTING_LOOPBACK_SERVER_H_
#define CT_TESTING_LOOPBACK_SERVER_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace ct::testing {

// LoopbackServer runs `python3 SCRIPT ARGS... PORT_FILE` and waits (up to
// 10 s) for the port; it stops the server (SIGTERM) on Stop or destruction.
class LoopbackServer {
 public:
  // `script_runfile` is a workspace path, e.g. "ct/monitor/testing/x.py".
  LoopbackServer(const std::string& script_runfile, std::vector<std::string> args);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // Stop terminates the server and waits for it (port() is kept).
  void Stop();
  // port is 0 if the server did not start.
  int port() const { return port_; }
  // pid is the server process (0 if it did not start or was stopped).
  pid_t pid() const { return pid_; }
  // Url returns http://127.0.0.1:PORT/`path`.
  std::string Url(const std::string& path) const;

 private:
  pid_t pid_ = 0;
  int port_ = 0;
  std::string port_file_;
};

}  // namespace ct::testing

#endif  // CT_TESTING_LOOPBACK_SERVER_H_
