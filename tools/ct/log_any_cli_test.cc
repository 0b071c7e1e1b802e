// `ct log` on an RFC 6962 log (issue #12), end to end: the `ct` binary
// against the loopback RFC 6962 server of ct/rfc6962/testing, and against the
// same entries served as static-ct-api tiles. Covers checkpoint, verify (plain,
// tampered, extra_data that does not chain, the same root through tiles),
// --log-list --log, consistency (good and forked), and resuming an audit with
// --state after kill -9 at random points (every entry checked exactly once).
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/base/encoding.h"
#include "ct/merkle/hash.h"
#include "ct/rfc6962/responses.h"
#include "ct/rfc6962/testing/test_log.h"
#include "ct/sct/log_id.h"
#include "ct/testing/loopback_server.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/ct/testing/run_ct.h"

namespace ct {
namespace {

using ::ct::testing::CtResult;
using ::ct::testing::ReadTestFile;
using ::ct::testing::Runfile;
using ::ct::testing::WriteTestFile;

constexpr uint64_t kSize = 600;
constexpr uint64_t kSmall = 200;

struct Env : testing::RunningTestLog {
  std::string tmp;
};
Env* env = nullptr;

// LogArgs returns the arguments of `ct log ARGS...`.
std::vector<std::string> LogArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "log");
  return args;
}

// RunLog runs `ct log ARGS...` to the end, output under tmp.
CtResult RunLog(const std::vector<std::string>& args) {
  return testing::RunCt(LogArgs(args), env->tmp + "/run");
}

class LogAnyCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env = new Env();
    testing::StartTestLog(kSize, kSmall, env);
    if (!env->error.empty()) return;
    const char* t = std::getenv("TEST_TMPDIR");
    env->tmp = t ? t : "/tmp";
  }
  static void TearDownTestSuite() {
    delete env;
    env = nullptr;
  }
  void SetUp() override { ASSERT_EQ(env->error, ""); }

  static std::vector<std::string> Rfc6962(const std::string& mode) {
    return {env->server->Prefix(mode), "--api", "rfc6962", "--key", env->log.sth_key_file};
  }
  static std::vector<std::string> Cmd(const std::string& sub, std::vector<std::string> where,
                                      std::vector<std::string> more = {}) {
    std::vector<std::string> v = {sub};
    v.insert(v.end(), where.begin(), where.end());
    v.insert(v.end(), more.begin(), more.end());
    return v;
  }
};

TEST_F(LogAnyCliTest, CheckpointPrintsTheVerifiedSth) {
  CtResult r = RunLog(Cmd("checkpoint", Rfc6962("plain")));
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("kind rfc6962\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(absl::StrCat("tree_size ", kSize, "\n")), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(absl::StrCat("root_hash ", HashToBase64(env->log.tiles_root), "\n")),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find(absl::StrCat("timestamp ", env->log.good.timestamp, "\n")),
            std::string::npos) << r.out;

  r = RunLog(Cmd("checkpoint", Rfc6962("plain"), {"--json"}));
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "rfc6962");
  EXPECT_EQ(j["tree_size"], kSize);
  EXPECT_EQ(j["root_hash"], HashToBase64(env->log.tiles_root));
  EXPECT_EQ(j["timestamp"], env->log.good.timestamp);
  EXPECT_EQ(j["log_id"], HashToBase64(LogIdFromKey(env->log.sth_key_spki)));
}

TEST_F(LogAnyCliTest, CheckpointBadSignatureIsExit1AndUnreachableIsExit2) {
  CtResult r = RunLog(Cmd("checkpoint", Rfc6962("badsig")));
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  r = RunLog(
      {"checkpoint", "http://127.0.0.1:1/", "--api", "rfc6962", "--key", env->log.sth_key_file});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  r = RunLog({"checkpoint", env->server->Prefix("plain"), "--api", "rfc6962", "--key", "nokey"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  r = RunLog({"checkpoint", env->server->Prefix("plain"), "--api", "rfc6963", "--key",
              env->log.sth_key_file});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
}

TEST_F(LogAnyCliTest, VerifyPlainAndThroughCaps) {
  for (const char* mode : {"plain", "cap31"}) {
    CtResult r = RunLog(Cmd("verify", Rfc6962(mode), {"--json", "--jobs", "2"}));
    ASSERT_EQ(r.code, 0) << mode << r.out << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["verified"], true);
    EXPECT_EQ(j["entries"], kSize);
    EXPECT_EQ(j["entries_checked"], kSize);
    EXPECT_EQ(j["root_hash"], HashToBase64(env->log.tiles_root));
    EXPECT_GT(j["precertificates_checked"].get<uint64_t>(), 0u);
  }
}

TEST_F(LogAnyCliTest, VerifyNamesTheTamperedEntry) {
  CtResult r = RunLog(Cmd("verify", Rfc6962("tamper"), {"--batch", "64"}));
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(absl::StrCat("entry ", env->log.tamper_index)), std::string::npos)
      << r.err;
}

