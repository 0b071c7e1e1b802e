#include "ct/merkle/verify.h"

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;

Hash FromHex(const std::string& hex) {
  absl::StatusOr<Hash> h = HashFromText(hex);
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() ? *h : Hash{};
}

std::vector<Hash> HexList(const nlohmann::json& list) {
  std::vector<Hash> out;
  for (const auto& h : list) out.push_back(FromHex(h));
  return out;
}

// Base64 strings in the probes may be empty or not 32 bytes long; that is
// malformed input for ctcore (kInvalidArgument from HashFromBytes).
absl::StatusOr<Hash> FromBase64(const nlohmann::json& value) {
  std::string text = value.is_null() ? "" : value.get<std::string>();
  std::string bytes;
  if (!absl::Base64Unescape(text, &bytes)) {
    return absl::InvalidArgumentError("bad base64");
  }
  return HashFromBytes(bytes);
}

absl::StatusOr<std::vector<Hash>> FromBase64List(const nlohmann::json& list) {
  std::vector<Hash> out;
  if (list.is_null()) return out;
  for (const auto& item : list) {
    absl::StatusOr<Hash> h = FromBase64(item);
    if (!h.ok()) return h.status();
    out.push_back(*h);
  }
  return out;
}

// The probe files under testdata/merkle/transparency-dev-merkle/<kind>,
// relative to the workspace root.
std::vector<std::string> ProbeFiles(const std::string& kind) {
  std::string root = "testdata/merkle/transparency-dev-merkle/" + kind;
  std::string base;
  if (const char* srcdir = std::getenv("TEST_SRCDIR")) {
    base = absl::StrCat(srcdir, "/ctcore/");
  }
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           base + root,
           std::filesystem::directory_options::follow_directory_symlink)) {
    const std::string path = entry.path().string();
    if (path.size() > 5 && path.substr(path.size() - 5) == ".json") {
      files.insert(path.substr(base.size()));
    }
  }
  return std::vector<std::string>(files.begin(), files.end());
}

absl::Status RunInclusionProbe(const nlohmann::json& probe) {
  absl::StatusOr<Hash> leaf = FromBase64(probe["leafHash"]);
  if (!leaf.ok()) return leaf.status();
  absl::StatusOr<Hash> root = FromBase64(probe["root"]);
  if (!root.ok()) return root.status();
  absl::StatusOr<std::vector<Hash>> proof = FromBase64List(probe["proof"]);
  if (!proof.ok()) return proof.status();
  return VerifyInclusion(*leaf, probe["leafIdx"].get<uint64_t>(),
                         probe["treeSize"].get<uint64_t>(), *proof, *root);
}

absl::Status RunConsistencyProbe(const nlohmann::json& probe) {
  absl::StatusOr<Hash> root1 = FromBase64(probe["root1"]);
  if (!root1.ok()) return root1.status();
  absl::StatusOr<Hash> root2 = FromBase64(probe["root2"]);
  if (!root2.ok()) return root2.status();
  absl::StatusOr<std::vector<Hash>> proof = FromBase64List(probe["proof"]);
  if (!proof.ok()) return proof.status();
  return VerifyConsistency(probe["size1"].get<uint64_t>(),
                           probe["size2"].get<uint64_t>(), *proof, *root1,
                           *root2);
}

TEST(VerifyProbesTest, InclusionProbesBehaveAsWantErrSays) {
  std::vector<std::string> files = ProbeFiles("inclusion");
  ASSERT_EQ(files.size(), 98u);  // MANIFEST.md: 98 inclusion probes
  for (const std::string& file : files) {
    nlohmann::json probe = nlohmann::json::parse(ReadTestdata(file));
    absl::Status status = RunInclusionProbe(probe);
    if (probe["wantErr"].get<bool>()) {
      EXPECT_FALSE(status.ok()) << file;
    } else {
      EXPECT_TRUE(status.ok()) << file << ": " << status;
    }
  }
}

// One probe passes 12-byte "roots" ("don't care 2") with size1 == size2 == 1
// and expects success: transparency-dev/merkle compares the bytes without
// checking their length. ctcore's hashes are 32 bytes by type, so such input
// is malformed (kInvalidArgument) before verification starts; see
// docs/merkle.md.
constexpr char kNon32ByteRootsProbe[] =
    "testdata/merkle/transparency-dev-merkle/consistency/additional/"
    "sizes-are-equal-one-and-proof-is-empty.json";

