#include "ct/log/cursor.h"

#include <map>
#include <random>

#include "absl/time/time.h"
#include "ct/base/errors.h"
#include "ct/log/testing/memory_log.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::MemoryLog;

const absl::Time kNow = absl::FromUnixMillis(1000000);

// Collect releases every batch into `seen` (index -> times seen) and checks order.
struct Collector {
  std::map<uint64_t, int> seen;
  uint64_t next = 0;
  std::string last_state;
  absl::Status operator()(const EntryBatch& b) {
    for (const LogEntry& e : b.entries) {
      EXPECT_EQ(e.index, next);
      next = e.index + 1;
      seen[e.index]++;
    }
    EXPECT_EQ(b.state.position(), next);
    last_state = b.state.Serialize();
    return absl::OkStatus();
  }
};

TEST(LogCursorTest, BackfillReleasesEveryEntryOnceInOrder) {
  MemoryLog log;
  log.AddN(1000);
  LogCursor cursor;
  ASSERT_EQ(*cursor.Update(log, log.Head(), kNow), TreeHeadUpdate::kAdvanced);
  Collector c;
  CursorOptions o;
  o.batch_size = 64;
  ASSERT_TRUE(cursor.Advance(log, std::ref(c), o).ok());
  EXPECT_TRUE(cursor.caught_up());
  EXPECT_EQ(c.seen.size(), 1000u);
  for (auto& [i, n] : c.seen) EXPECT_EQ(n, 1) << i;
  EXPECT_EQ(cursor.range().Root(), log.Head().root);
  // One consistency proof per batch except the last, which compares roots.
  EXPECT_EQ(log.consistency_requests, 1000 / 64);
}

TEST(LogCursorTest, FollowsAGrowingLog) {
  MemoryLog log;
  log.AddN(500);
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
  Collector c;
  ASSERT_TRUE(cursor.Advance(log, std::ref(c)).ok());
  log.AddN(300);
  log.consistency_requests = 0;
  ASSERT_EQ(*cursor.Update(log, log.Head(), kNow), TreeHeadUpdate::kAdvanced);
  EXPECT_EQ(log.consistency_requests, 1u);
  EXPECT_FALSE(cursor.caught_up());
  ASSERT_TRUE(cursor.Advance(log, std::ref(c)).ok());
  EXPECT_EQ(c.seen.size(), 800u);
  EXPECT_EQ(*cursor.Update(log, log.Head(), kNow), TreeHeadUpdate::kSame);
}

TEST(LogCursorTest, ResumesFromSerializedStateAfterEveryKindOfStop) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    MemoryLog log;
    log.AddN(700 + round * 13);
    std::map<uint64_t, int> seen;
    std::string state = LogCursor().Serialize();
    int runs = 0;
    while (true) {
      ++runs;
      absl::StatusOr<LogCursor> cursor = LogCursor::Deserialize(AsBytes(state));
      ASSERT_TRUE(cursor.ok()) << cursor.status();
      if (cursor->caught_up() && cursor->tree_head()->size == log.size()) break;
      ASSERT_TRUE(cursor->Update(log, log.Head(), kNow).ok());
      // The "process" dies after a random number of batches.
      int batches_left = std::uniform_int_distribution<int>(0, 3)(rng);
      CursorOptions o;
      o.batch_size = 1 + std::uniform_int_distribution<int>(0, 150)(rng);
      absl::Status s = cursor->Advance(log, [&](const EntryBatch& b) {
        if (batches_left-- == 0) return absl::AbortedError("killed");
        for (const LogEntry& e : b.entries) seen[e.index]++;
        state = b.state.Serialize();  // committed with the entries
        return absl::OkStatus();
      }, o);
      if (s.ok()) state = cursor->Serialize();
      ASSERT_LT(runs, 10000);
    }
    ASSERT_EQ(seen.size(), log.size());
    for (auto& [i, n] : seen) ASSERT_EQ(n, 1) << "entry " << i << " round " << round;
  }
}