TEST_F(LogAnyCliTest, VerifyNamesTheEntryWhoseExtraDataDoesNotChain) {
  CtResult r = RunLog(Cmd("verify", Rfc6962("badchain"), {"--json"}));
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(absl::StrCat("entry ", env->log.badchain_index, ": extra_data")),
            std::string::npos) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verified"], false);
  EXPECT_EQ(j["error_kind"], "tampered");
}

TEST_F(LogAnyCliTest, TheSameEntriesAsTilesGiveTheSameRootAndResult) {
  const std::string pem = env->log.tiles_dir + ".pubkey.pem";
  // The fast tile audit, and the cursor (--state) over the tiles.
  CtResult fast = RunLog({"verify", env->log.tiles_dir, "--key", pem, "--json", "--quiet"});
  ASSERT_EQ(fast.code, 0) << fast.out << fast.err;
  EXPECT_EQ(nlohmann::json::parse(fast.out)["root_hash"], HashToBase64(env->log.tiles_root));
  CtResult cursor = RunLog(
      {"verify", env->log.tiles_dir, "--key", pem, "--json", "--state", env->tmp + "/tiles.state"});
  ASSERT_EQ(cursor.code, 0) << cursor.out << cursor.err;
  nlohmann::json j = nlohmann::json::parse(cursor.out);
  EXPECT_EQ(j["kind"], "static-ct-api");
  EXPECT_EQ(j["entries_checked"], kSize);
  // The same per-entry check as RFC 6962 entries (issuers fetched by
  // fingerprint): every precert entry of either copy checked.
  EXPECT_GT(j["precertificates_checked"].get<uint64_t>(), 0u);
  EXPECT_EQ(j["root_hash"], HashToBase64(env->log.tiles_root));
  CtResult rfc = RunLog(Cmd("verify", Rfc6962("plain"), {"--json"}));
  ASSERT_EQ(rfc.code, 0) << rfc.err;
  EXPECT_EQ(nlohmann::json::parse(rfc.out)["root_hash"], j["root_hash"]);
  EXPECT_EQ(nlohmann::json::parse(rfc.out)["precertificates_checked"],
            j["precertificates_checked"]);
  // The generic checkpoint of the tiles: same format, same root.
  CtResult cp = RunLog({"checkpoint", env->log.tiles_dir, "--key", pem, "--log-list", "x"});
  EXPECT_EQ(cp.code, 2);  // LOCATION and --log-list conflict
}

TEST_F(LogAnyCliTest, LogListSelectsKindUrlAndKey) {
  const std::string key = Base64Encode(env->log.sth_key_spki);
  const std::string id = HashToBase64(LogIdFromKey(env->log.sth_key_spki));
  nlohmann::json list = {
      {"version", "1.0"},
      {"log_list_timestamp", "2026-01-01T00:00:00Z"},
      {"operators",
       {{{"name", "Test"},
         {"email", {"test@example.com"}},
         {"logs",
          {{{"description", "Test 'Loopback' log"},
            {"log_id", id},
            {"key", key},
            {"url", env->server->Prefix("plain")},
            {"mmd", 86400},
            {"state", {{"usable", {{"timestamp", "2026-01-01T00:00:00Z"}}}}}}}},
         {"tiled_logs", nlohmann::json::array()}}}}};
  const std::string file = env->tmp + "/list.json";
  WriteTestFile(file, list.dump());
  for (const std::string& name :
       {std::string("Test 'Loopback' log"), std::string("test 'loopback' LOG"), id,
        HexEncode(LogIdFromKey(env->log.sth_key_spki))}) {
    CtResult r = RunLog({"verify", "--log-list", file, "--log", name, "--json", "--quiet"});
    ASSERT_EQ(r.code, 0) << name << r.out << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["kind"], "rfc6962");
    EXPECT_EQ(j["entries"], kSize);
    EXPECT_EQ(j["root_hash"], HashToBase64(env->log.tiles_root));
  }
  CtResult r = RunLog({"checkpoint", "--log-list", file, "--log", "no such log"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
}

TEST_F(LogAnyCliTest, ConsistencyFromASavedSth) {
  absl::StatusOr<std::string> small = EncodeGetSthResponse(env->log.small);
  ASSERT_TRUE(small.ok());
  const std::string old_file = env->tmp + "/small_sth.json";
  WriteTestFile(old_file, *small);
  CtResult r = RunLog(Cmd("consistency", Rfc6962("plain"), {"--from", old_file}));
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(absl::StrCat("consistent ", kSmall, " -> ", kSize)), std::string::npos);

  // `checkpoint --out` saves the STH as served; against itself: consistent.
  const std::string saved = env->tmp + "/saved_sth.json";
  r = RunLog(Cmd("checkpoint", Rfc6962("plain"), {"--out", saved}));
  ASSERT_EQ(r.code, 0) << r.err;
  r = RunLog(Cmd("consistency", Rfc6962("plain"), {"--from", saved, "--json"}));
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["consistent"], true);

  // forkbig: the first STH is the small tree, the next a bigger tree that
  // does not extend it.
  const std::string forked = env->tmp + "/forkbig_first.json";
  r = RunLog(Cmd("checkpoint", Rfc6962("forkbig"), {"--out", forked}));
  ASSERT_EQ(r.code, 0) << r.err;
  r = RunLog(Cmd("consistency", Rfc6962("forkbig"), {"--from", forked}));
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("not consistent"), std::string::npos) << r.err;
}

