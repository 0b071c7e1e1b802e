// File: tools/ct/testing/run_ct.h
// Test-only: run the `ct` binary of the test's runfiles as a child process,
// with stdout and stderr captured in files, and wait for it or kill it.
#ifndef CT_TOOLS_CT_TESTING_RUN_CT_H_
#define CT_TOOLS_CT_TESTING_RUN_CT_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace ct::testing {

// CtResult is a finished run: exit code (128 + signal if killed) and output.
struct CtResult {
  int code = -1;
  std::string out, err;
};

// StartCt starts `ct ARGS...` with stdout/stderr in `out_prefix`.out/.err
// (stdin from /dev/null) and returns its pid.
pid_t StartCt(const std::vector<std::string>& args, const std::string& out_prefix);

// WaitCt waits for `pid` started with `out_prefix` and returns its result.
CtResult WaitCt(pid_t pid, const std::string& out_prefix);

// RunCt runs `ct ARGS...` to the end.
CtResult RunCt(const std::vector<std::string>& args, const std::string& out_prefix);

// ReadTestFile returns the contents of `path` ("" if it cannot be read);
// WriteTestFile replaces it.
std::string ReadTestFile(const std::string& path);
void WriteTestFile(const std::string& path, const std::string& data);

}  // namespace ct::testing

#endif  // CT_TOOLS_CT_TESTING_RUN_CT_H_