TEST(VerifyProbesTest, ConsistencyProbesBehaveAsWantErrSays) {
  std::vector<std::string> files = ProbeFiles("consistency");
  ASSERT_EQ(files.size(), 98u);  // MANIFEST.md: 98 consistency probes
  for (const std::string& file : files) {
    nlohmann::json probe = nlohmann::json::parse(ReadTestdata(file));
    absl::Status status = RunConsistencyProbe(probe);
    if (file == kNon32ByteRootsProbe) {
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << file;
      continue;
    }
    if (probe["wantErr"].get<bool>()) {
      EXPECT_FALSE(status.ok()) << file;
    } else {
      EXPECT_TRUE(status.ok()) << file << ": " << status;
    }
  }
}

TEST(VerifyProbesTest, MutatedRootsAndBitFlipsAreRootMismatches) {
  // Well-formed mutations of the happy paths (same sizes, same proof length,
  // 32-byte hashes) must be reported as root mismatches, not as malformed
  // input. (The probes' wrong-leaf / wrong-root values are 9 bytes long, so
  // they are malformed for ctcore.)
  for (const std::string& file : ProbeFiles("inclusion")) {
    if (file.find("modified-proof") == std::string::npos &&
        file.find("random-root") == std::string::npos) {
      continue;
    }
    absl::Status status =
        RunInclusionProbe(nlohmann::json::parse(ReadTestdata(file)));
    EXPECT_TRUE(IsRootMismatch(status)) << file << ": " << status;
  }
  for (const std::string& file : ProbeFiles("consistency")) {
    if (file.find("modified-proof") == std::string::npos) {
      continue;
    }
    absl::Status status =
        RunConsistencyProbe(nlohmann::json::parse(ReadTestdata(file)));
    EXPECT_TRUE(IsRootMismatch(status)) << file << ": " << status;
  }
}

nlohmann::json ReferenceTree() {
  return nlohmann::json::parse(
      ReadTestdata("testdata/merkle/rfc6962-reference-tree.json"));
}

