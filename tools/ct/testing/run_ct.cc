#include "tools/ct/testing/run_ct.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "ct/testing/testdata.h"

namespace ct::testing {

pid_t StartCt(const std::vector<std::string>& args, const std::string& out_prefix) {
  std::string bin = Runfile("tools/ct/ct");
  std::vector<char*> argv = {bin.data()};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string out_path = out_prefix + ".out", err_path = out_prefix + ".err";
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

CtResult WaitCt(pid_t pid, const std::string& out_prefix) {
  int status = 0;
  waitpid(pid, &status, 0);
  CtResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadTestFile(out_prefix + ".out");
  r.err = ReadTestFile(out_prefix + ".err");
  return r;
}

CtResult RunCt(const std::vector<std::string>& args, const std::string& out_prefix) {
  return WaitCt(StartCt(args, out_prefix), out_prefix);
}

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteTestFile(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

}  // namespace ct::testing
