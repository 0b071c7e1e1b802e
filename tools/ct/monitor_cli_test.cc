// `ct monitor` end to end (issue #13): the `ct` binary against the loopback
// RFC 6962 server of ct/rfc6962/testing and against the same entries served
// as static-ct-api tiles. Entry i certifies "entry<i>.test.example" (a
// precertificate when i % 3 == 1). Covers JSON and text output, verdicts and
// exit codes, report and authorize, a second monitor refused, misbehaviour
// stopping one log, --follow with a growing log and a changed watch file,
// and kill -9 at many points (no alert lost; a repeat has the same id).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/rfc6962/entry.h"
#include "ct/rfc6962/testing/test_log.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "ct/monitor/testing/webhook_server.h"
#include "tools/ct/testing/run_ct.h"

namespace ct {
namespace {

using ::ct::testing::CtResult;
using ::ct::testing::ReadTestFile;
using ::ct::testing::WriteTestFile;

constexpr uint64_t kSize = 1500;
constexpr uint64_t kSmall = 600;

struct Env : testing::RunningTestLog {
  std::string tmp;
  std::string tiles_key_file;  // the tiled log's PEM SPKI
};
Env* env = nullptr;

class MonitorCliTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    env = new Env();
    testing::StartTestLog(kSize, kSmall, env);
    if (!env->error.empty()) return;
    const char* t = std::getenv("TEST_TMPDIR");
    env->tmp = t ? t : "/tmp";
    env->tiles_key_file = env->log.tiles_dir + ".pubkey.pem";
  }
  static void TearDownTestSuite() {
    delete env;
    env = nullptr;
  }
  void SetUp() override {
    ASSERT_EQ(env->error, "");
    name_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    db_ = absl::StrCat(env->tmp, "/", name_, ".db");
    std::remove(db_.c_str());
  }

  static std::vector<std::string> Rfc6962(const std::string& mode) {
    return {"--log", env->server->Prefix(mode), "--api", "rfc6962", "--key", env->log.sth_key_file};
  }
  static std::vector<std::string> Tiles() {
    return {"--log", env->log.tiles_dir, "--api", "static-ct", "--key", env->tiles_key_file};
  }
  std::vector<std::string> Monitor(std::vector<std::string> logs, std::vector<std::string> more) {
    std::vector<std::string> v = {"monitor", "--state", db_};
    v.insert(v.end(), logs.begin(), logs.end());
    v.insert(v.end(), more.begin(), more.end());
    return v;
  }
  CtResult Run(const std::vector<std::string>& args) {
    return testing::RunCt(args, absl::StrCat(env->tmp, "/", name_, "-", runs_++));
  }
  std::string Prefix() { return absl::StrCat(env->tmp, "/", name_, "-", runs_++); }

  // Lines returns the complete JSON lines of `out` (a line cut by a kill is
  // not complete).
  static std::vector<nlohmann::json> Lines(const std::string& out) {
    std::vector<nlohmann::json> v;
    size_t end = out.rfind('\n');
    if (end == std::string::npos) return v;
    for (absl::string_view line : absl::StrSplit(out.substr(0, end), '\n')) {
      if (line.empty()) continue;
      v.push_back(nlohmann::json::parse(line));
    }
    return v;
  }

  std::string name_;
  std::string db_;
  int runs_ = 0;
};

TEST_F(MonitorCliTest, BackfillPrintsEveryMatchOnceAsJson) {
  CtResult r = Run(Monitor(Rfc6962("cap256"), {"--watch", ".test.example", "--backfill", "--json"}));
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<nlohmann::json> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), kSize);
  std::set<std::string> ids;
  for (const nlohmann::json& j : lines) {
    const uint64_t i = j["index"];
    EXPECT_EQ(j["event"], "certificate");
    EXPECT_EQ(j["verdict"], "expected");
    EXPECT_EQ(j["names"], nlohmann::json::array({absl::StrCat("entry", i, ".test.example")}));
    EXPECT_EQ(j["matched"], nlohmann::json::array({".test.example"}));
    EXPECT_EQ(j["precertificate"], i % 3 == 1);
    ids.insert(j["id"]);
  }
  EXPECT_EQ(ids.size(), kSize);
  EXPECT_NE(r.err.find("1 logs"), std::string::npos) << r.err;

  CtResult again = Run(Monitor(Rfc6962("plain"), {"--watch", ".test.example", "--json"}));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out, "");
}