// prove on an RFC 6962 log: google.com's certificate, its Argon2025h2 SCT,
// and the recorded get-sth and get-proof-by-hash answers of the real log.
TEST_F(LogAnyCliTest, ProveFollowsTheSctToAnInclusionProof) {
  const std::string t = Runfile("testdata/sct/real-google-com-2025/");
  for (bool tamper : {false, true}) {
    const std::string dir = absl::StrCat(env->tmp, "/argon", tamper ? "_bad" : "");
    mkdir(dir.c_str(), 0755);
    mkdir((dir + "/ct").c_str(), 0755);
    mkdir((dir + "/ct/v1").c_str(), 0755);
    WriteTestFile(dir + "/ct/v1/get-sth", ReadTestFile(t + "argon2025h2-get-sth-response.json"));
    nlohmann::json proof =
        nlohmann::json::parse(ReadTestFile(t + "argon2025h2-get-proof-by-hash-response.json"));
    if (tamper) proof["audit_path"][3] = HashToBase64(Hash{});
    WriteTestFile(dir + "/ct/v1/get-proof-by-hash", proof.dump());
    // Python's http.server on `dir` (a query string is ignored).
    testing::LoopbackServer server("ct/testing/loopback_http.py", {dir});
    ASSERT_NE(server.port(), 0);
    CtResult r =
        RunLog({"prove", server.Url(""), "--api", "rfc6962", "--key",
                t + "log-key-google-argon2025h2-log.pem", "--cert", t + "chain.pem", "--json"});
    if (!tamper) {
      ASSERT_EQ(r.code, 0) << r.out << r.err;
      nlohmann::json j = nlohmann::json::parse(r.out);
      EXPECT_EQ(j["proven"], true);
      EXPECT_EQ(j["scts"][0]["leaf_index"], 912557348u);
      EXPECT_EQ(j["tree_head"]["tree_size"], 1329315675u);
    } else {
      EXPECT_EQ(r.code, 1) << r.out << r.err;
      EXPECT_NE(r.err.find("inclusion proof does not verify"), std::string::npos) << r.err;
    }
  }
  // A certificate without an SCT from the log: bad input.
  CtResult r = RunLog(Cmd("prove", Rfc6962("plain"), {"--cert", t + "chain.pem"}));
  EXPECT_EQ(r.code, 2) << r.out << r.err;
}

// ParseRun returns the run's starting position and its "checked entries
// A..B" announcements (see GenericVerifyCmd).
std::pair<int64_t, std::vector<std::pair<uint64_t, uint64_t>>> ParseRun(const std::string& err) {
  int64_t start = -1;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (absl::string_view line : absl::StrSplit(err, '\n')) {
    uint64_t p = 0;
    if (absl::ConsumePrefix(&line, "ct log verify: resuming at entry ") ||
        absl::ConsumePrefix(&line, "ct log verify: starting at entry ")) {
      if (absl::SimpleAtoi(line.substr(0, line.find(' ')), &p)) start = static_cast<int64_t>(p);
    } else if (absl::ConsumePrefix(&line, "ct log verify: checked entries ")) {
      std::vector<std::string> ab = absl::StrSplit(line, "..");
      uint64_t a = 0, b = 0;
      if (ab.size() == 2 && absl::SimpleAtoi(ab[0], &a) && absl::SimpleAtoi(ab[1], &b)) {
        ranges.emplace_back(a, b);
      }
    }
  }
  return {start, ranges};
}

