// Monitor over real loopback logs: the RFC 6962 test server and the same
// entries as a static-ct-api log (ct/rfc6962/testing/test_log.h). Entry i is
// a certificate (i % 3 != 1) or precertificate for "entry<i>.test.example".
#include "ct/monitor/monitor.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "ct/base/errors.h"
#include "ct/log/open_log.h"
#include "ct/monitor/event.h"
#include "ct/monitor/state.h"
#include "ct/rfc6962/testing/test_log.h"
#include "ct/testing/testdata.h"
#include "ct/x509/certificate.h"
#include "ct/x509/certificate_chain.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

constexpr uint64_t kSize = 300;
constexpr uint64_t kSmall = 120;

testing::RunningTestLog* env = nullptr;

class MonitorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env = new testing::RunningTestLog();
    testing::StartTestLog(kSize, kSmall, env);
  }
  static void TearDownTestSuite() {
    delete env;
    env = nullptr;
  }
  void SetUp() override {
    ASSERT_EQ(env->error, "");
    const char* t = std::getenv("TEST_TMPDIR");
    db_path_ = absl::StrCat(t ? t : "/tmp", "/",
                            ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                            ".db");
    std::remove(db_path_.c_str());
    absl::StatusOr<std::unique_ptr<MonitorState>> db =
        MonitorState::Open(db_path_, MonitorState::kMonitor);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }

  static LogInfo Rfc6962Log(const std::string& mode) {
    absl::StatusOr<LogInfo> info = LogInfoFromLocation(env->server->Prefix(mode), LogApi::kRfc6962,
                                                       env->log.sth_key_spki, "");
    EXPECT_TRUE(info.ok()) << info.status();
    info->description = "rfc6962 " + mode;
    return *info;
  }
  static LogInfo TileLog() {
    absl::StatusOr<LogKey> key =
        ResolveLogKey(env->log.tiles_dir + ".pubkey.pem", LogApi::kStaticCt);
    EXPECT_TRUE(key.ok()) << key.status();
    absl::StatusOr<LogInfo> info =
        LogInfoFromLocation(env->log.tiles_dir, LogApi::kStaticCt, key->spki_der, "");
    EXPECT_TRUE(info.ok()) << info.status();
    info->description = "tiles";
    return *info;
  }
  static std::shared_ptr<const WatchList> Watch(const std::string& text) {
    absl::StatusOr<WatchList> list = ParseWatchList(text);
    EXPECT_TRUE(list.ok()) << list.status();
    return std::make_shared<const WatchList>(*std::move(list));
  }
  MonitorOptions Options(bool backfill) {
    MonitorOptions o;
    o.backfill = backfill;
    o.cursor.batch_size = 64;
    o.now = [] { return env->log.now; };
    return o;
  }
  std::vector<MonitorEvent> Outbox() {
    absl::StatusOr<std::vector<PendingEvent>> p = db_->Pending("test", 100000);
    EXPECT_TRUE(p.ok()) << p.status();
    std::vector<MonitorEvent> out;
    for (const PendingEvent& e : *p) {
      absl::StatusOr<MonitorEvent> ev = EventFromJson(e.json);
      EXPECT_TRUE(ev.ok()) << ev.status() << e.json;
      if (ev.ok()) out.push_back(*ev);
    }
    return out;
  }

  std::string db_path_;
  std::unique_ptr<MonitorState> db_;
};

TEST_F(MonitorTest, BackfillAlertsEveryMatchOnceAndResumesWithoutRepeats) {
  Monitor m(db_path_, Watch("entry7.test.example\n.test.example\n"), Options(true));
  PassSummary s = m.Run({Rfc6962Log("cap31")}, /*follow=*/false, nullptr);
  ASSERT_EQ(s.logs.size(), 1u);
  EXPECT_TRUE(s.logs[0].status.ok()) << s.logs[0].status;
  EXPECT_EQ(s.logs[0].position, kSize);
  EXPECT_EQ(s.entries, kSize);
  EXPECT_EQ(s.matches, kSize);
  std::vector<MonitorEvent> events = Outbox();
  ASSERT_EQ(events.size(), kSize);
  std::set<std::string> ids;
  for (const MonitorEvent& e : events) {
    EXPECT_EQ(e.kind, EventKind::kCertificate);
    EXPECT_EQ(e.verdict, "expected");
    EXPECT_EQ(e.names, std::vector<std::string>{absl::StrCat("entry", e.index, ".test.example")});
    EXPECT_EQ(e.precertificate, e.index % 3 == 1) << e.index;
    ids.insert(e.id);
  }
  EXPECT_EQ(ids.size(), kSize);  // distinct certificates, distinct ids
  EXPECT_EQ(events[7].matched, (std::vector<std::string>{"entry7.test.example", ".test.example"}));

  // A second run reads nothing new and queues nothing.
  PassSummary again = m.Run({Rfc6962Log("plain")}, false, nullptr);
  EXPECT_EQ(again.entries, 0u);
  EXPECT_EQ(Outbox().size(), kSize);
}

