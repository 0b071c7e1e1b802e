#include "ct/monitor/deliver.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/monitor/event.h"
#include "ct/monitor/state.h"
#include "ct/monitor/testing/webhook_server.h"
#include "ct/tiles/http_fetcher.h"
#include "gtest/gtest.h"

extern char** environ;

namespace ct {
namespace {

std::string TempPath(const std::string& name) {
  std::string path = ::testing::TempDir() + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) ::unlink((path + suffix).c_str());
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

MonitorEvent Cert(int n) {
  MonitorEvent e;
  e.kind = EventKind::kCertificate;
  e.tbs_sha256.fill(static_cast<uint8_t>(n));
  e.id = absl::StrCat("cert:", HashToHex(e.tbs_sha256));
  e.log = "Test Log";
  e.log_id = "TE9H";
  e.log_url = "https://log.example/";
  e.index = static_cast<uint64_t>(100 + n);
  e.names = {absl::StrCat("host", n, ".example.com")};
  e.matched = {".example.com"};
  e.issuer = "CN=Test CA,O=Test Org";
  e.issuer_org = "Test Org";
  e.verdict = n % 2 == 0 ? "expected" : "unexpected";
  if (n % 2 == 1) e.reasons = {"issuer_not_expected"};
  return e;
}

MonitorEvent Malformed() {
  MonitorEvent e;
  e.kind = EventKind::kMalformedEntry;
  e.id = "malformed:TE9H:9";
  e.log = "Test Log";
  e.log_id = "TE9H";
  e.index = 9;
  e.error = "bad";
  return e;
}

Record ToRecord(const MonitorEvent& e) {
  Record r;
  r.kind = e.kind == EventKind::kCertificate ? Record::kCertificate : Record::kEvent;
  r.tbs_sha256 = e.tbs_sha256;
  r.index = e.index;
  r.verdict = e.verdict;
  r.event_id = e.id;
  r.event_json = EventToJson(e);
  return r;
}

// OpenWith opens a fresh database at `name` and commits `events` in one batch
// after registering `channels`.
std::unique_ptr<MonitorState> OpenWith(const std::string& name,
                                       const std::vector<MonitorEvent>& events,
                                       const std::vector<std::string>& channels = {}) {
  absl::StatusOr<std::unique_ptr<MonitorState>> db =
      MonitorState::Open(TempPath(name), MonitorState::kMonitor);
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return nullptr;
  for (const std::string& c : channels) EXPECT_TRUE((*db)->RegisterChannel(c).ok());
  std::vector<Record> records;
  for (const MonitorEvent& e : events) records.push_back(ToRecord(e));
  EXPECT_TRUE((*db)->CommitBatch("log", "cursor", records).ok());
  return *std::move(db);
}

std::vector<MonitorEvent> FiveEvents() {
  return {Cert(1), Cert(2), Malformed(), Cert(3), Cert(4)};
}

DeliveryOptions Fast() {
  DeliveryOptions o;
  o.initial_backoff = absl::Milliseconds(1);
  o.max_backoff = absl::Seconds(5);
  return o;
}

// --- stdout ---

std::string DeliverToMemory(const std::string& db_name, bool json, DeliveryStats* stats) {
  std::unique_ptr<MonitorState> db = OpenWith(db_name, {Cert(1), Malformed(), Cert(2)}, {"stdout"});
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* out = open_memstream(&buf, &len);
  std::unique_ptr<EventChannel> ch = StdoutChannel(out, json);
  EXPECT_EQ(ch->name(), "stdout");
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, Fast());
  EXPECT_TRUE(s.ok()) << s.status();
  if (s.ok()) *stats = *s;
  // A second call has nothing left to print.
  absl::StatusOr<DeliveryStats> again = DeliverPending(*db, *ch, Fast());
  EXPECT_TRUE(again.ok());
  EXPECT_EQ(again->delivered, 0);
  std::fclose(out);
  std::string text(buf, len);
  std::free(buf);
  return text;
}

TEST(DeliverTest, StdoutPrintsOneTextLinePerEventInOrder) {
  DeliveryStats stats;
  EXPECT_EQ(DeliverToMemory("stdout_text", /*json=*/false, &stats),
            "UNEXPECTED host1.example.com (issuer_not_expected) issuer=\"Test Org\" "
            "log=\"Test Log\" index=101\n"
            "MALFORMED_ENTRY log=\"Test Log\" index=9 error=\"bad\"\n"
            "EXPECTED host2.example.com issuer=\"Test Org\" log=\"Test Log\" index=102\n");
  EXPECT_EQ(stats.delivered, 3);
  EXPECT_EQ(stats.attempts, 3);
  EXPECT_EQ(stats.pending, 0);
  EXPECT_TRUE(stats.last_error.ok());
}

TEST(DeliverTest, StdoutJsonPrintsTheOutboxLines) {
  DeliveryStats stats;
  const std::string out = DeliverToMemory("stdout_json", /*json=*/true, &stats);
  std::vector<std::string> lines = absl::StrSplit(out, '\n');
  ASSERT_EQ(lines.size(), 4u) << out;
  EXPECT_EQ(lines[1],
            R"({"id":"malformed:TE9H:9","event":"malformed_entry","log":"Test Log",)"
            R"("log_id":"TE9H","index":9,"error":"bad"})");
  EXPECT_EQ(lines[0], EventToJson(Cert(1)));
  EXPECT_EQ(lines[2], EventToJson(Cert(2)));
  EXPECT_EQ(lines[3], "");
  EXPECT_EQ(stats.delivered, 3);
}

// --- exec ---

TEST(DeliverTest, ExecRunsTheCommandWithEnvironmentAndJsonOnStdin) {
  const std::string dir = TempPath("exec_ok");
  ASSERT_EQ(::system(("rm -rf " + dir + " && mkdir " + dir).c_str()), 0);
  ::setenv("DELIVER_TEST_INHERITED", "kept", 1);
  ::setenv("EVENT", "stale", 1);  // replaced by the event's value
  const std::string cmd = absl::StrCat(
      "printf '%s|%s|%s|%s|%s\\n' \"$EVENT\" \"$CT_EVENT_ID\" \"$WATCH_ITEM\" \"$ENTRY_INDEX\" "
      "\"$DELIVER_TEST_INHERITED\" >> ",
      dir, "/env.txt && cat >> ", dir, "/stdin.txt && echo to-stderr-not-stdout");
  std::unique_ptr<MonitorState> db = OpenWith("exec_ok.db", {Cert(1), Malformed()});
  std::unique_ptr<EventChannel> ch = ExecChannel(cmd);
  EXPECT_EQ(ch->name(), "exec:" + cmd);
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, Fast());
  ::unsetenv("EVENT");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->last_error.ok()) << s->last_error;
  EXPECT_EQ(s->delivered, 2);
  EXPECT_EQ(ReadFile(dir + "/env.txt"),
            absl::StrCat("discovered_cert|", Cert(1).id, "|.example.com|101|kept\n",
                         "malformed_cert|malformed:TE9H:9||9|kept\n"));
  EXPECT_EQ(ReadFile(dir + "/stdin.txt"),
            absl::StrCat(EventToJson(Cert(1)), "\n", EventToJson(Malformed()), "\n"));
}

