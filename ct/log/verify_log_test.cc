#include "ct/log/verify_log.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ct/base/errors.h"
#include "ct/log/cursor.h"
#include "ct/log/testing/memory_log.h"
#include "ct/merkle/hash.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::MemoryLog;

const absl::Time kNow = absl::FromUnixMillis(1000000);

std::string StatePath(const std::string& name) {
  std::string p = absl::StrCat(::testing::TempDir(), "/", name);
  std::remove(p.c_str());
  return p;
}

VerifyLogOptions Options(const std::string& state, uint64_t batch) {
  VerifyLogOptions o;
  o.state_path = state;
  o.cursor.batch_size = batch;
  o.now = kNow;
  return o;
}

TEST(VerifyLogTest, ChecksEveryEntryAndReportsProgress) {
  MemoryLog log;
  log.AddN(300);
  VerifyLogOptions o;
  o.cursor.batch_size = 64;
  o.now = kNow;
  uint64_t started = 99, batches = 0, last_end = 0;
  o.on_start = [&](uint64_t from, uint64_t size) {
    started = from;
    EXPECT_EQ(size, 300u);
  };
  o.on_batch = [&](const VerifyProgress& p) {
    ++batches;
    EXPECT_EQ(p.first, last_end);
    last_end = p.end;
    EXPECT_EQ(p.checked, p.end);
  };
  absl::StatusOr<VerifyLogResult> r = VerifyLog(log, LogApi::kStaticCt, log.Head(), LogCursor(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(started, 0u);
  EXPECT_EQ(batches, 5u);
  EXPECT_EQ(r->entries, 300u);
  EXPECT_EQ(r->entries_checked, 300u);
  EXPECT_EQ(r->resumed_from, 0u);
  EXPECT_EQ(r->tree_head.root, log.Head().root);
  EXPECT_EQ(r->update, TreeHeadUpdate::kAdvanced);
  EXPECT_EQ(r->counts.unparsed, 0u);
}

TEST(VerifyLogTest, ResumesFromSavedState) {
  MemoryLog log;
  log.AddN(500);
  const std::string state = StatePath("resume.state");
  absl::StatusOr<LogCursor> fresh = ReadCursorState(state);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->position(), 0u);
  absl::StatusOr<VerifyLogResult> r =
      VerifyLog(log, LogApi::kStaticCt, log.Head(), *fresh, Options(state, 128));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->entries_checked, 500u);

  log.AddN(300);
  log.entries_served = 0;
  absl::StatusOr<LogCursor> saved = ReadCursorState(state);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->position(), 500u);
  r = VerifyLog(log, LogApi::kStaticCt, log.Head(), *saved, Options(state, 128));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->resumed_from, 500u);
  EXPECT_EQ(r->entries_checked, 300u);
  EXPECT_EQ(r->entries, 800u);
  EXPECT_EQ(log.entries_served, 300u);  // nothing read twice
  EXPECT_EQ(ReadCursorState(state)->position(), 800u);
}

TEST(VerifyLogTest, TamperedEntryIsNamedAndStateStopsBeforeItsBatch) {
  MemoryLog log;
  log.AddN(300);
  log.tampered[150] = HashLeaf("not the entry");
  const std::string state = StatePath("tampered.state");
  absl::StatusOr<VerifyLogResult> r =
      VerifyLog(log, LogApi::kStaticCt, log.Head(), LogCursor(), Options(state, 64));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsVerificationFailure(r.status())) << r.status();
  // The state holds only authenticated batches: [0, 128), not the one with 150.
  absl::StatusOr<LogCursor> saved = ReadCursorState(state);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->position(), 128u);
  // A rerun over an honest log resumes there and finishes.
  log.tampered.clear();
  r = VerifyLog(log, LogApi::kStaticCt, log.Head(), *saved, Options(state, 64));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->resumed_from, 128u);
  EXPECT_EQ(r->entries_checked, 172u);
}

TEST(VerifyLogTest, EntryThatDoesNotParseIsNamed) {
  LogEntry e;
  e.index = 42;
  e.parse_status = absl::InvalidArgumentError("bad leaf");
  EntryCounts counts;
  absl::Status s = CheckLogEntry(e, LogApi::kStaticCt, counts);
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kTampered);
  EXPECT_TRUE(absl::StrContains(s.message(), "entry 42")) << s;
  e.parse_status = absl::UnimplementedError("unknown entry type");
  EXPECT_TRUE(CheckLogEntry(e, LogApi::kStaticCt, counts).ok());
  EXPECT_EQ(counts.unparsed, 1u);
}

