#include "ct/tiles/checkpoint_consistency.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/verify.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/testing/navigli.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

// NavigliCheckpoint returns the real Navigli2025h2 tree head at `size` (256,
// 778 or 1024), as computed by the test vectors' collector.
Checkpoint NavigliCheckpoint(uint64_t size) {
  Checkpoint cp;
  cp.origin = "navigli2025h2.skylight.geomys.org";
  cp.size = size;
  const std::string b64 =
      testing::NavigliCollector()[absl::StrCat("root_hash_b64_tree_size_", size)];
  absl::StatusOr<Hash> root = HashFromText(b64);
  EXPECT_TRUE(root.ok()) << root.status();
  cp.root = *root;
  return cp;
}

class CheckpointConsistencyTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::PutNavigliTiles(&fetcher_); }
  MemoryFetcher fetcher_;
};

TEST_F(CheckpointConsistencyTest, ProvesRealPrefixes) {
  const Checkpoint newer = NavigliCheckpoint(1024);
  for (uint64_t m : {256, 778, 1024}) {
    const Checkpoint older = NavigliCheckpoint(m);
    absl::StatusOr<std::vector<Hash>> proof =
        ProveCheckpointConsistency(fetcher_, older, newer);
    ASSERT_TRUE(proof.ok()) << m << ": " << proof.status();
    EXPECT_TRUE(VerifyConsistency(m, 1024, *proof, older.root, newer.root).ok()) << m;
    if (m == 1024) {
      EXPECT_TRUE(proof->empty());
    }
  }
}

TEST_F(CheckpointConsistencyTest, AcceptsOnlyTheEmptyRootAtSizeZero) {
  const Checkpoint newer = NavigliCheckpoint(1024);
  Checkpoint empty = newer;
  empty.size = 0;
  empty.root = EmptyRoot();
  absl::StatusOr<std::vector<Hash>> proof = ProveCheckpointConsistency(fetcher_, empty, newer);
  ASSERT_TRUE(proof.ok()) << proof.status();
  EXPECT_TRUE(proof->empty());
  empty.root[0] ^= 1;
  absl::Status s = ProveCheckpointConsistency(fetcher_, empty, newer).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kInconsistent);
  EXPECT_TRUE(absl::StrContains(s.message(), "a tree of size 0 has a non-empty root")) << s;
}

TEST_F(CheckpointConsistencyTest, ReportsForksAndShrinkingAsInconsistent) {
  absl::Status shrank =
      ProveCheckpointConsistency(fetcher_, NavigliCheckpoint(1024), NavigliCheckpoint(778))
          .status();
  EXPECT_EQ(ErrorKindOf(shrank), ErrorKind::kInconsistent);
  EXPECT_TRUE(absl::StrContains(shrank.message(), "shrank from 1024 to 778 entries")) << shrank;
  Checkpoint forked = NavigliCheckpoint(778);
  forked.root = NavigliCheckpoint(256).root;
  absl::Status s =
      ProveCheckpointConsistency(fetcher_, forked, NavigliCheckpoint(1024)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kInconsistent);
  EXPECT_TRUE(IsVerificationFailure(s));
}

TEST_F(CheckpointConsistencyTest, TamperedOrMissingTilesAreNotProofs) {
  const Checkpoint older = NavigliCheckpoint(778), newer = NavigliCheckpoint(1024);
  absl::StatusOr<std::string> tile = fetcher_.Fetch("tile/0/003");
  ASSERT_TRUE(tile.ok());
  std::string bad = *tile;
  bad[100] ^= 1;
  fetcher_.Put("tile/0/003", bad);
  EXPECT_EQ(ProveCheckpointConsistency(fetcher_, older, newer).status().code(),
            absl::StatusCode::kDataLoss);
  fetcher_.Put("tile/0/003", *tile);
  fetcher_.Remove("tile/1/000.p/4");
  EXPECT_EQ(ProveCheckpointConsistency(fetcher_, older, newer).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ct
