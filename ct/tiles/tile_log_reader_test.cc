#include "ct/tiles/tile_log_reader.h"

#include <string>

#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/log/cursor.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/testing/navigli.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

// The real Navigli2025h2 tree head at 1,024 entries (testdata provenance).
TreeHead NavigliHead() {
  TreeHead h;
  h.size = 1024;
  h.root = *HashFromText("EMfGG85uIddeOXt5/wdQGP3IQd0COCqoLg9Q6CsPLJA=");
  return h;
}

TEST(TileLogReaderTest, CursorBackfillsTheRealLog) {
  MemoryFetcher f;
  testing::PutNavigliTiles(&f);
  TileLogReader reader(&f, {}, "", 3);
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(reader, NavigliHead(), absl::Now()).ok());
  uint64_t n = 0, precerts = 0;
  CursorOptions o;
  o.batch_size = 300;  // batches end inside tiles: proofs from hash tiles
  absl::Status s = cursor.Advance(reader, [&](const EntryBatch& b) {
    for (const LogEntry& e : b.entries) {
      EXPECT_EQ(e.index, n++);
      EXPECT_FALSE(e.certificate.empty());
      if (e.type == LogEntryType::kPrecert) {
        ++precerts;
        EXPECT_FALSE(e.pre_certificate.empty());
      }
    }
    return absl::OkStatus();
  }, o);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(n, 1024u);
  EXPECT_GT(precerts, 0u);
  EXPECT_TRUE(cursor.caught_up());
}

TEST(TileLogReaderTest, AtTreeHeadUsesTheRightEdgeOnly) {
  MemoryFetcher f;
  testing::PutNavigliTiles(&f);
  TileLogReader reader(&f, {}, "");
  absl::StatusOr<LogCursor> cursor = LogCursor::AtTreeHead(reader, NavigliHead());
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(cursor->position(), 1024u);
}

TEST(TileLogReaderTest, TamperedEntryIsNamed) {
  MemoryFetcher f;
  testing::PutNavigliTiles(&f);
  // Flip a byte inside the certificate of the first entry of tile/data/002.
  std::string tile = testing::ReadTestdata(std::string(testing::kNavigliDir) + "tile/data/002");
  ByteSpan rest = AsBytes(tile);
  absl::StatusOr<TileLeaf> leaf = ParseTileLeaf(&rest);
  ASSERT_TRUE(leaf.ok());
  size_t at = leaf->certificate.data() - AsBytes(tile).data() + 100;
  tile[at] ^= 1;
  f.Put("tile/data/002", tile);
  TileLogReader reader(&f, {}, "");
  LogCursor cursor;
  ASSERT_TRUE(cursor.Update(reader, NavigliHead(), absl::Now()).ok());
  uint64_t released = 0;
  absl::Status s = cursor.Advance(reader, [&](const EntryBatch& b) {
    released += b.entries.size();
    return absl::OkStatus();
  }, CursorOptions{256});
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kTampered) << s;
  EXPECT_NE(s.message().find("entry 512 "), std::string::npos) << s;
  EXPECT_EQ(released, 512u);
}

TEST(TileLogReaderTest, InclusionNeedsAnIndexAndRangesAreChecked) {
  MemoryFetcher f;
  testing::PutNavigliTiles(&f);
  TileLogReader reader(&f, {}, "");
  EXPECT_EQ(reader.InclusionProof(Hash{}, std::nullopt, NavigliHead()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(reader.Entries(5, 2000, NavigliHead(), [](LogEntry&) { return absl::OkStatus(); })
                .code(),
            absl::StatusCode::kOutOfRange);
  f.Put("tile/data/001", "garbage");
  EXPECT_EQ(ErrorKindOf(reader.Entries(256, 300, NavigliHead(),
                                       [](LogEntry&) { return absl::OkStatus(); })),
            ErrorKind::kMalformed);
}

}  // namespace
}  // namespace ct