TEST(DeliverTest, ExecFailureIsRetriedThenLeftPending) {
  std::unique_ptr<MonitorState> db = OpenWith("exec_fail.db", FiveEvents());
  std::unique_ptr<EventChannel> fails = ExecChannel("cat > /dev/null; exit 3");
  DeliveryOptions o = Fast();
  o.max_attempts = 2;
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *fails, o);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 0);
  EXPECT_EQ(s->attempts, 2);
  EXPECT_EQ(s->pending, 5);
  EXPECT_EQ(s->last_error.code(), absl::StatusCode::kUnavailable) << s->last_error;
  EXPECT_TRUE(absl::StrContains(s->last_error.message(), "status 3")) << s->last_error;
  EXPECT_FALSE(s->permanent);

  // Fails once, then works: every event is delivered, one retry.
  const std::string marker = TempPath("exec_fail_marker");
  std::unique_ptr<EventChannel> flaky = ExecChannel(
      absl::StrCat("if [ -e ", marker, " ]; then cat > /dev/null; else touch ", marker,
                   "; exit 1; fi"));
  s = DeliverPending(*db, *flaky, Fast());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 5);
  EXPECT_EQ(s->attempts, 6);
  EXPECT_EQ(s->pending, 0);
  EXPECT_TRUE(s->last_error.ok());
}

TEST(DeliverTest, ExecCommandNotFoundIsPermanent) {
  std::unique_ptr<MonitorState> db = OpenWith("exec_notfound.db", {Cert(1)});
  std::unique_ptr<EventChannel> ch = ExecChannel("/nonexistent/ct-hook");
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, Fast());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->attempts, 1);
  EXPECT_TRUE(s->permanent);
  EXPECT_EQ(s->last_error.code(), absl::StatusCode::kFailedPrecondition) << s->last_error;
  EXPECT_EQ(s->pending, 1);
}