TEST_F(MonitorTest, FromNowStartsAtTheTreeHead) {
  Monitor m(db_path_, Watch(".test.example\n"), Options(false));
  PassSummary s = m.Run({Rfc6962Log("plain"), TileLog()}, false, nullptr);
  ASSERT_EQ(s.logs.size(), 2u);
  for (const LogResult& r : s.logs) {
    EXPECT_TRUE(r.status.ok()) << r.log << ": " << r.status;
    EXPECT_EQ(r.position, kSize) << r.log;
    EXPECT_EQ(r.entries, 0u) << r.log;
  }
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(MonitorTest, SameCertificatesInTwoLogsOfDifferentKindsAlertOnce) {
  Monitor m(db_path_, Watch(".test.example\n"), Options(true));
  PassSummary s = m.Run({Rfc6962Log("plain"), TileLog()}, false, nullptr);
  ASSERT_EQ(s.logs.size(), 2u);
  EXPECT_TRUE(s.logs[0].status.ok()) << s.logs[0].status;
  EXPECT_TRUE(s.logs[1].status.ok()) << s.logs[1].status;
  EXPECT_EQ(s.matches, 2 * kSize);
  EXPECT_EQ(Outbox().size(), kSize);
  absl::StatusOr<std::vector<CertificateReport>> report = db_->Report();
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->size(), kSize);
  for (const CertificateReport& c : *report) EXPECT_EQ(c.sightings.size(), 2u);
}

TEST_F(MonitorTest, OnlyWatchedNamesAlert) {
  Monitor m(db_path_, Watch("entry5.test.example\nentry6.test.example\n.other.example\n"),
            Options(true));
  PassSummary s = m.Run({TileLog()}, false, nullptr);
  EXPECT_EQ(s.matches, 2u);
  std::vector<MonitorEvent> events = Outbox();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].index, 5u);
  EXPECT_EQ(events[1].index, 6u);
}

TEST_F(MonitorTest, ExpectationsGiveVerdicts) {
  // The test CA's issuer O is not "Other CA": every match is unexpected.
  Monitor m(db_path_, Watch("entry4.test.example issuer=\"Other CA\"\n"), Options(true));
  m.Run({TileLog()}, false, nullptr);
  std::vector<MonitorEvent> events = Outbox();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].verdict, "unexpected");
  EXPECT_EQ(events[0].reasons, std::vector<std::string>{"issuer_not_expected"});
}

