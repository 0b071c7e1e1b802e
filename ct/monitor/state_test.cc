#include "ct/monitor/state.h"

#include <unistd.h>

#include <string>

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