TEST(DeliverTest, ExecKillsACommandPastItsTimeout) {
  std::unique_ptr<MonitorState> db = OpenWith("exec_slow.db", {Cert(1)});
  ExecOptions eo;
  eo.timeout = absl::Milliseconds(200);
  std::unique_ptr<EventChannel> ch = ExecChannel("sleep 30", eo);
  DeliveryOptions o = Fast();
  o.max_attempts = 1;
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, o);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 0);
  EXPECT_EQ(s->last_error.code(), absl::StatusCode::kDeadlineExceeded) << s->last_error;
  EXPECT_FALSE(s->permanent);
}

TEST(DeliverTest, ExecCommandMayIgnoreStdin) {
  MonitorEvent big = Cert(1);
  for (int i = 0; i < 20000; ++i) big.names.push_back(absl::StrCat("n", i, ".example.com"));
  std::unique_ptr<MonitorState> db = OpenWith("exec_nostdin.db", {big});
  std::unique_ptr<EventChannel> ch = ExecChannel("exit 0");
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, Fast());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 1) << s->last_error;
}

// --- webhook ---

using ::ct::testing::WebhookServer;

class WebhookTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new WebhookServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(server_->port(), 0) << "webhook server did not start"; }

  std::unique_ptr<EventChannel> Hook(const std::string& path) {
    absl::StatusOr<std::unique_ptr<EventChannel>> ch = WebhookChannel(server_->Url(path));
    EXPECT_TRUE(ch.ok()) << ch.status();
    return ch.ok() ? *std::move(ch) : nullptr;
  }

  // ExpectDelivered checks that `bodies` are `events` in order, each the
  // outbox JSON plus its text line.
  static void ExpectDelivered(const std::vector<nlohmann::json>& bodies,
                              const std::vector<MonitorEvent>& events) {
    ASSERT_EQ(bodies.size(), events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      nlohmann::json b = bodies[i];
      EXPECT_EQ(b["text"], EventText(events[i]));
      b.erase("text");
      EXPECT_EQ(b, nlohmann::json::parse(EventToJson(events[i])));
    }
  }

  static WebhookServer* server_;
};
WebhookServer* WebhookTest::server_ = nullptr;

TEST_F(WebhookTest, RejectsNonHttpUrls) {
  EXPECT_EQ(WebhookChannel("ftp://x/").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WebhookChannel("hooks.example/x").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(WebhookTest, RetriesServerErrorsAndDeliversEachEventOnceInOrder) {
  const std::vector<MonitorEvent> events = FiveEvents();
  std::unique_ptr<MonitorState> db = OpenWith("hook_500.db", events);
  std::unique_ptr<EventChannel> ch = Hook("fail500/2/a");
  ASSERT_NE(ch, nullptr);
  EXPECT_EQ(ch->name(), "webhook:" + server_->Url("fail500/2/a"));
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, Fast());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->last_error.ok()) << s->last_error;
  EXPECT_EQ(s->delivered, 5);
  EXPECT_EQ(s->attempts, 7);
  EXPECT_EQ(s->pending, 0);
  ExpectDelivered(server_->Bodies("fail500/2/a"), events);
  // Nothing is sent twice.
  s = DeliverPending(*db, *ch, Fast());
  EXPECT_EQ(s->attempts, 0);
  EXPECT_EQ(server_->Bodies("fail500/2/a").size(), 5u);
}

TEST_F(WebhookTest, HonoursRetryAfter) {
  const std::vector<MonitorEvent> events = {Cert(1), Cert(2)};
  std::unique_ptr<MonitorState> db = OpenWith("hook_429.db", events);
  std::unique_ptr<EventChannel> ch = Hook("fail429/1/b");
  ASSERT_NE(ch, nullptr);
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, Fast());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 2);
  EXPECT_EQ(s->attempts, 3);
  // The backoff was 1 ms; the server asked for a second.
  EXPECT_GE(s->waited, absl::Seconds(1));
  ExpectDelivered(server_->Bodies("fail429/1/b"), events);
}

TEST_F(WebhookTest, GivesUpAfterMaxAttemptsAndResumesNextCall) {
  const std::vector<MonitorEvent> events = FiveEvents();
  std::unique_ptr<MonitorState> db = OpenWith("hook_resume.db", events);
  std::unique_ptr<EventChannel> ch = Hook("fail500/3/c");
  ASSERT_NE(ch, nullptr);
  DeliveryOptions o = Fast();
  o.max_attempts = 2;
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, o);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 0);
  EXPECT_EQ(s->pending, 5);
  EXPECT_EQ(s->last_error.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(s->last_error.message(), "HTTP 500")) << s->last_error;
  s = DeliverPending(*db, *ch, o);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 5);
  ExpectDelivered(server_->Bodies("fail500/3/c"), events);
}