TEST_F(MonitorTest, AuthorizedCertificatesAreRecordedNotAlerted) {
  // Learn entry 3's TBS hash and entry 4's key from a first database.
  Hash tbs3{}, key4{};
  {
    Monitor first(db_path_, Watch("entry3.test.example\nentry4.test.example\n"), Options(true));
    first.Run({TileLog()}, false, nullptr);
    std::vector<MonitorEvent> seen = Outbox();
    ASSERT_EQ(seen.size(), 2u);
    tbs3 = seen[0].tbs_sha256;
    key4 = seen[1].pubkey_sha256;
  }
  db_.reset();
  std::remove(db_path_.c_str());
  absl::StatusOr<std::unique_ptr<MonitorState>> db =
      MonitorState::Open(db_path_, MonitorState::kMonitor);
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = *std::move(db);
  ASSERT_TRUE(db_->Authorize(tbs3, "test").ok());
  {
    Monitor m(db_path_, Watch("entry3.test.example\nentry5.test.example\n"), Options(true));
    PassSummary s = m.Run({TileLog()}, false, nullptr);
    EXPECT_EQ(s.matches, 2u);
  }
  std::vector<MonitorEvent> events = Outbox();
  ASSERT_EQ(events.size(), 1u);  // only entry 5 alerts
  EXPECT_EQ(events[0].index, 5u);
  absl::StatusOr<std::vector<CertificateReport>> report = db_->Report();
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->size(), 2u);
  EXPECT_EQ((*report)[0].verdict, "authorized");
  EXPECT_EQ((*report)[1].verdict, "expected");

  // A known key authorizes every certificate of that key (entry 4's; the
  // test log's leaves may share keys, so every match of that key).
  MonitorOptions o = Options(true);
  o.known_keys.insert(key4);
  Monitor m(db_path_, Watch("entry4.test.example\n"), o);
  PassSummary s = m.Run({Rfc6962Log("plain")}, false, nullptr);
  EXPECT_EQ(s.matches, 1u);
  EXPECT_EQ(Outbox().size(), 1u);  // still only entry 5's
}

TEST_F(MonitorTest, AllDeliversAuthorizedToo) {
  MonitorOptions o = Options(true);
  o.all = true;
  Monitor first(db_path_, Watch("entry3.test.example\n"), o);
  first.Run({TileLog()}, false, nullptr);
  std::vector<MonitorEvent> seen = Outbox();
  ASSERT_EQ(seen.size(), 1u);
  o.known_keys.insert(seen[0].pubkey_sha256);
  Monitor m(db_path_, Watch("entry3.test.example\n"), o);
  m.Run({Rfc6962Log("plain")}, false, nullptr);  // the same certificate, another log
  EXPECT_EQ(Outbox().size(), 1u);  // one alert per certificate
}

TEST_F(MonitorTest, ForkIsMisbehaviourAndStopsOnlyThatLog) {
  Monitor m(db_path_, Watch(".test.example\n"), Options(false));
  PassSummary first = m.Run({Rfc6962Log("fork"), TileLog()}, false, nullptr);
  ASSERT_TRUE(first.logs[0].status.ok()) << first.logs[0].status;
  PassSummary second = m.Run({Rfc6962Log("fork"), TileLog()}, false, nullptr);
  EXPECT_TRUE(second.logs[0].stopped);
  EXPECT_TRUE(second.logs[0].misbehaved);
  EXPECT_EQ(second.misbehaving, 1u);
  EXPECT_EQ(ErrorKindOf(second.logs[0].status), ErrorKind::kInconsistent) << second.logs[0].status;
  EXPECT_TRUE(second.logs[1].status.ok()) << second.logs[1].status;
  std::vector<MonitorEvent> events = Outbox();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, EventKind::kLogMisbehavior);
  EXPECT_NE(events[0].evidence_old, "");
  EXPECT_NE(events[0].evidence_new, "");
  EXPECT_NE(events[0].evidence_old, events[0].evidence_new);
  // It stays stopped, without a second event.
  PassSummary third = m.Run({Rfc6962Log("fork")}, false, nullptr);
  EXPECT_TRUE(third.logs[0].stopped);
  EXPECT_FALSE(third.logs[0].misbehaved);
  EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(MonitorTest, TamperedEntryIsMisbehaviourNamingTheEntry) {
  Monitor m(db_path_, Watch(".test.example\n"), Options(true));
  PassSummary s = m.Run({Rfc6962Log("tamper")}, false, nullptr);
  ASSERT_EQ(s.logs.size(), 1u);
  EXPECT_TRUE(s.logs[0].misbehaved) << s.logs[0].status;
  EXPECT_EQ(ErrorKindOf(s.logs[0].status), ErrorKind::kTampered) << s.logs[0].status;
  EXPECT_NE(s.logs[0].status.message().find(absl::StrCat(env->log.tamper_index)),
            absl::string_view::npos)
      << s.logs[0].status;
  // Entries before the tampered one's batch were reported; none after it.
  for (const MonitorEvent& e : Outbox()) {
    if (e.kind == EventKind::kCertificate) {
      EXPECT_LT(e.index, env->log.tamper_index);
    }
  }
}

