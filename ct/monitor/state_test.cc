#include "ct/monitor/state.h"

#include <sqlite3.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "ct/base/errors.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

std::string TempDb(const std::string& name) {
  std::string dir = ::testing::TempDir();
  std::string path = dir + "/" + name + ".db";
  ::unlink(path.c_str());
  ::unlink((path + "-wal").c_str());
  ::unlink((path + "-shm").c_str());
  return path;
}

Hash H(uint8_t b) {
  Hash h{};
  h[0] = b;
  return h;
}

Record Cert(uint8_t tbs, uint64_t index, bool precert = false) {
  Record r;
  r.tbs_sha256 = H(tbs);
  r.index = index;
  r.precertificate = precert;
  r.verdict = "expected";
  r.event_id = "cert-" + std::to_string(tbs);
  r.event_json = "{\"tbs\":" + std::to_string(tbs) + "}";
  return r;
}

TEST(MonitorStateTest, OneAlertPerCertificateAcrossLogsAndRepeats) {
  std::string path = TempDb("dedup");
  auto db = MonitorState::Open(path, MonitorState::kMonitor);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_FALSE((*db)->LoadCursor("logA")->has_value());
  // Precert in log A, final certificate (same TBS) in log B, and log A's
  // batch committed twice (a replay after a crash).
  ASSERT_TRUE((*db)->CommitBatch("logA", "cursorA1", {Cert(1, 10, true), Cert(2, 11)}).ok());
  ASSERT_TRUE((*db)->CommitBatch("logA", "cursorA1", {Cert(1, 10, true), Cert(2, 11)}).ok());
  ASSERT_TRUE((*db)->CommitBatch("logB", "cursorB1", {Cert(1, 500)}).ok());
  EXPECT_EQ(**(*db)->LoadCursor("logA"), "cursorA1");
  EXPECT_EQ(**(*db)->LoadCursor("logB"), "cursorB1");
  auto pending = (*db)->Pending("stdout", 100);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].id, "cert-1");
  EXPECT_EQ((*pending)[1].id, "cert-2");
  ASSERT_TRUE((*db)->MarkDelivered((*pending)[0].seq, "stdout").ok());
  EXPECT_EQ((*db)->Pending("stdout", 100)->size(), 1u);
  EXPECT_EQ((*db)->Pending("webhook", 100)->size(), 2u);
  auto report = (*db)->Report();
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->size(), 2u);
  EXPECT_EQ((*report)[0].sightings.size(), 2u);  // log A index 10 and log B index 500
  EXPECT_EQ((*report)[0].sightings[1], std::make_pair(std::string("logB"), uint64_t{500}));
}

TEST(MonitorStateTest, EventsQueueOncePerIdAndRecordsWithoutAlert) {
  auto db = MonitorState::Open(TempDb("events"), MonitorState::kMonitor);
  ASSERT_TRUE(db.ok());
  Record ev;
  ev.kind = Record::kEvent;
  ev.event_id = "malformed-logA-7";
  ev.event_json = "{}";
  Record quiet = Cert(9, 3);
  quiet.alert = false;
  quiet.verdict = "authorized";
  ASSERT_TRUE((*db)->CommitBatch("logA", "c", {ev, ev, quiet}).ok());
  ASSERT_TRUE((*db)->CommitBatch("logA", "c", {ev}).ok());
  EXPECT_EQ((*db)->Pending("stdout", 10)->size(), 1u);
  EXPECT_EQ((*db)->Report()->size(), 1u);
}

TEST(MonitorStateTest, SecondMonitorIsRefusedAndStatePersists) {
  std::string path = TempDb("lock");
  {
    auto first = MonitorState::Open(path, MonitorState::kMonitor);
    ASSERT_TRUE(first.ok());
    auto second = MonitorState::Open(path, MonitorState::kMonitor);
    EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_NE(second.status().message().find("in use by another ct monitor"), std::string::npos);
    auto reader = MonitorState::Open(path, MonitorState::kShared);
    ASSERT_TRUE(reader.ok());
    ASSERT_TRUE((*first)->CommitBatch("l", "state", {Cert(4, 1)}).ok());
    EXPECT_EQ((*reader)->Report()->size(), 1u);
    ASSERT_TRUE((*reader)->Authorize(H(4), "known").ok());
    EXPECT_TRUE(*(*first)->IsAuthorized(H(4)));
    EXPECT_FALSE(*(*first)->IsAuthorized(H(5)));
    ASSERT_TRUE((*first)->StopLog("l", "fork at 1000").ok());
  }
  auto again = MonitorState::Open(path, MonitorState::kMonitor);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(**(*again)->LoadCursor("l"), "state");
  EXPECT_EQ(**(*again)->StoppedReason("l"), "fork at 1000");
  EXPECT_FALSE((*again)->StoppedReason("other")->has_value());
  EXPECT_TRUE((*again)->Report()->at(0).authorized);
}