TEST(VerifyReferenceTreeTest, CppKnownAnswerAuditPathsVerify) {
  nlohmann::json tree = ReferenceTree();
  const auto& leaves = tree["node_hashes_by_level"][0];
  int checked = 0;
  for (const auto& kat : tree["inclusion_paths_cpp_kat"]["cases"]) {
    const uint64_t leaf = kat["leaf"];  // 1-based in the C++ source
    const uint64_t size = kat["tree_size"];
    std::vector<Hash> path = HexList(kat["path"]);
    if (leaf == 0) {
      // "Leaf 0" does not exist in 1-based numbering.
      EXPECT_EQ(VerifyInclusion(Hash{}, 0, size, path, Hash{}).code(),
                absl::StatusCode::kOutOfRange);
      continue;
    }
    const uint64_t index = leaf - 1;
    ASSERT_EQ(index, kat["leaf_index_0based"].get<uint64_t>());
    const Hash root = FromHex(tree["roots_by_tree_size"][std::to_string(size)]);
    EXPECT_TRUE(VerifyInclusion(FromHex(leaves[index]), index, size, path, root).ok())
        << "leaf " << leaf << " size " << size;
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

TEST(VerifyReferenceTreeTest, CppKnownAnswerConsistencyProofsVerify) {
  nlohmann::json tree = ReferenceTree();
  const auto& roots = tree["roots_by_tree_size"];
  int checked = 0;
  for (const auto& kat : tree["consistency_proofs_cpp_kat"]["cases"]) {
    const uint64_t size1 = kat["size1"], size2 = kat["size2"];
    EXPECT_TRUE(VerifyConsistency(size1, size2, HexList(kat["proof"]),
                                  FromHex(roots[std::to_string(size1)]),
                                  FromHex(roots[std::to_string(size2)]))
                    .ok())
        << size1 << " -> " << size2;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(VerifyTreeHeadConsistencyTest, OrderRootsAndProofsOfTheReferenceTree) {
  nlohmann::json tree = ReferenceTree();
  const auto& roots = tree["roots_by_tree_size"];
  auto head = [&](uint64_t size, uint64_t ts) {
    return TreeHeadRef{size, FromHex(roots[std::to_string(size)]), ts};
  };
  for (const auto& kat : tree["consistency_proofs_cpp_kat"]["cases"]) {
    const uint64_t size1 = kat["size1"], size2 = kat["size2"];
    const std::vector<Hash> want = HexList(kat["proof"]);
    int fetches = 0;
    ConsistencyProofFetch fetch = [&](uint64_t a, uint64_t b) -> absl::StatusOr<std::vector<Hash>> {
      ++fetches;
      EXPECT_EQ(a, size1);
      EXPECT_EQ(b, size2);
      return want;
    };
    absl::StatusOr<std::vector<Hash>> got = VerifyTreeHeadConsistency(head(size1, 1), head(size2, 2), fetch);
    ASSERT_TRUE(got.ok()) << size1 << " -> " << size2 << ": " << got.status();
    EXPECT_EQ(*got, want);
    EXPECT_EQ(fetches, size1 == size2 ? 0 : 1);
    // Each misbehaviour is kInconsistent and names both tree heads.
    for (const auto& [older, newer] : std::vector<std::pair<TreeHeadRef, TreeHeadRef>>{
             {head(size2, 1), head(size1, 2)},             // shrank (when size1 < size2)
             {head(size1, 2), head(size2, 1)},             // timestamp went back
             {head(size1, 1), TreeHeadRef{size2, Hash{}, 2}}}) {  // another root
      if (older.size == newer.size && older.root == newer.root &&
          older.timestamp_ms <= newer.timestamp_ms) {
        continue;
      }
      absl::Status s = VerifyTreeHeadConsistency(older, newer, fetch).status();
      EXPECT_EQ(ErrorKindOf(s), ErrorKind::kInconsistent) << size1 << " -> " << size2;
      EXPECT_NE(s.message().find(absl::StrCat("older tree head (size ", older.size)),
                std::string::npos) << s;
      EXPECT_NE(s.message().find(absl::StrCat("newer tree head (size ", newer.size)),
                std::string::npos) << s;
    }
  }
  // Growing from the empty tree needs no proof; the empty tree has one root.
  ConsistencyProofFetch none;
  EXPECT_TRUE(VerifyTreeHeadConsistency(TreeHeadRef{0, EmptyRoot(), 0}, head(7, 0), none).ok());
  EXPECT_EQ(ErrorKindOf(VerifyTreeHeadConsistency(TreeHeadRef{0, Hash{}, 0}, head(7, 0), none)
                            .status()),
            ErrorKind::kInconsistent);
  // Without a fetcher only the order is checked; fetch errors pass through.
  EXPECT_TRUE(VerifyTreeHeadConsistency(head(3, 0), head(7, 0), none).ok());
  ConsistencyProofFetch down = [](uint64_t, uint64_t) -> absl::StatusOr<std::vector<Hash>> {
    return absl::UnavailableError("log down");
  };
  EXPECT_TRUE(absl::IsUnavailable(VerifyTreeHeadConsistency(head(3, 0), head(7, 0), down).status()));
}

struct Sth {
  uint64_t size;
  Hash root;
};

Sth ReadSth(const std::string& name) {
  nlohmann::json j = nlohmann::json::parse(
      ReadTestdata("testdata/merkle/argon2025h1-consistency/" + name));
  absl::StatusOr<Hash> root = FromBase64(j["sha256_root_hash"]);
  EXPECT_TRUE(root.ok());
  return Sth{j["tree_size"].get<uint64_t>(), root.ok() ? *root : Hash{}};
}

TEST(VerifyRealLogTest, Argon2025h1ConsistencyProofVerifies) {
  const Sth first = ReadSth("get-sth-response-1425614114.json");
  const Sth second = ReadSth("get-sth-response-1425633154.json");
  nlohmann::json response = nlohmann::json::parse(ReadTestdata(
      "testdata/merkle/argon2025h1-consistency/"
      "get-sth-consistency-response-1425614114-1425633154.json"));
  absl::StatusOr<std::vector<Hash>> proof =
      FromBase64List(response["consistency"]);
  ASSERT_TRUE(proof.ok());
  ASSERT_EQ(proof->size(), 24u);
  EXPECT_EQ(ConsistencyProofSize(first.size, second.size), 24u);
  EXPECT_TRUE(VerifyConsistency(first.size, second.size, *proof, first.root,
                                second.root)
                  .ok());
  absl::StatusOr<Hash> root2 =
      RootFromConsistencyProof(first.size, second.size, *proof, first.root);
  ASSERT_TRUE(root2.ok());
  EXPECT_EQ(*root2, second.root);
  // Swapped roots and a flipped bit are root mismatches.
  EXPECT_TRUE(IsRootMismatch(VerifyConsistency(first.size, second.size, *proof,
                                               second.root, first.root)));
  std::vector<Hash> flipped = *proof;
  flipped[10][0] ^= 0x80;
  EXPECT_TRUE(IsRootMismatch(VerifyConsistency(first.size, second.size,
                                               flipped, first.root,
                                               second.root)));
  // Other sizes do not accept the proof. (Not every size change is
  // detectable: 1425633153 chains this proof exactly like 1425633154, so the
  // RFC algorithm accepts it for that size too; see docs/merkle.md.)
  EXPECT_FALSE(VerifyConsistency(first.size + 1, second.size, *proof,
                                 first.root, second.root)
                   .ok());
  EXPECT_FALSE(VerifyConsistency(first.size - 1, second.size, *proof,
                                 first.root, second.root)
                   .ok());
  EXPECT_FALSE(VerifyConsistency(first.size, second.size * 2, *proof,
                                 first.root, second.root)
                   .ok());
}

// --- Edge cases (documented in verify.h) ---

Hash Filled(uint8_t b) {
  Hash h;
  h.fill(b);
  return h;
}

TEST(VerifyInclusionTest, TreeOfSizeOneWithEmptyPathIsTheLeaf) {
  const Hash leaf = Filled(7);
  EXPECT_TRUE(VerifyInclusion(leaf, 0, 1, {}, leaf).ok());
  EXPECT_EQ(*RootFromInclusionProof(leaf, 0, 1, {}), leaf);
  EXPECT_TRUE(IsRootMismatch(VerifyInclusion(leaf, 0, 1, {}, Filled(8))));
}

TEST(VerifyInclusionTest, IndexAtOrPastSizeIsOutOfRange) {
  const Hash h = Filled(1);
  EXPECT_EQ(VerifyInclusion(h, 0, 0, {}, h).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(VerifyInclusion(h, 1, 1, {}, h).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(VerifyInclusion(h, 5, 4, {h, h}, h).code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(VerifyInclusion(h, ~uint64_t{0}, ~uint64_t{0}, {}, h).code(),
            absl::StatusCode::kOutOfRange);
}

TEST(VerifyInclusionTest, WrongProofLengthIsInvalidArgument) {
  const Hash h = Filled(1);
  // Size 8 needs exactly 3 hashes.
  EXPECT_EQ(VerifyInclusion(h, 3, 8, {h, h}, h).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(h, 3, 8, {h, h, h, h}, h).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(h, 0, 1, {h}, h).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsRootMismatch(VerifyInclusion(h, 3, 8, {h, h, h}, h)));
}

TEST(VerifyInclusionTest, HandlesSizesNear2To64) {
  const uint64_t size = ~uint64_t{0};
  const Hash h = Filled(3);
  for (uint64_t index : {uint64_t{0}, size / 2, size - 2, size - 1}) {
    const size_t n = InclusionProofSize(index, size);
    EXPECT_LE(n, 64u);
    std::vector<Hash> proof(n, h);
    absl::StatusOr<Hash> root = RootFromInclusionProof(h, index, size, proof);
    ASSERT_TRUE(root.ok()) << index << ": " << root.status();
    EXPECT_TRUE(VerifyInclusion(h, index, size, proof, *root).ok());
    proof.push_back(h);
    EXPECT_EQ(RootFromInclusionProof(h, index, size, proof).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(VerifyConsistencyTest, FromSizeZeroIsInvalidArgument) {
  const Hash empty = EmptyRoot();
  EXPECT_EQ(VerifyConsistency(0, 0, {}, empty, empty).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(0, 5, {}, empty, Filled(1)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(0, 1, {empty}, empty, empty).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(VerifyConsistencyTest, EqualSizesNeedEmptyProofAndEqualRoots) {
  const Hash a = Filled(1), b = Filled(2);
  EXPECT_TRUE(VerifyConsistency(7, 7, {}, a, a).ok());
  EXPECT_EQ(*RootFromConsistencyProof(7, 7, {}, a), a);
  EXPECT_TRUE(IsRootMismatch(VerifyConsistency(7, 7, {}, a, b)));
  EXPECT_EQ(VerifyConsistency(7, 7, {a}, a, a).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(VerifyConsistencyTest, FirstLargerThanSecondIsOutOfRange) {
  const Hash a = Filled(1);
  EXPECT_EQ(VerifyConsistency(2, 1, {}, a, a).code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(VerifyConsistency(1, 0, {}, a, a).code(),
            absl::StatusCode::kOutOfRange);
}

TEST(VerifyConsistencyTest, WrongProofLengthIsInvalidArgument) {
  const Hash a = Filled(1);
  // 1 -> 2 needs exactly one hash (the second leaf).
  EXPECT_EQ(VerifyConsistency(1, 2, {}, a, a).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(1, 2, {a, a}, a, a).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(VerifyConsistency(1, 2, {a}, a, HashChildren(a, a)).ok());
}

TEST(VerifyConsistencyTest, HandlesSizesNear2To64) {
  const Hash h = Filled(5);
  const uint64_t max = ~uint64_t{0};
  for (auto [size1, size2] : {std::pair<uint64_t, uint64_t>{1, max},
                              {max - 1, max},
                              {uint64_t{1} << 63, max},
                              {(uint64_t{1} << 40) + 3, uint64_t{1} << 41}}) {
    const size_t n = ConsistencyProofSize(size1, size2);
    std::vector<Hash> proof(n, h);
    // Whatever root1 the proof leads to, it is either accepted or a
    // mismatch, never a crash or a length error.
    absl::StatusOr<Hash> root2 = RootFromConsistencyProof(size1, size2, proof, h);
    EXPECT_TRUE(root2.ok() || IsRootMismatch(root2.status()))
        << size1 << " " << size2 << ": " << root2.status();
    proof.push_back(h);
    EXPECT_EQ(
        RootFromConsistencyProof(size1, size2, proof, h).status().code(),
        absl::StatusCode::kInvalidArgument);
  }
}

TEST(ProofSizeTest, KnownSizesAndOutOfDomainInputs) {
  EXPECT_EQ(InclusionProofSize(0, 1), 0u);
  EXPECT_EQ(InclusionProofSize(5, 8), 3u);
  EXPECT_EQ(InclusionProofSize(2, 3), 1u);
  EXPECT_EQ(InclusionProofSize(0, 0), 0u);
  EXPECT_EQ(InclusionProofSize(9, 8), 0u);
  EXPECT_EQ(ConsistencyProofSize(1, 8), 3u);
  EXPECT_EQ(ConsistencyProofSize(6, 8), 3u);
  EXPECT_EQ(ConsistencyProofSize(2, 5), 2u);
  EXPECT_EQ(ConsistencyProofSize(4, 4), 0u);
  EXPECT_EQ(ConsistencyProofSize(0, 4), 0u);
  EXPECT_EQ(ConsistencyProofSize(5, 4), 0u);
}

TEST(IsRootMismatchTest, OnlyMismatchStatusesQualify) {
  EXPECT_FALSE(IsRootMismatch(absl::OkStatus()));
  EXPECT_FALSE(IsRootMismatch(absl::InvalidArgumentError("x")));
  EXPECT_FALSE(IsRootMismatch(absl::FailedPreconditionError("x")));
  absl::Status mismatch = RootMismatchError(Filled(1), Filled(2));
  EXPECT_TRUE(IsRootMismatch(mismatch));
  EXPECT_EQ(mismatch.code(), absl::StatusCode::kFailedPrecondition);
  auto payload = mismatch.GetPayload(kRootMismatchPayloadUrl);
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(std::string(*payload), std::string(32, '\x01'));
}

}  // namespace
}  // namespace ct
