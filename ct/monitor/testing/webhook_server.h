// File: ct/monitor/testing/webhook_server.h
// Test-only: testing/webhook_test_server.py (a webhook receiver with
// switchable failures, see its docstring) on 127.0.0.1 for a test's lifetime.
#ifndef CT_MONITOR_TESTING_WEBHOOK_SERVER_H_
#define CT_MONITOR_TESTING_WEBHOOK_SERVER_H_

#include <string>
#include <vector>

#include "ct/testing/loopback_server.h"
#include "nlohmann/json.hpp"

namespace ct::testing {

// WebhookServer starts the receiver (port() is 0 if it did not start) and
// stops it (SIGTERM) on destruction.
class WebhookServer {
 public:
  WebhookServer() : server_("ct/monitor/testing/webhook_test_server.py", {}) {}

  int port() const { return server_.port(); }
  // Url returns http://127.0.0.1:PORT/`path`.
  std::string Url(const std::string& path) const { return server_.Url(path); }
  // Bodies returns what POST /`path` recorded, parsed, in arrival order.
  std::vector<nlohmann::json> Bodies(const std::string& path) const;

 private:
  LoopbackServer server_;
};

}  // namespace ct::testing

#endif  // CT_MONITOR_TESTING_WEBHOOK_SERVER_H_