TEST_F(WebhookTest, RedeliversWithTheSameIdAfterACrash) {
  const std::vector<MonitorEvent> events = {Cert(1), Malformed(), Cert(2)};
  std::unique_ptr<MonitorState> db = OpenWith("hook_crash.db", events);
  std::unique_ptr<EventChannel> ch = Hook("ok/crash");
  ASSERT_NE(ch, nullptr);
  // Delivered, then "killed" before MarkDelivered.
  absl::StatusOr<std::vector<PendingEvent>> first = db->Pending(ch->name(), 1);
  ASSERT_TRUE(first.ok() && first->size() == 1);
  ASSERT_TRUE(ch->Deliver(*EventFromJson((*first)[0].json), (*first)[0].json).ok());
  db.reset();
  absl::StatusOr<std::unique_ptr<MonitorState>> reopened =
      MonitorState::Open(::testing::TempDir() + "/hook_crash.db", MonitorState::kMonitor);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  absl::StatusOr<DeliveryStats> s = DeliverPending(**reopened, *ch, Fast());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 3);
  std::vector<nlohmann::json> bodies = server_->Bodies("ok/crash");
  ASSERT_EQ(bodies.size(), 4u);
  EXPECT_EQ(bodies[0]["id"], Cert(1).id);
  EXPECT_EQ(bodies[1]["id"], Cert(1).id);  // the repeat carries the same id
  ExpectDelivered({bodies.begin() + 1, bodies.end()}, events);
}

TEST_F(WebhookTest, PermanentRejectionStopsAndKeepsEventsPending) {
  std::unique_ptr<MonitorState> db = OpenWith("hook_reject.db", FiveEvents());
  std::unique_ptr<EventChannel> ch = Hook("reject/secret-token");
  ASSERT_NE(ch, nullptr);
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, Fast());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 0);
  EXPECT_EQ(s->attempts, 1);  // not retried
  EXPECT_EQ(s->pending, 5);
  EXPECT_TRUE(s->permanent);
  EXPECT_EQ(s->last_error.code(), absl::StatusCode::kFailedPrecondition) << s->last_error;
  EXPECT_TRUE(absl::StrContains(s->last_error.message(), "HTTP 404: no_service")) << s->last_error;
  EXPECT_FALSE(absl::StrContains(s->last_error.message(), "secret-token")) << s->last_error;
  // The next call tries the same (first) event again.
  s = DeliverPending(*db, *ch, Fast());
  EXPECT_EQ(s->attempts, 1);
  EXPECT_EQ(s->pending, 5);
}

TEST_F(WebhookTest, TransportErrorsAreRetryable) {
  std::unique_ptr<MonitorState> db = OpenWith("hook_refused.db", {Cert(1)});
  // Port 1 on 127.0.0.1: nothing listens there, so the connection is refused.
  absl::StatusOr<std::unique_ptr<EventChannel>> ch = WebhookChannel("http://127.0.0.1:1/x");
  ASSERT_TRUE(ch.ok());
  DeliveryOptions o = Fast();
  o.max_attempts = 2;
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, **ch, o);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->attempts, 2);
  EXPECT_FALSE(s->permanent);
  EXPECT_TRUE(IsRetryableDelivery(s->last_error)) << s->last_error;
}

TEST_F(WebhookTest, StopEndsABackoffSleepAtOnce) {
  std::unique_ptr<MonitorState> db = OpenWith("hook_stop.db", {Cert(1), Cert(2)});
  std::unique_ptr<EventChannel> ch = Hook("down/d");
  ASSERT_NE(ch, nullptr);
  absl::Notification stop;
  DeliveryOptions o = Fast();
  o.max_backoff = absl::Hours(2);  // the server asks for an hour
  o.stop = &stop;
  std::thread stopper([&stop] {
    absl::SleepFor(absl::Milliseconds(200));
    stop.Notify();
  });
  absl::StatusOr<DeliveryStats> s = DeliverPending(*db, *ch, o);
  stopper.join();
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->delivered, 0);
  EXPECT_EQ(s->attempts, 1);
  EXPECT_EQ(s->pending, 2);
  EXPECT_EQ(RetryAfterOf(s->last_error), absl::Hours(1));
  // Already stopped: nothing is attempted.
  s = DeliverPending(*db, *ch, o);
  EXPECT_EQ(s->attempts, 0);
}

TEST(RetryLaterTest, CarriesRetryAfter) {
  absl::Status s = RetryLaterError("busy", absl::Seconds(3));
  EXPECT_TRUE(IsRetryableDelivery(s));
  EXPECT_EQ(RetryAfterOf(s), absl::Seconds(3));
  EXPECT_EQ(RetryAfterOf(RetryLaterError("busy")), std::nullopt);
  EXPECT_FALSE(IsRetryableDelivery(absl::FailedPreconditionError("no")));
  EXPECT_TRUE(IsRetryableDelivery(absl::DeadlineExceededError("slow")));
}

}  // namespace
}  // namespace ct