TEST_F(MonitorCliTest, FromNowIsTheDefault) {
  CtResult r = Run(Monitor(Rfc6962("plain"), {"--watch", ".test.example"}));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(MonitorCliTest, UnexpectedCertificateExitsOne) {
  const std::string watch = absl::StrCat(env->tmp, "/", name_, ".watch");
  WriteTestFile(watch, "# test\nentry5.test.example issuer=\"Other CA\"\nentry6.test.example\n");
  CtResult r = Run(Monitor(Tiles(), {"--watch-file", watch, "--backfill"}));
  ASSERT_EQ(r.code, 1) << r.err;
  std::vector<std::string> lines = absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_NE(lines[0].find("UNEXPECTED"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("issuer_not_expected"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("entry5.test.example"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("entry6.test.example"), std::string::npos) << lines[1];

  CtResult report = Run({"monitor", "report", "--state", db_, "--json"});
  ASSERT_EQ(report.code, 0) << report.err;
  std::vector<nlohmann::json> cs = Lines(report.out);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0]["verdict"], "unexpected");
  EXPECT_EQ(cs[0]["sightings"].size(), 1u);
  EXPECT_EQ(cs[1]["verdict"], "expected");
}

TEST_F(MonitorCliTest, AuthorizedCertificateIsNotAlerted) {
  // Entry 3 is an x509_entry: its leaf certificate, as PEM.
  absl::StatusOr<LeafInput> leaf = ParseLeafInput(env->log.entries[3].leaf_input);
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  std::string b64 = Base64Encode(leaf->entry.certificate);
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) absl::StrAppend(&pem, b64.substr(i, 64), "\n");
  absl::StrAppend(&pem, "-----END CERTIFICATE-----\n");
  const std::string pem_file = absl::StrCat(env->tmp, "/", name_, ".pem");
  WriteTestFile(pem_file, pem);
  CtResult a = Run({"monitor", "authorize", "--state", db_, pem_file});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_NE(a.out.find("authorized tbs_sha256 "), std::string::npos) << a.out;

  CtResult r = Run(Monitor(Tiles(), {"--watch", "entry3.test.example", "--watch",
                                     "entry4.test.example", "--backfill", "--json"}));
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<nlohmann::json> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_EQ(lines[0]["index"], 4);

  // --all delivers it too, marked authorized (a fresh state).
  db_ += ".all";
  ASSERT_EQ(Run({"monitor", "authorize", "--state", db_, pem_file}).code, 0);
  CtResult all = Run(Monitor(Tiles(), {"--watch", "entry3.test.example", "--backfill", "--json",
                                       "--all"}));
  ASSERT_EQ(all.code, 0) << all.err;
  lines = Lines(all.out);
  ASSERT_EQ(lines.size(), 1u) << all.out;
  EXPECT_EQ(lines[0]["verdict"], "authorized");
}

TEST_F(MonitorCliTest, BadInputExitsTwo) {
  EXPECT_EQ(Run({"monitor", "--state", db_, "--watch", ".test.example"}).code, 2);  // no logs
  EXPECT_EQ(Run(Monitor(Tiles(), {})).code, 2);                                     // no watch
  EXPECT_EQ(Run(Monitor(Tiles(), {"--watch", "exa mple.com"})).code, 2);
  EXPECT_EQ(Run(Monitor(Tiles(), {"--watch", "x.example", "--known-keys", "/nonexistent"})).code, 2);
  EXPECT_EQ(Run(Monitor({"--log", env->log.tiles_dir}, {"--watch", "x.example"})).code, 2);  // no key
}

TEST_F(MonitorCliTest, SecondMonitorOnTheSameStateIsRefused) {
  const std::string p = Prefix();
  pid_t first = testing::StartCt(
      Monitor(Rfc6962("plain"), {"--watch", ".test.example", "--follow", "--interval", "1s"}), p);
  // Wait until the first holds the lock (its first pass is reported).
  absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (ReadTestFile(p + ".err").find("caught up") == std::string::npos &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  CtResult second = Run(Monitor(Tiles(), {"--watch", ".test.example"}));
  EXPECT_EQ(second.code, 2);
  EXPECT_NE(second.err.find("in use"), std::string::npos) << second.err;
  kill(first, SIGTERM);
  CtResult r = testing::WaitCt(first, p);
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(MonitorCliTest, MisbehavingLogIsReportedAndStopsOnlyThatLog) {
  std::vector<std::string> logs = Rfc6962("fork");
  std::vector<std::string> tiles = Tiles();
  logs.insert(logs.end(), tiles.begin(), tiles.end());
  CtResult first = Run(Monitor(logs, {"--watch", ".test.example", "--json"}));
  ASSERT_EQ(first.code, 0) << first.err;
  CtResult second = Run(Monitor(logs, {"--watch", ".test.example", "--json"}));
  EXPECT_EQ(second.code, 1) << second.err;
  std::vector<nlohmann::json> lines = Lines(second.out);
  ASSERT_EQ(lines.size(), 1u) << second.out;
  EXPECT_EQ(lines[0]["event"], "log_misbehavior");
  EXPECT_NE(lines[0]["evidence"]["old"], lines[0]["evidence"]["new"]) << lines[0].dump();
  // The log stays stopped; the other log is fine; no second event.
  CtResult third = Run(Monitor(logs, {"--watch", ".test.example", "--json"}));
  EXPECT_EQ(third.out, "");
  EXPECT_NE(third.err.find("stopped"), std::string::npos) << third.err;
}

TEST_F(MonitorCliTest, FollowSeesTheLogGrowAndTheWatchFileChange) {
  const std::string watch = absl::StrCat(env->tmp, "/", name_, ".watch");
  WriteTestFile(watch, "entry1.test.example\n");
  const std::string p = Prefix();
  pid_t pid = testing::StartCt(Monitor(Rfc6962("grow"), {"--watch-file", watch, "--backfill",
                                                         "--json", "--follow", "--interval", "1s"}),
                               p);
  auto wait_for = [&](const std::string& file, const std::string& text, size_t count) {
    absl::Time deadline = absl::Now() + absl::Seconds(60);
    while (absl::Now() < deadline) {
      std::string s = ReadTestFile(file);
      size_t n = 0;
      for (size_t at = s.find(text); at != std::string::npos; at = s.find(text, at + 1)) ++n;
      if (n >= count) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  };
  ASSERT_TRUE(wait_for(p + ".out", "entry1.test.example", 1)) << ReadTestFile(p + ".err");
  ASSERT_TRUE(wait_for(p + ".err", "caught up", 1)) << ReadTestFile(p + ".err");
  WriteTestFile(watch, ".test.example\n");
  ASSERT_TRUE(wait_for(p + ".err", "watch list reloaded", 1)) << ReadTestFile(p + ".err");
  WriteTestFile(env->log.dir + "/grown", "");
  ASSERT_TRUE(wait_for(p + ".out", "\"certificate\"", 1 + kSize - kSmall))
      << ReadTestFile(p + ".err");
  kill(pid, SIGTERM);
  CtResult r = testing::WaitCt(pid, p);
  EXPECT_EQ(r.code, 0) << r.err;
  std::vector<nlohmann::json> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1 + kSize - kSmall);
  EXPECT_EQ(lines[0]["index"], 1);
  for (size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(lines[i]["index"], kSmall + i - 1);
}

TEST_F(MonitorCliTest, WebhookThatFailsThenRecoversAndExecGetEveryEvent) {
  testing::WebhookServer hook;
  ASSERT_NE(hook.port(), 0);
  const std::string env_file = absl::StrCat(env->tmp, "/", name_, ".env");
  const std::string stdin_file = absl::StrCat(env->tmp, "/", name_, ".stdin");
  const std::string exec = absl::StrCat("echo \"$EVENT $ENTRY_INDEX $WATCH_ITEM $TBS_SHA256\" >> ",
                                        env_file, "; cat >> ", stdin_file);
  // The receiver answers 429 (Retry-After: 1) to the first two POSTs.
  CtResult r = Run(Monitor(Tiles(), {"--watch", "entry5.test.example", "--watch",
                                     "entry6.test.example", "--backfill", "--json", "--webhook",
                                     hook.Url("fail429/2/hook"), "--exec", exec}));
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<nlohmann::json> printed = Lines(r.out);
  ASSERT_EQ(printed.size(), 2u);
  std::vector<nlohmann::json> posted = hook.Bodies("fail429/2/hook");
  ASSERT_EQ(posted.size(), 2u);  // each once, in order, after the failures
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(posted[i]["id"], printed[i]["id"]);
    EXPECT_NE(posted[i]["text"].get<std::string>().find(absl::StrCat("entry", 5 + i)),
              std::string::npos);
  }
  std::vector<std::string> env_lines =
      absl::StrSplit(ReadTestFile(env_file), '\n', absl::SkipEmpty());
  ASSERT_EQ(env_lines.size(), 2u);
  const std::string tbs5 = printed[0]["tbs_sha256"];
  EXPECT_EQ(env_lines[0], absl::StrCat("discovered_cert 5 entry5.test.example ", tbs5));
  EXPECT_EQ(Lines(ReadTestFile(stdin_file)).size(), 2u);

  // Nothing is delivered twice on a second run.
  CtResult again = Run(Monitor(Tiles(), {"--watch", "entry5.test.example", "--json", "--webhook",
                                         hook.Url("fail429/2/hook"), "--exec", exec}));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(hook.Bodies("fail429/2/hook").size(), 2u);
}

// KillNine kills `ct monitor --backfill` at many random points until 25 runs
// died by SIGKILL, then lets one finish; every entry must have been printed,
// and a repeat must carry the same id.
void KillNine(MonitorCliTest* t, std::vector<std::string> args) {
  std::mt19937 rng(20261202);
  // A full run's duration, on a scratch state, bounds the kill delays.
  const absl::Time t0 = absl::Now();
  std::vector<std::string> scratch = args;
  scratch[2] += ".scratch";
  ASSERT_EQ(t->Run(scratch).code, 0);
  const int64_t full_ms = std::max<int64_t>(absl::ToInt64Milliseconds(absl::Now() - t0), 100);
  std::uniform_int_distribution<int64_t> delay(5, std::max<int64_t>(full_ms / 12, 20));

  std::map<uint64_t, std::set<std::string>> ids_by_index;
  int killed = 0, runs = 0;
  while (true) {
    const std::string p = t->Prefix();
    pid_t pid = testing::StartCt(args, p);
    const bool kill_it = killed < 25 && runs < 200;
    if (kill_it) {
      absl::SleepFor(absl::Milliseconds(delay(rng)));
      kill(pid, SIGKILL);
    }
    CtResult r = testing::WaitCt(pid, p);
    ++runs;
    ASSERT_TRUE(r.code == 0 || r.code == 128 + SIGKILL) << r.code << r.err;
    if (r.code == 128 + SIGKILL) ++killed;
    for (const nlohmann::json& j : MonitorCliTest::Lines(r.out)) {
      ASSERT_EQ(j["event"], "certificate");
      ids_by_index[j["index"].get<uint64_t>()].insert(j["id"].get<std::string>());
    }
    if (!kill_it) {
      ASSERT_EQ(r.code, 0) << r.err;
      break;
    }
  }
  EXPECT_GE(killed, 25);
  ASSERT_EQ(ids_by_index.size(), kSize);
  EXPECT_EQ(ids_by_index.begin()->first, 0u);
  EXPECT_EQ(ids_by_index.rbegin()->first, kSize - 1);
  for (const auto& [index, ids] : ids_by_index) {
    EXPECT_EQ(ids.size(), 1u) << "entry " << index << " was delivered with different ids";
  }
  std::cerr << "kill -9: " << killed << " kills in " << runs << " runs (full run " << full_ms
            << " ms)\n";
}

TEST_F(MonitorCliTest, KillNineDuringBackfillOfAnRfc6962Log) {
  KillNine(this, Monitor(Rfc6962("cap31"), {"--watch", ".test.example", "--backfill", "--json",
                                            "--batch", "32", "--quiet"}));
}

TEST_F(MonitorCliTest, KillNineDuringBackfillOfATileLog) {
  KillNine(this, Monitor(Tiles(), {"--watch", ".test.example", "--backfill", "--json", "--batch",
                                   "16", "--quiet"}));
}

}  // namespace
}  // namespace ct