std::vector<std::string> PendingIds(MonitorState& db, const std::string& channel) {
  std::vector<std::string> ids;
  absl::StatusOr<std::vector<PendingEvent>> p = db.Pending(channel, 100);
  EXPECT_TRUE(p.ok()) << p.status();
  if (p.ok()) {
    for (const PendingEvent& e : *p) ids.push_back(e.id);
  }
  return ids;
}

TEST(MonitorStateTest, ChannelRegisteredLateGetsOnlyLaterEvents) {
  std::string path = TempDb("channels");
  auto db = MonitorState::Open(path, MonitorState::kMonitor);
  ASSERT_TRUE(db.ok()) << db.status();
  // A channel registered on an empty database is owed everything.
  EXPECT_EQ(*(*db)->RegisterChannel("stdout"), 0);
  ASSERT_TRUE((*db)->CommitBatch("l", "c1", {Cert(1, 1), Cert(2, 2)}).ok());
  // A webhook added after two events starts after them; registering again
  // (every run does) keeps the first position.
  EXPECT_EQ(*(*db)->RegisterChannel("webhook"), 2);
  ASSERT_TRUE((*db)->CommitBatch("l", "c2", {Cert(3, 3)}).ok());
  EXPECT_EQ(*(*db)->RegisterChannel("webhook"), 2);
  EXPECT_EQ(PendingIds(**db, "stdout"), (std::vector<std::string>{"cert-1", "cert-2", "cert-3"}));
  EXPECT_EQ(PendingIds(**db, "webhook"), (std::vector<std::string>{"cert-3"}));
  EXPECT_EQ(*(*db)->CountPending("stdout"), 3);
  EXPECT_EQ(*(*db)->CountPending("webhook"), 1);
  // An unregistered channel still sees the whole outbox.
  EXPECT_EQ(*(*db)->CountPending("unregistered"), 3);
  ASSERT_TRUE((*db)->MarkDelivered((*(*db)->Pending("webhook", 1))[0].seq, "webhook").ok());
  EXPECT_EQ(*(*db)->CountPending("webhook"), 0);
  db->reset();

  // The position survives reopening.
  auto again = MonitorState::Open(path, MonitorState::kMonitor);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*(*again)->RegisterChannel("webhook"), 2);
  EXPECT_EQ(PendingIds(**again, "webhook"), std::vector<std::string>{});
  EXPECT_EQ(*(*again)->CountPending("stdout"), 3);
}

TEST(MonitorStateTest, AddsChannelsTableToAnOlderVersionOneDatabase) {
  std::string path = TempDb("old_v1");
  {
    auto db = MonitorState::Open(path, MonitorState::kMonitor);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)->CommitBatch("l", "c1", {Cert(1, 1)}).ok());
  }
  // A version 1 database made before the channels table existed.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "DROP TABLE channels", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto db = MonitorState::Open(path, MonitorState::kMonitor);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(*(*db)->RegisterChannel("webhook"), 1);
  EXPECT_EQ(*(*db)->CountPending("webhook"), 0);
  EXPECT_EQ(*(*db)->CountPending("stdout"), 1);
}

TEST(MonitorStateTest, RejectsOtherSchemaVersionsAndNonDatabases) {
  std::string path = TempDb("garbage");
  FILE* f = fopen(path.c_str(), "w");
  fputs("this is not a database, just text long enough to be read as a header..........", f);
  fclose(f);
  EXPECT_FALSE(MonitorState::Open(path, MonitorState::kShared).ok());
  EXPECT_FALSE(MonitorState::Open("/nonexistent-dir/x.db", MonitorState::kShared).ok());
}

}  // namespace
}  // namespace ct