TEST_F(MonitorTest, BadSignatureIsMisbehaviour) {
  Monitor m(db_path_, Watch(".test.example\n"), Options(false));
  PassSummary s = m.Run({Rfc6962Log("badsig")}, false, nullptr);
  EXPECT_TRUE(s.logs[0].misbehaved) << s.logs[0].status;
  EXPECT_EQ(ErrorKindOf(s.logs[0].status), ErrorKind::kBadSignature);
}

TEST_F(MonitorTest, UnreachableLogIsAnErrorOfThatLogOnly) {
  LogInfo dead = Rfc6962Log("plain");
  dead.url = "http://127.0.0.1:9/";
  dead.description = "dead";
  dead.log_id[0] ^= 1;
  MonitorOptions o = Options(true);
  o.open.rfc6962.max_attempts = 1;
  Monitor m(db_path_, Watch(".test.example\n"), o);
  PassSummary s = m.Run({dead, TileLog()}, false, nullptr);
  ASSERT_EQ(s.logs.size(), 2u);
  EXPECT_FALSE(s.logs[0].status.ok());
  EXPECT_FALSE(s.logs[0].stopped);
  EXPECT_TRUE(s.logs[1].status.ok()) << s.logs[1].status;
  EXPECT_EQ(s.logs[1].position, kSize);
}