TEST_F(LogAnyCliTest, ResumesAfterKill9WithEveryEntryCheckedOnce) {
  const std::string state = env->tmp + "/resume.state";
  unlink(state.c_str());
  std::vector<std::string> args = Cmd("verify", Rfc6962("plain"),
                                      {"--state", state, "--batch", "8", "--json"});
  // How long a run takes to start (until it announces its position) and to
  // audit: each kill comes within the first quarter of the audit, so that ten
  // kills spread over it (startup, e.g. under ASan, can be most of a run).
  const std::string probe = env->tmp + "/probe.state";
  unlink(probe.c_str());
  std::vector<std::string> probe_args = args;
  probe_args[probe_args.size() - 4] = probe;
  absl::Time t0 = absl::Now();
  const pid_t probe_pid = testing::StartCt(LogArgs(probe_args), env->tmp + "/probe");
  int64_t start_us = -1;
  // (waitid with WNOWAIT: an exited probe is left for Wait to reap.)
  siginfo_t exited{};
  while (start_us < 0 &&
         waitid(P_PID, static_cast<id_t>(probe_pid), &exited, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         exited.si_pid == 0) {
    if (ReadTestFile(env->tmp + "/probe.err").find("starting at entry") != std::string::npos) {
      start_us = absl::ToInt64Microseconds(absl::Now() - t0);
    } else {
      usleep(1000);
    }
  }
  CtResult full = testing::WaitCt(probe_pid, env->tmp + "/probe");
  ASSERT_EQ(full.code, 0) << full.err;
  const int64_t full_us = std::max<int64_t>(absl::ToInt64Microseconds(absl::Now() - t0), 1000);
  if (start_us < 0 || start_us >= full_us) start_us = 0;

  std::mt19937 rng(12);
  std::vector<std::pair<int64_t, std::vector<std::pair<uint64_t, uint64_t>>>> runs;
  CtResult last;
  for (int i = 0; i < 40; ++i) {
    const std::string tag = absl::StrCat("resume", i);
    pid_t pid = testing::StartCt(LogArgs(args), env->tmp + "/" + tag);
    // Ten kills within the first quarter of a run; then, if no killed run
    // has committed a batch yet (a loaded machine starts slowly), more kills
    // later in the run until one has.
    const bool progressed = !runs.empty() && runs.back().first > 0;
    const bool kill_it = runs.size() < 10 || (!progressed && runs.size() < 30);
    if (kill_it) {
      const int64_t work_us = full_us - start_us;
      const int64_t lo = start_us + (runs.size() < 10 ? 0 : work_us / 4);
      const int64_t hi = start_us + (runs.size() < 10 ? work_us / 4 : work_us * 3 / 4);
      usleep(static_cast<useconds_t>(std::uniform_int_distribution<int64_t>(lo, hi)(rng)));
      kill(pid, SIGKILL);
    }
    last = testing::WaitCt(pid, env->tmp + "/" + tag);
    runs.push_back(ParseRun(last.err));
    if (!kill_it || last.code == 0) {
      if (last.code == 0 && !kill_it) break;
    }
    ASSERT_TRUE(last.code == 0 || last.code == 128 + SIGKILL) << last.code << last.err;
  }
  ASSERT_EQ(last.code, 0) << last.err;
  nlohmann::json j = nlohmann::json::parse(last.out);
  EXPECT_EQ(j["entries"], kSize);
  EXPECT_EQ(j["root_hash"], HashToBase64(env->log.tiles_root));

  // A run's announced range counts if the next run started at or after its
  // end (the state was committed); the final run's all count.
  std::map<uint64_t, uint64_t> counted;  // begin -> end
  uint64_t last_run_sum = 0;
  for (size_t r = 0; r < runs.size(); ++r) {
    const bool final_run = r + 1 == runs.size();
    // The next run that got as far as reading the state (a run killed
    // earlier printed no start and changed nothing).
    int64_t next_start = -1;
    for (size_t k = r + 1; k < runs.size() && next_start < 0; ++k) next_start = runs[k].first;
    for (const auto& [a, b] : runs[r].second) {
      if (!final_run && next_start < static_cast<int64_t>(b)) continue;
      ASSERT_EQ(counted.count(a), 0u) << "entries " << a << ".." << b << " checked twice";
      counted[a] = b;
      if (final_run) last_run_sum += b - a;
    }
  }
  EXPECT_EQ(j["entries_checked"], last_run_sum);
  uint64_t pos = 0, total = 0;
  for (const auto& [a, b] : counted) {
    EXPECT_EQ(a, pos) << "a gap or overlap before entry " << a;
    pos = b;
    total += b - a;
  }
  EXPECT_EQ(pos, kSize);
  EXPECT_EQ(total, kSize);  // every entry checked exactly once in total
  // The kills landed inside runs: the final run resumed past the start.
  EXPECT_GT(runs.back().first, 0) << "no killed run committed a batch";
  std::string starts;
  for (const auto& run : runs) absl::StrAppend(&starts, " ", run.first);
  std::cerr << "resume: " << runs.size() << " runs starting at" << starts << "\n";
}

}  // namespace
}  // namespace ct