TEST(LogCursorTest, TamperedEntryIsNamedAndNothingPastItsBatchIsReleased) {
  for (uint64_t bad : {0u, 1u, 63u, 64u, 500u, 777u, 999u}) {
    MemoryLog log;
    log.AddN(1000);
    log.tampered[bad] = HashLeaf(std::string("evil"));
    LogCursor cursor;
    ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
    Collector c;
    CursorOptions o;
    o.batch_size = 64;
    absl::Status s = cursor.Advance(log, std::ref(c), o);
    EXPECT_EQ(ErrorKindOf(s), ErrorKind::kTampered) << s;
    EXPECT_NE(s.message().find("entry " + std::to_string(bad) + " "), std::string::npos) << s;
    EXPECT_EQ(cursor.position(), bad / 64 * 64);
    EXPECT_EQ(c.seen.size(), bad / 64 * 64);
  }
}

// ScanCollector records what Scan shows: every entry as it arrives, and for
// each authenticated batch its range; checks that a batch's entries were all
// seen, in order, before it is reported.
struct ScanCollector {
  std::map<uint64_t, int> seen;     // every entry `entry` saw
  std::map<uint64_t, int> reported; // entries of batches `done` reported
  uint64_t next_seen = 0;
  uint64_t next_reported = 0;
  std::vector<uint64_t> batch_ends;
  std::string last_state;
  absl::Status Entry(LogEntry& e) {
    EXPECT_EQ(e.index, next_seen);
    next_seen = e.index + 1;
    seen[e.index]++;
    return absl::OkStatus();
  }
  absl::Status Done(uint64_t begin, const LogCursor& state) {
    EXPECT_EQ(begin, next_reported);
    EXPECT_LE(state.position(), next_seen);
    for (uint64_t i = begin; i < state.position(); ++i) reported[i]++;
    next_reported = state.position();
    batch_ends.push_back(state.position());
    last_state = state.Serialize();
    return absl::OkStatus();
  }
};

TEST(LogCursorTest, ScanSeesEveryEntryOnceAndReportsEachBatchOnceAuthenticated) {
  MemoryLog log;
  log.AddN(1000);
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
  ScanCollector c;
  CursorOptions o;
  o.batch_size = 64;
  ASSERT_TRUE(cursor
                  .Scan(
                      log, [&](LogEntry& e) { return c.Entry(e); },
                      [&](uint64_t b, const LogCursor& s) { return c.Done(b, s); }, o)
                  .ok());
  EXPECT_TRUE(cursor.caught_up());
  EXPECT_EQ(c.seen.size(), 1000u);
  EXPECT_EQ(c.reported.size(), 1000u);
  for (auto& [i, n] : c.seen) EXPECT_EQ(n, 1) << i;
  for (auto& [i, n] : c.reported) EXPECT_EQ(n, 1) << i;
  ASSERT_EQ(c.batch_ends.size(), 1000u / 64 + 1);
  for (size_t k = 0; k + 1 < c.batch_ends.size(); ++k) EXPECT_EQ(c.batch_ends[k], 64 * (k + 1));
  EXPECT_EQ(c.batch_ends.back(), 1000u);
  EXPECT_EQ(c.last_state, cursor.Serialize());
  EXPECT_EQ(cursor.range().Root(), log.Head().root);
  EXPECT_EQ(log.consistency_requests, 1000 / 64);
}