TEST_F(MonitorTest, FollowStartsAndStopsLogsThatComeAndGo) {
  MonitorOptions o = Options(true);
  o.interval = absl::Milliseconds(100);
  absl::Mutex mu;
  std::map<std::string, uint64_t> caught_up;  // log -> passes caught up
  o.progress = [&](const LogProgress& p) {
    absl::MutexLock l(&mu);
    if (p.done && p.status.ok() && p.position == kSize) ++caught_up[p.log];
  };
  Monitor m(db_path_, Watch(".test.example\n"), o);
  absl::Notification stop;
  PassSummary s;
  std::thread run([&] { s = m.Run({TileLog()}, /*follow=*/true, &stop); });
  auto wait_for = [&](const std::string& log, uint64_t passes) {
    for (int i = 0; i < 600; ++i) {
      {
        absl::MutexLock l(&mu);
        if (caught_up[log] >= passes) return true;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  };
  EXPECT_TRUE(wait_for("tiles", 2));  // polled again after the interval
  m.SetLogs({TileLog(), Rfc6962Log("plain")});
  EXPECT_TRUE(wait_for("rfc6962 plain", 1));
  m.SetLogs({Rfc6962Log("plain")});  // the tile log goes
  absl::SleepFor(absl::Milliseconds(300));
  uint64_t tiles_passes;
  {
    absl::MutexLock l(&mu);
    tiles_passes = caught_up["tiles"];
  }
  absl::SleepFor(absl::Milliseconds(500));
  {
    absl::MutexLock l(&mu);
    EXPECT_LE(caught_up["tiles"], tiles_passes + 1);  // at most a turn that had started
  }
  stop.Notify();
  run.join();
  ASSERT_EQ(s.logs.size(), 1u);
  EXPECT_EQ(s.logs[0].log, "rfc6962 plain");
  EXPECT_EQ(Outbox().size(), kSize);  // both logs hold the same certificates
}

TEST_F(MonitorTest, AStalledLogDoesNotHoldUpTheOthers) {
  MonitorOptions o = Options(true);
  o.parallel_logs = 2;
  o.open.http.timeout = absl::Seconds(1);  // a stalled response is retried after 1 s
  absl::Mutex mu;
  std::vector<std::string> done_order;
  o.progress = [&](const LogProgress& p) {
    absl::MutexLock l(&mu);
    if (p.done) done_order.push_back(p.log);
  };
  Monitor m(db_path_, Watch(".test.example\n"), o);
  // "stall": the first response of each path sends half its body, then
  // 5 s of silence (the client times out after 1 s and retries).
  PassSummary s = m.Run({Rfc6962Log("stall"), TileLog()}, false, nullptr);
  ASSERT_EQ(done_order.size(), 2u);
  EXPECT_EQ(done_order[0], "tiles");
  EXPECT_EQ(s.logs[1].position, kSize);
}

TEST_F(MonitorTest, WatchListChangesApplyToLaterBatches) {
  MonitorOptions o = Options(true);
  o.max_entries_per_turn = 64;
  o.cursor.batch_size = 64;
  Monitor* mp = nullptr;
  int commits = 0;
  o.progress = [&](const LogProgress& p) {
    if (!p.done && p.entries == 64 && ++commits == 1) {
      mp->SetWatchList(Watch(".test.example\n"));
    }
  };
  Monitor m(db_path_, Watch("nothing.example\n"), o);
  mp = &m;
  PassSummary s = m.Run({TileLog()}, false, nullptr);
  EXPECT_EQ(s.logs[0].position, kSize);
  // The first batch (64 entries) was read with the old list.
  EXPECT_EQ(Outbox().size(), kSize - 64);
}

// The bundled sample log holds shop.example.com as a precertificate (1650)
// and, later, its final certificate (2350): one certificate, whichever
// sighting comes first (testdata/monitor/README.md).
TEST(AnalyzeForWatchListTest, PrecertAndFinalAreOneAlertInEitherOrder) {
  absl::StatusOr<LogKey> key =
      ResolveLogKey("testdata/monitor/sample-log.pubkey.pem", LogApi::kStaticCt);
  ASSERT_TRUE(key.ok()) << key.status();
  absl::StatusOr<LogInfo> info = LogInfoFromLocation("testdata/monitor/sample-log",
                                                     LogApi::kStaticCt, key->spki_der, "");
  ASSERT_TRUE(info.ok()) << info.status();
  absl::StatusOr<std::unique_ptr<OpenedLog>> log = OpenLog(*info, {});
  ASSERT_TRUE(log.ok()) << log.status();
  absl::StatusOr<TreeHead> head = (*log)->reader().LatestTreeHead();
  ASSERT_TRUE(head.ok()) << head.status();
  absl::StatusOr<WatchList> list = ParseWatchList("shop.example.com\n");
  ASSERT_TRUE(list.ok());
  std::vector<MonitorEvent> events;
  for (uint64_t i : {2350, 1650}) {
    ASSERT_TRUE((*log)->reader().Entries(i, i + 1, *head, [&](LogEntry& e) {
      std::optional<MonitorEvent> ev = AnalyzeForWatchList(
          *info, e, *list, [](const Hash&, const Hash&) { return false; });
      EXPECT_TRUE(ev.has_value());
      if (ev.has_value()) events.push_back(*ev);
      return absl::OkStatus();
    }).ok());
  }
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(events[0].precertificate);
  EXPECT_TRUE(events[1].precertificate);
  EXPECT_EQ(events[0].id, events[1].id);
  EXPECT_EQ(events[0].tbs_sha256, events[1].tbs_sha256);
  EXPECT_NE(events[0].cert_sha256, events[1].cert_sha256);

  for (bool final_first : {true, false}) {
    const char* t = std::getenv("TEST_TMPDIR");
    const std::string path = absl::StrCat(t ? t : "/tmp", "/order", final_first, ".db");
    std::remove(path.c_str());
    absl::StatusOr<std::unique_ptr<MonitorState>> db =
        MonitorState::Open(path, MonitorState::kMonitor);
    ASSERT_TRUE(db.ok()) << db.status();
    for (int k = 0; k < 2; ++k) {
      const MonitorEvent& e = events[final_first ? k : 1 - k];
      Record r;
      r.tbs_sha256 = e.tbs_sha256;
      r.index = e.index;
      r.precertificate = e.precertificate;
      r.verdict = e.verdict;
      r.event_id = e.id;
      r.event_json = EventToJson(e);
      ASSERT_TRUE((*db)->CommitBatch(absl::StrCat("log", k), "", {r}).ok());
    }
    absl::StatusOr<std::vector<PendingEvent>> pending = (*db)->Pending("x", 10);
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 1u);
    absl::StatusOr<MonitorEvent> first = EventFromJson((*pending)[0].json);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->precertificate, !final_first);
    absl::StatusOr<std::vector<CertificateReport>> report = (*db)->Report();
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->size(), 1u);
    EXPECT_EQ((*report)[0].sightings.size(), 2u);
  }
}

