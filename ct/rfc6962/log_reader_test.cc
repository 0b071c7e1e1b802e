// Rfc6962LogReader + LogCursor against the loopback RFC 6962 server: the same
// entries as the tiled copy of the log give the same entries and roots through
// both readers; faults are survived or detected with the entry named.
#include "ct/rfc6962/log_reader.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ct/base/errors.h"
#include "ct/log/cursor.h"
#include "ct/rfc6962/testing/test_log.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/tile_log_reader.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

constexpr uint64_t kSize = 600;
constexpr uint64_t kSmall = 200;

using Env = testing::RunningTestLog;
Env* env = nullptr;

class Rfc6962LogReaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env = new Env();
    testing::StartTestLog(kSize, kSmall, env);
    if (!env->error.empty()) return;
  }
  static void TearDownTestSuite() {
    delete env;
    env = nullptr;
  }
  void SetUp() override { ASSERT_EQ(env->error, ""); }

  std::unique_ptr<Rfc6962Client> Client(const std::string& mode) {
    HttpFetcherOptions http;
    http.prefix = env->server->Prefix(mode);
    http.initial_backoff = absl::Milliseconds(10);
    http.max_attempts = 3;
    http.timeout = absl::Seconds(2);
    Rfc6962ClientOptions o;
    o.now = [] { return env->log.now; };
    o.sleep = [](absl::Duration) {};
    auto c = Rfc6962Client::CreateHttp(http, env->log.Verifier(), o);
    EXPECT_TRUE(c.ok()) << c.status();
    return *std::move(c);
  }

  // Backfill reads the whole log through `reader` with a cursor; returns the
  // released entries, or the error.
  static absl::StatusOr<std::vector<LogEntry>> Backfill(LogReader& reader, uint64_t batch,
                                                       LogCursor* cursor_out = nullptr) {
    LogCursor cursor;
    absl::StatusOr<TreeHead> head = reader.LatestTreeHead();
    if (!head.ok()) return head.status();
    absl::StatusOr<TreeHeadUpdate> u = cursor.Update(reader, *head, env->log.now);
    if (!u.ok()) return u.status();
    std::vector<LogEntry> out;
    CursorOptions o;
    o.batch_size = batch;
    absl::Status s = cursor.Advance(reader, [&](const EntryBatch& b) {
      out.insert(out.end(), b.entries.begin(), b.entries.end());
      return absl::OkStatus();
    }, o);
    if (cursor_out != nullptr) *cursor_out = cursor;
    if (!s.ok()) return s;
    return out;
  }
};

TEST_F(Rfc6962LogReaderTest, SameEntriesAndRootsAsTheTiledCopy) {
  auto client = Client("plain");
  Rfc6962ReaderOptions ro;
  ro.parallel_requests = 2;
  ro.entries_per_request = 64;
  Rfc6962LogReader reader(client.get(), ro);
  LogCursor cursor;
  absl::StatusOr<std::vector<LogEntry>> entries = Backfill(reader, 100, &cursor);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), kSize);
  EXPECT_EQ(cursor.range().Root(), env->log.tiles_root);

  // The same log as static-ct-api tiles.
  absl::StatusOr<std::unique_ptr<DirectoryFetcher>> dir = DirectoryFetcher::Create(env->log.tiles_dir);
  ASSERT_TRUE(dir.ok()) << dir.status();
  TileLogReader tiles(dir->get(), {}, "");
  TreeHead head;
  head.size = kSize;
  head.root = env->log.tiles_root;
  LogCursor tcursor;
  ASSERT_TRUE(tcursor.Update(tiles, head, env->log.now).ok());
  std::vector<LogEntry> tentries;
  ASSERT_TRUE(tcursor.Advance(tiles, [&](const EntryBatch& b) {
    tentries.insert(tentries.end(), b.entries.begin(), b.entries.end());
    return absl::OkStatus();
  }).ok());
  ASSERT_EQ(tentries.size(), kSize);
  int precerts = 0;
  for (uint64_t i = 0; i < kSize; ++i) {
    const LogEntry& a = (*entries)[i];
    const LogEntry& b = tentries[i];
    ASSERT_TRUE(a.parse_status.ok()) << a.parse_status;
    EXPECT_EQ(a.leaf_hash, b.leaf_hash) << i;
    EXPECT_EQ(a.type, b.type) << i;
    EXPECT_EQ(a.certificate, b.certificate) << i;
    EXPECT_EQ(a.timestamp, b.timestamp) << i;
    EXPECT_EQ(a.extensions, b.extensions) << i;
    if (a.type == LogEntryType::kPrecert) {
      ++precerts;
      EXPECT_EQ(a.pre_certificate, b.pre_certificate) << i;
      EXPECT_EQ(a.issuer_key_hash, b.issuer_key_hash) << i;
    }
    EXPECT_FALSE(a.chain.empty()) << i;
    EXPECT_EQ(a.chain.size(), b.chain_fingerprints.size()) << i;
  }
  EXPECT_EQ(precerts, static_cast<int>(kSize / 3));
  EXPECT_EQ(tcursor.range().Root(), cursor.range().Root());
}