TEST(LogCursorTest, ScanEntrySinkMayTakeTheContents) {
  MemoryLog log;
  log.AddN(300);
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
  std::vector<LogEntry> kept;
  uint64_t reported = 0;
  CursorOptions o;
  o.batch_size = 50;
  ASSERT_TRUE(cursor
                  .Scan(
                      log,
                      [&](LogEntry& e) {
                        LogEntry taken;
                        std::swap(taken, e);  // leaves the reader an empty entry
                        kept.push_back(std::move(taken));
                        return absl::OkStatus();
                      },
                      [&](uint64_t, const LogCursor& s) {
                        reported = s.position();
                        return absl::OkStatus();
                      },
                      o)
                  .ok());
  EXPECT_EQ(reported, 300u);
  ASSERT_EQ(kept.size(), 300u);
  for (uint64_t i = 0; i < kept.size(); ++i) EXPECT_EQ(kept[i].index, i);
  EXPECT_EQ(cursor.range().Root(), log.Head().root);
}

TEST(LogCursorTest, ScanStopsOnATamperedEntryOrAnErrorAndResumes) {
  for (uint64_t bad : {0u, 63u, 64u, 500u, 999u}) {
    MemoryLog log;
    log.AddN(1000);
    log.tampered[bad] = HashLeaf(std::string("evil"));
    LogCursor cursor;
    ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
    ScanCollector c;
    CursorOptions o;
    o.batch_size = 64;
    absl::Status s = cursor.Scan(
        log, [&](LogEntry& e) { return c.Entry(e); },
        [&](uint64_t b, const LogCursor& st) { return c.Done(b, st); }, o);
    EXPECT_EQ(ErrorKindOf(s), ErrorKind::kTampered) << s;
    EXPECT_NE(s.message().find("entry " + std::to_string(bad) + " "), std::string::npos) << s;
    // Seen up to the end of the bad batch, reported only before it.
    EXPECT_EQ(cursor.position(), bad / 64 * 64);
    EXPECT_EQ(c.reported.size(), bad / 64 * 64);
    EXPECT_EQ(c.seen.size(), std::min<uint64_t>(1000, (bad / 64 + 1) * 64));
  }
  // An error from either sink stops the scan before the batch; the next scan
  // starts there.
  MemoryLog log;
  log.AddN(200);
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
  CursorOptions o;
  o.batch_size = 50;
  std::map<uint64_t, int> reported;
  uint64_t pending_begin = 0;
  auto done = [&](uint64_t b, const LogCursor& st) {
    pending_begin = b;
    for (uint64_t i = b; i < st.position(); ++i) reported[i]++;
    return absl::OkStatus();
  };
  absl::Status s = cursor.Scan(
      log,
      [&](LogEntry& e) {
        return e.index == 120 ? absl::AbortedError("entry sink") : absl::OkStatus();
      },
      done, o);
  EXPECT_TRUE(absl::IsAborted(s)) << s;
  EXPECT_EQ(cursor.position(), 100u);
  s = cursor.Scan(
      log, [&](LogEntry&) { return absl::OkStatus(); },
      [&](uint64_t b, const LogCursor& st) {
        return st.position() == 200 ? absl::AbortedError("done") : done(b, st);
      },
      o);
  EXPECT_TRUE(absl::IsAborted(s)) << s;
  EXPECT_EQ(cursor.position(), 150u);
  ASSERT_TRUE(cursor.Scan(log, [&](LogEntry&) { return absl::OkStatus(); }, done, o).ok());
  EXPECT_EQ(cursor.position(), 200u);
  EXPECT_EQ(pending_begin, 150u);
  EXPECT_EQ(reported.size(), 200u);
  for (auto& [i, n] : reported) EXPECT_EQ(n, 1) << i;
}

TEST(LogCursorTest, ScanStopsAfterMaxEntriesInWholeBatches) {
  MemoryLog log;
  log.AddN(1000);
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
  CursorOptions o;
  o.batch_size = 64;
  uint64_t seen = 0;
  auto entry = [&](LogEntry&) {
    ++seen;
    return absl::OkStatus();
  };
  auto done = [&](uint64_t, const LogCursor&) { return absl::OkStatus(); };
  ASSERT_TRUE(cursor.Scan(log, entry, done, o, 100).ok());
  EXPECT_EQ(cursor.position(), 128u);
  EXPECT_EQ(seen, 128u);
  ASSERT_TRUE(cursor.Scan(log, entry, done, o).ok());
  EXPECT_EQ(cursor.position(), 1000u);
  EXPECT_EQ(seen, 1000u);
}