// The *.google.com certificate of testdata/sct/real-google-com-2025 (137
// dNSNames, issuer "CN=WR2,O=Google Trust Services,C=US") as entry 7.
LogEntry GoogleEntry() {
  absl::StatusOr<CertificateChain> chain = CertificateChain::FromPem(
      testing::ReadTestdata("testdata/sct/real-google-com-2025/chain.pem"));
  EXPECT_TRUE(chain.ok()) << chain.status();
  LogEntry e;
  e.index = 7;
  ByteSpan der = chain->leaf().der();
  e.certificate.assign(der.begin(), der.end());
  return e;
}

std::optional<MonitorEvent> AnalyzeWith(const LogEntry& e, const std::string& watch) {
  LogInfo info;
  info.description = "log";
  absl::StatusOr<WatchList> list = ParseWatchList(watch);
  EXPECT_TRUE(list.ok()) << list.status();
  return AnalyzeForWatchList(info, e, *list, [](const Hash&, const Hash&) { return false; });
}

// Only the names are read first: a non-matching entry is nothing, a matching
// one gets the full analysis, and an entry whose names cannot be read is
// malformed whether it would match or not. A broken issuer Name is found
// only by the full analysis, so only in an entry that matches.
TEST(AnalyzeForWatchListTest, NamesFirstThenTheFullAnalysisForMatches) {
  const LogEntry good = GoogleEntry();
  EXPECT_FALSE(AnalyzeWith(good, ".example.com\n").has_value());
  std::optional<MonitorEvent> ev = AnalyzeWith(good, ".google.com\n");
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->kind, EventKind::kCertificate);
  EXPECT_EQ(ev->matched, std::vector<std::string>{".google.com"});
  EXPECT_EQ(ev->issuer_org, "Google Trust Services");
  EXPECT_EQ(ev->names.size(), 137u);
  EXPECT_EQ(ev->verdict, "expected");

  absl::StatusOr<Certificate> cert = Certificate::Parse(good.certificate);
  ASSERT_TRUE(cert.ok());
  // The subjectAltName's GeneralNames SEQUENCE (30) retagged as a SET (31).
  LogEntry bad_names = good;
  const size_t san_at = static_cast<size_t>(
      cert->FindExtension(kOidSubjectAltName)->value.data() - good.certificate.data());
  ASSERT_EQ(bad_names.certificate[san_at], 0x30);
  bad_names.certificate[san_at] = 0x31;
  for (const char* watch : {".example.com\n", ".google.com\n"}) {
    std::optional<MonitorEvent> m = AnalyzeWith(bad_names, watch);
    ASSERT_TRUE(m.has_value()) << watch;
    EXPECT_EQ(m->kind, EventKind::kMalformedEntry) << watch;
    EXPECT_EQ(m->index, 7u);
  }
  // The issuer's first RelativeDistinguishedName SET (31) retagged 32: the
  // certificate still parses (Parse takes the issuer as one element).
  LogEntry bad_issuer = good;
  const size_t issuer_at =
      static_cast<size_t>(cert->issuer().data() - good.certificate.data()) + 2;
  ASSERT_LT(cert->issuer()[1], 0x80);  // short-form length: 2-byte header
  ASSERT_EQ(bad_issuer.certificate[issuer_at], 0x31);
  bad_issuer.certificate[issuer_at] = 0x32;
  ASSERT_TRUE(Certificate::Parse(bad_issuer.certificate).ok());
  EXPECT_FALSE(AnalyzeWith(bad_issuer, ".example.com\n").has_value());
  std::optional<MonitorEvent> m = AnalyzeWith(bad_issuer, ".google.com\n");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->kind, EventKind::kMalformedEntry);
}

TEST(AnalyzeForWatchListTest, MalformedEntryIsAnEvent) {
  LogInfo info;
  info.description = "log";
  LogEntry e;
  e.index = 42;
  e.certificate = {0x30, 0x03, 0x02, 0x01, 0x01};
  absl::StatusOr<WatchList> list = ParseWatchList(".example.com\n");
  ASSERT_TRUE(list.ok());
  std::optional<MonitorEvent> ev =
      AnalyzeForWatchList(info, e, *list, [](const Hash&, const Hash&) { return false; });
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->kind, EventKind::kMalformedEntry);
  EXPECT_EQ(ev->index, 42u);
  EXPECT_NE(ev->error, "");
}

}  // namespace
}  // namespace ct