TEST_F(Rfc6962LogReaderTest, CappedLogsGiveTheSameResult) {
  for (const char* mode : {"cap31", "cap256"}) {
    auto client = Client(mode);
    Rfc6962LogReader reader(client.get(), Rfc6962ReaderOptions{1000, 2});
    absl::StatusOr<std::vector<LogEntry>> entries = Backfill(reader, 4096);
    ASSERT_TRUE(entries.ok()) << mode << ": " << entries.status();
    EXPECT_EQ(entries->size(), kSize) << mode;
  }
}

TEST_F(Rfc6962LogReaderTest, TamperedLeafIsNamed) {
  auto client = Client("tamper");
  Rfc6962LogReader reader(client.get());
  absl::StatusOr<std::vector<LogEntry>> entries = Backfill(reader, 128);
  EXPECT_EQ(ErrorKindOf(entries.status()), ErrorKind::kTampered) << entries.status();
  EXPECT_NE(entries.status().message().find(absl::StrCat("entry ", env->log.tamper_index, " ")),
            std::string::npos)
      << entries.status();
}

TEST_F(Rfc6962LogReaderTest, ForksAreMisbehaviour) {
  // forkbig: the first STH is the small tree, the next a bigger tree that
  // does not extend it.
  auto client = Client("forkbig");
  Rfc6962LogReader reader(client.get());
  LogCursor cursor;
  absl::StatusOr<TreeHead> small = reader.LatestTreeHead();
  ASSERT_TRUE(small.ok()) << small.status();
  ASSERT_TRUE(cursor.Update(reader, *small, env->log.now).ok());
  absl::StatusOr<TreeHead> big = reader.LatestTreeHead();
  // The client itself may already refuse it; else the cursor does.
  absl::Status s = big.ok() ? cursor.Update(reader, *big, env->log.now).status() : big.status();
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kInconsistent) << s;
  EXPECT_EQ(cursor.tree_head()->size, kSmall);
}

TEST_F(Rfc6962LogReaderTest, StartsAtTheTreeHeadFromTheLastLeafsProof) {
  auto client = Client("plain");
  Rfc6962LogReader reader(client.get());
  absl::StatusOr<TreeHead> head = reader.LatestTreeHead();
  ASSERT_TRUE(head.ok());
  absl::StatusOr<LogCursor> cursor = LogCursor::AtTreeHead(reader, *head);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(cursor->position(), kSize);
  EXPECT_EQ(cursor->range().Root(), env->log.tiles_root);
}

TEST_F(Rfc6962LogReaderTest, UnparsableExtraDataIsKeptWithItsReason) {
  Rfc6962Entry raw;
  raw.index = 7;
  raw.leaf_input = env->log.entries[0].leaf_input;
  raw.extra_data = {0x00, 0x00, 0x05, 0x01};
  LogEntry e = LogEntryFromRfc6962(raw);
  EXPECT_EQ(ErrorKindOf(e.parse_status), ErrorKind::kMalformed) << e.parse_status;
  EXPECT_FALSE(e.certificate.empty());
  raw.leaf_input = {0, 0, 1};
  EXPECT_FALSE(LogEntryFromRfc6962(raw).parse_status.ok());
}

TEST_F(Rfc6962LogReaderTest, ConsumingConversionGivesTheSameEntry) {
  // The reader converts entries it owns (buffers reused); both forms agree on
  // every x509 and precert entry of the log, and on an unparsable extra_data.
  int precerts = 0;
  for (size_t i = 0; i < env->log.entries.size(); ++i) {
    Rfc6962Entry raw;
    raw.index = i;
    raw.leaf_hash = env->log.leaf_hashes[i];
    raw.leaf_input = env->log.entries[i].leaf_input;
    raw.extra_data = i == 3 ? Bytes{0x00, 0x00, 0x05, 0x01} : env->log.entries[i].extra_data;
    const LogEntry want = LogEntryFromRfc6962(raw);
    const LogEntry got = LogEntryFromRfc6962(std::move(raw));
    precerts += want.type == LogEntryType::kPrecert;
    EXPECT_EQ(got.type, want.type) << i;
    EXPECT_EQ(got.certificate, want.certificate) << i;
    EXPECT_EQ(got.extensions, want.extensions) << i;
    EXPECT_EQ(got.pre_certificate, want.pre_certificate) << i;
    EXPECT_EQ(got.chain, want.chain) << i;
    EXPECT_EQ(got.issuer_key_hash, want.issuer_key_hash) << i;
    EXPECT_EQ(got.parse_status, want.parse_status) << i;
    EXPECT_EQ(got.parse_status.ok(), i != 3) << i;
  }
  EXPECT_GT(precerts, 0);
}

}  // namespace
}  // namespace ct