TEST(LogCursorTest, ShortLongAndOutOfOrderReadsAreDetected) {
  MemoryLog log;
  log.AddN(100);
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
  Collector c;
  log.max_entries_per_call = 10;
  EXPECT_EQ(ErrorKindOf(cursor.Advance(log, std::ref(c))), ErrorKind::kTampered);
  log.max_entries_per_call = UINT64_MAX;
  log.skip_one = true;
  EXPECT_EQ(ErrorKindOf(cursor.Advance(log, std::ref(c))), ErrorKind::kTampered);
  log.skip_one = false;
  log.serve_extra_entry = true;
  CursorOptions o;
  o.batch_size = 10;
  LogCursor at50;  // the log holds more entries than this tree head
  ASSERT_TRUE(at50.Update(log, log.Head(50), kNow).ok());
  EXPECT_EQ(ErrorKindOf(at50.Advance(log, std::ref(c), o)), ErrorKind::kTampered);
  // The range is read at once: the batches before the extra entry were
  // authenticated and released; the extra one never is.
  EXPECT_EQ(at50.position(), 50u);
  EXPECT_EQ(c.seen.size(), 50u);
  log.serve_extra_entry = false;
  LogCursor again;
  ASSERT_TRUE(again.Update(log, log.Head(), kNow).ok());
  Collector c2;
  log.fail_entries = absl::UnavailableError("down");
  EXPECT_EQ(again.Advance(log, std::ref(c2)).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(again.position(), 0u);
  log.fail_entries = absl::OkStatus();
  EXPECT_TRUE(again.Advance(log, std::ref(c2)).ok());
  EXPECT_EQ(c2.seen.size(), 100u);
}

TEST(LogCursorTest, ForksRollbacksAndTimestampsAreMisbehaviour) {
  MemoryLog log, fork;
  log.AddN(300);
  fork.AddN(250);
  fork.AddN(50, "other-");
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(log, log.Head(200), kNow).ok());
  // Same size, other root.
  TreeHead forked = fork.Head(300);
  ASSERT_TRUE(cursor.Update(log, log.Head(300), kNow).ok());
  absl::StatusOr<TreeHeadUpdate> u = cursor.Update(log, forked, kNow);
  EXPECT_EQ(ErrorKindOf(u.status()), ErrorKind::kInconsistent);
  EXPECT_NE(u.status().message().find("size 300"), std::string::npos);
  // Larger forked tree: the consistency proof (from the fork) does not verify.
  fork.AddN(10);
  EXPECT_EQ(ErrorKindOf(cursor.Update(fork, fork.Head(), kNow).status()),
            ErrorKind::kInconsistent);
  // A smaller prefix is stale, a smaller non-prefix is inconsistent.
  EXPECT_EQ(*cursor.Update(log, log.Head(100), kNow), TreeHeadUpdate::kStale);
  EXPECT_EQ(ErrorKindOf(cursor.Update(log, fork.Head(280), kNow).status()),
            ErrorKind::kInconsistent);
  // Time.
  TreeHead back = log.Head(300);
  log.AddN(1);
  TreeHead older = log.Head(301, 0);
  older.timestamp_ms = back.timestamp_ms - 1;
  EXPECT_EQ(ErrorKindOf(cursor.Update(log, older, kNow).status()), ErrorKind::kInconsistent);
  TreeHead future = log.Head(301);
  future.timestamp_ms = absl::ToUnixMillis(kNow + absl::Hours(1));
  EXPECT_EQ(ErrorKindOf(cursor.Update(log, future, kNow).status()), ErrorKind::kInconsistent);
  // The cursor still holds the last good head and accepts the real next one.
  EXPECT_EQ(cursor.tree_head()->size, 300u);
  EXPECT_EQ(*cursor.Update(log, log.Head(301), kNow), TreeHeadUpdate::kAdvanced);
  // Malformed proofs.
  log.AddN(5);
  log.bad_proofs = true;
  EXPECT_EQ(ErrorKindOf(cursor.Update(log, log.Head(), kNow).status()),
            ErrorKind::kInconsistent);
}