TEST(VerifyLogTest, MalformedStateFileIsRejected) {
  const std::string state = StatePath("garbage.state");
  std::ofstream(state) << "garbage";
  absl::StatusOr<LogCursor> c = ReadCursorState(state);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(ErrorKindOf(c.status()), ErrorKind::kMalformed);
}

TEST(VerifyLogTest, ForkedTreeHeadIsInconsistent) {
  MemoryLog log;
  log.AddN(100);
  const std::string state = StatePath("fork.state");
  ASSERT_TRUE(VerifyLog(log, LogApi::kStaticCt, log.Head(), LogCursor(), Options(state, 64)).ok());
  TreeHead forked = log.Head();
  forked.root = HashLeaf("fork");
  absl::StatusOr<VerifyLogResult> r =
      VerifyLog(log, LogApi::kStaticCt, forked, *ReadCursorState(state), Options(state, 64));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsVerificationFailure(r.status())) << r.status();
}

TEST(CheckTreeHeadConsistencyTest, GrowingSameShrunkForked) {
  MemoryLog log;
  log.AddN(100);
  TreeHead old = log.Head(40);
  absl::StatusOr<std::vector<Hash>> p = CheckTreeHeadConsistency(log, 40, old.root, log.Head());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE(p->empty());
  EXPECT_TRUE(CheckTreeHeadConsistency(log, 0, EmptyRoot(), log.Head())->empty());
  // The one tree head check (ct::VerifyTreeHeadConsistency): size 0 has one root.
  EXPECT_EQ(ErrorKindOf(CheckTreeHeadConsistency(log, 0, Hash{}, log.Head()).status()),
            ErrorKind::kInconsistent);
  EXPECT_TRUE(CheckTreeHeadConsistency(log, 100, log.Head().root, log.Head())->empty());
  EXPECT_EQ(log.consistency_requests, 1u);

  absl::Status shrank = CheckTreeHeadConsistency(log, 101, old.root, log.Head()).status();
  EXPECT_EQ(ErrorKindOf(shrank), ErrorKind::kInconsistent);
  EXPECT_TRUE(absl::StrContains(shrank.message(), "shrank from 101 to 100")) << shrank;
  absl::Status two = CheckTreeHeadConsistency(log, 100, old.root, log.Head()).status();
  EXPECT_EQ(ErrorKindOf(two), ErrorKind::kInconsistent);
  absl::Status forked = CheckTreeHeadConsistency(log, 40, HashLeaf("x"), log.Head()).status();
  EXPECT_EQ(ErrorKindOf(forked), ErrorKind::kInconsistent);
  EXPECT_TRUE(absl::StrContains(forked.message(), "not consistent with 40")) << forked;
}

TEST(ProveSctInclusionTest, EmptyTreeAndUnknownLeaf) {
  MemoryLog log;
  SignedCertificateTimestamp sct;
  const std::vector<uint8_t> cert = {1, 2, 3};
  SignedEntry entry;
  entry.certificate = cert;
  SctInclusion r = ProveSctInclusion(log, log.Head(), sct, entry);
  ASSERT_TRUE(r.leaf_hash.has_value());
  EXPECT_EQ(ErrorKindOf(r.status), ErrorKind::kTampered);
  log.AddN(10);
  r = ProveSctInclusion(log, log.Head(), sct, entry);
  EXPECT_FALSE(r.status.ok());
  EXPECT_FALSE(r.leaf_index.has_value());
}

TEST(ProveSctInclusionTest, ProvenAtItsIndexAndAWrongRootIsTampered) {
  MemoryLog log;
  log.AddN(7);
  SignedCertificateTimestamp sct;
  sct.timestamp = 1234;
  const std::vector<uint8_t> cert = {0x30, 0x03, 0x02, 0x01, 0x05};
  SignedEntry entry;
  entry.certificate = cert;
  absl::StatusOr<std::vector<uint8_t>> leaf = SerializeMerkleTreeLeaf(1234, entry, {});
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  log.Add(std::string(leaf->begin(), leaf->end()));  // MemoryLog hashes these bytes as the leaf
  log.AddN(5);
  SctInclusion r = ProveSctInclusion(log, log.Head(), sct, entry);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.leaf_index, std::optional<uint64_t>(7));
  EXPECT_EQ(*r.leaf_hash, *LeafHash(sct, entry));

  TreeHead wrong = log.Head();
  wrong.root = HashLeaf("another tree");
  r = ProveSctInclusion(log, wrong, sct, entry);
  EXPECT_EQ(ErrorKindOf(r.status), ErrorKind::kTampered) << r.status;
  EXPECT_EQ(r.leaf_index, std::optional<uint64_t>(7));
}

}  // namespace
}  // namespace ct
