// File: ct/rfc6962/testing/test_log.h
// Test-only: an RFC 6962 log for ct/rfc6962 tests, built from the entries of
// a real-shaped static-ct-api test log (//ct/tiles/writer:make_test_log
// --x509: certificates and precertificates under a test CA), served over
// HTTP on 127.0.0.1 by rfc6962_test_server.py with switchable faults.
//
// Example:
//   absl::StatusOr<ct::testing::Rfc6962TestLog> log = ct::testing::MakeRfc6962TestLog(600, 200);
//   ct::testing::LoopbackRfc6962Server server(log->dir);
//   std::string prefix = server.Prefix("cap31");  // http://127.0.0.1:P/cap31/
#ifndef CT_RFC6962_TESTING_TEST_LOG_H_
#define CT_RFC6962_TESTING_TEST_LOG_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/rfc6962/responses.h"
#include "ct/sct/log_verifier.h"
#include "ct/testing/loopback_server.h"

namespace ct::testing {

// Rfc6962TestLog is the server's data directory and what the tests expect.
struct Rfc6962TestLog {
  std::string dir;        // DATA_DIR of rfc6962_test_server.py
  std::string tiles_dir;  // the same entries as a static-ct-api log
  Hash tiles_root{};      // the root make_test_log printed for the tiled log
  std::vector<RawLogEntry> entries;
  std::vector<Hash> leaf_hashes;
  Bytes sth_key_spki;     // the key that signs the STHs (P-256)
  std::string sth_key_file;  // sth_key_spki (DER) in a file, for `ct --key`
  SignedTreeHead good;    // size entries.size()
  SignedTreeHead small;   // size small_size, older
  uint64_t tamper_index = 0;    // mode "tamper" flips a byte of this leaf_input
  uint64_t badchain_index = 0;  // mode "badchain" gives it another entry's extra_data
  absl::Time now;               // a clock just after `good`

  // Verifier returns a LogVerifier for sth_key_spki.
  LogVerifier Verifier() const;
};

// MakeRfc6962TestLog writes a log of `size` entries under TEST_TMPDIR with
// tree heads at `size` and `small_size`, plus the fault STHs the server
// serves (bad signature, fork, shrunk, future, a forked bigger tree).
absl::StatusOr<Rfc6962TestLog> MakeRfc6962TestLog(uint64_t size, uint64_t small_size);

// LoopbackRfc6962Server runs rfc6962_test_server.py on `dir` for its
// lifetime (SIGTERM on destruction).
class LoopbackRfc6962Server {
 public:
  explicit LoopbackRfc6962Server(const std::string& dir);
  LoopbackRfc6962Server(const LoopbackRfc6962Server&) = delete;
  LoopbackRfc6962Server& operator=(const LoopbackRfc6962Server&) = delete;

  // port is 0 if the server did not start.
  int port() const { return server_.port(); }
  // pid is the server process (benchmarks read its CPU time).
  pid_t pid() const { return server_.pid(); }
  // Prefix returns the log URL for fault `mode` ("plain", "cap31", ...).
  std::string Prefix(const std::string& mode) const { return server_.Url(mode + "/"); }

 private:
  LoopbackServer server_;
};

// RunningTestLog is a test log with its loopback server running, for a test
// suite's setup (derive from it to add fields).
struct RunningTestLog {
  Rfc6962TestLog log;
  std::unique_ptr<LoopbackRfc6962Server> server;
  std::string error;  // "" once the log is built and the server started
};

// StartTestLog builds a log (MakeRfc6962TestLog(`size`, `small_size`)) into
// `out` and starts its server; a failure is written to out->error.
void StartTestLog(uint64_t size, uint64_t small_size, RunningTestLog* out);

}  // namespace ct::testing

#endif  // CT_RFC6962_TESTING_TEST_LOG_H_