TEST(LogCursorTest, AtTreeHeadStartsWithoutHistory) {
  for (uint64_t n : {1u, 2u, 3u, 5u, 8u, 63u, 64u, 65u, 257u, 1000u}) {
    MemoryLog log;
    log.AddN(n);
    absl::StatusOr<LogCursor> cursor = LogCursor::AtTreeHead(log, log.Head());
    ASSERT_TRUE(cursor.ok()) << n << ": " << cursor.status();
    EXPECT_EQ(cursor->position(), n);
    EXPECT_TRUE(cursor->caught_up());
    EXPECT_EQ(log.entries_served, 1u);
    log.AddN(37);
    ASSERT_EQ(*cursor->Update(log, log.Head(), kNow), TreeHeadUpdate::kAdvanced);
    Collector c;
    c.next = n;
    ASSERT_TRUE(cursor->Advance(log, std::ref(c)).ok());
    EXPECT_EQ(c.seen.size(), 37u);
  }
  MemoryLog empty;
  EXPECT_EQ(LogCursor::AtTreeHead(empty, empty.Head())->position(), 0u);
  MemoryLog log;
  log.AddN(10);
  log.tampered[9] = Hash{};
  // A log that looks leaves up by hash cannot prove the tampered one.
  EXPECT_EQ(LogCursor::AtTreeHead(log, log.Head()).status().code(), absl::StatusCode::kNotFound);
  // One that proves by index gives a proof that does not match it.
  log.by_index = true;
  EXPECT_EQ(ErrorKindOf(LogCursor::AtTreeHead(log, log.Head()).status()), ErrorKind::kTampered);
}

TEST(LogCursorTest, StateRoundTripsAndHostileStateIsRejected) {
  MemoryLog log;
  log.AddN(77);
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(log, log.Head(), kNow).ok());
  CursorOptions o;
  o.batch_size = 20;
  ASSERT_TRUE(cursor.Advance(log, [](const EntryBatch&) { return absl::OkStatus(); }, o, 40).ok());
  EXPECT_EQ(cursor.position(), 40u);
  std::string s = cursor.Serialize();
  absl::StatusOr<LogCursor> back = LogCursor::Deserialize(AsBytes(s));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->Serialize(), s);
  EXPECT_EQ(back->tree_head()->evidence, log.Head().evidence);
  EXPECT_EQ(back->range(), cursor.range());
  for (size_t cut = 0; cut < s.size(); ++cut) {
    EXPECT_EQ(ErrorKindOf(LogCursor::Deserialize(AsBytes(s.substr(0, cut))).status()),
              ErrorKind::kMalformed) << cut;
  }
  EXPECT_FALSE(LogCursor::Deserialize(AsBytes(s + "x")).ok());
  std::string v2 = s;
  v2[0] = 2;
  EXPECT_FALSE(LogCursor::Deserialize(AsBytes(v2)).ok());
  // A range longer than the tree head.
  LogCursor small;
  ASSERT_TRUE(small.Update(log, log.Head(10), kNow).ok());
  std::string t = small.Serialize();
  std::string r = cursor.range().Serialize();
  t.resize(t.size() - 2 - CompactRange().Serialize().size());
  t.push_back(static_cast<char>(r.size() >> 8));
  t.push_back(static_cast<char>(r.size() & 0xff));
  t += r;
  EXPECT_EQ(ErrorKindOf(LogCursor::Deserialize(AsBytes(t)).status()), ErrorKind::kMalformed);
  EXPECT_EQ(LogCursor().Advance(log, nullptr).code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ct
