#include "ct/tiles/tile_reader.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/merkle/compact_range.h"
#include "ct/base/errors.h"
#include "ct/merkle/prove.h"

namespace ct {
namespace {

// NodeCount returns the number of complete nodes at tree level `level`
// (2^level leaves each) in a tree of `size` leaves.
uint64_t NodeCount(uint64_t size, int level) {
  return level >= 64 ? 0 : size >> level;
}

// RootSetTiles returns the rightmost partial tile at each tile level: the
// tiles whose hashes make up the tree root (static-ct-api §Merkle Tree).
std::vector<TileId> RootSetTiles(uint64_t size) {
  std::vector<TileId> out;
  for (int l = 0; l <= kMaxTileLevel; ++l) {
    uint64_t count = NodeCount(size, kTileHeight * l);
    if (count == 0) break;
    if (count % kTileWidth != 0) {
      out.push_back(TileId{l, count / kTileWidth, static_cast<uint32_t>(count % kTileWidth)});
    }
  }
  return out;
}

// TileOfNode returns the tile holding the hashes that complete subtree `n`
// is built from: level n.level / 8, from which (n.level % 8) levels are
// hashed inside the tile.
TileId TileOfNode(const NodeId& n, uint64_t size) {
  int tl = static_cast<int>(n.level) / kTileHeight;
  int r = static_cast<int>(n.level) % kTileHeight;
  uint64_t last = ((n.index + 1) << r) - 1;
  return TileForIndex(tl, last, size);
}

// SubtreeRoot returns the root of the perfect subtree whose bottom row is
// `hashes` (a power of two of them, e.g. a full tile's 256).
Hash SubtreeRoot(absl::Span<const Hash> hashes) {
  CompactRange subtree;
  subtree.AppendLeaves(hashes);
  return subtree.Root();
}

}  // namespace

absl::StatusOr<std::string> FetchTileBytes(Fetcher& fetcher, const TileId& tile) {
  absl::StatusOr<std::string> body = fetcher.Fetch(TilePath(tile));
  if (tile.is_partial() && absl::IsNotFound(body.status())) {
    TileId full = tile;
    full.width = kTileWidth;
    body = fetcher.Fetch(TilePath(full));
  }
  return body;
}

absl::StatusOr<std::vector<TileLeaf>> FetchDataTileLeaves(Fetcher& fetcher,
                                                          const TileId& tile,
                                                          std::string* bytes) {
  absl::StatusOr<std::string> body = FetchTileBytes(fetcher, tile);
  if (!body.ok()) return body.status();
  *bytes = *std::move(body);
  // A full tile standing in for a partial one: parse the first `width` entries.
  ByteSpan rest = AsBytes(*bytes);
  std::vector<TileLeaf> out;
  out.reserve(tile.width);
  for (uint32_t i = 0; i < tile.width; ++i) {
    size_t offset = bytes->size() - rest.size();
    absl::StatusOr<TileLeaf> leaf = ParseTileLeaf(&rest);
    if (!leaf.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          TilePath(tile), ": entry ", i, " at byte ", offset, ": ",
          leaf.status().message()));
    }
    out.push_back(*std::move(leaf));
  }
  if (!rest.empty()) {
    // Trailing bytes are only acceptable when a full tile stood in for a
    // partial one: they must be exactly the remaining entries.
    ByteSpan more = rest;
    uint32_t extra = 0;
    while (tile.is_partial() && !more.empty() && ParseTileLeaf(&more).ok()) ++extra;
    if (!tile.is_partial() || !more.empty() || tile.width + extra != kTileWidth) {
      return absl::InvalidArgumentError(absl::StrCat(
          TilePath(tile), ": ", rest.size(), " trailing bytes after ", tile.width, " entries"));
    }
  }
  return out;
}

const std::vector<Hash>* TileHashReader::FindTile(const TileMap& fresh, int level,
                                                  uint64_t index) const {
  auto it = fresh.find({level, index});
  if (it != fresh.end()) return &it->second;
  auto jt = tiles_.find({level, index});
  return jt == tiles_.end() ? nullptr : &jt->second;
}

absl::Status TileHashReader::LoadTiles(std::vector<TileId> wanted) {
  absl::MutexLock lock(&mu_);
  // Step 1: close `wanted` under "authenticated by": a full tile by its entry
  // in the parent tile, a partial tile by the root (all rightmost tiles).
  std::set<TileId> need;
  std::vector<TileId> work = std::move(wanted);
  bool need_root_set = false;
  while (!work.empty()) {
    TileId t = work.back();
    work.pop_back();
    if (tiles_.count({t.level, t.index}) > 0 || !need.insert(t).second) continue;
    if (t.is_partial()) {
      need_root_set = true;
    } else {
      work.push_back(TileForIndex(t.level + 1, t.index, size_));
    }
  }
  if (need.empty()) return absl::OkStatus();
  if (need_root_set) {
    for (const TileId& t : RootSetTiles(size_)) {
      if (tiles_.count({t.level, t.index}) == 0) need.insert(t);
    }
  }
  // Step 2: fetch in one batch, then fall back from missing partial tiles to
  // the full tiles in a second batch.
  std::vector<TileId> list(need.begin(), need.end());
  std::vector<std::string> paths;
  for (const TileId& t : list) paths.push_back(TilePath(t));
  std::vector<absl::StatusOr<std::string>> bodies = fetcher_->FetchAll(paths);
  std::vector<size_t> retry;
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].is_partial() && absl::IsNotFound(bodies[i].status())) retry.push_back(i);
  }
  if (!retry.empty()) {
    std::vector<std::string> full_paths;
    for (size_t i : retry) full_paths.push_back(TilePath({list[i].level, list[i].index, kTileWidth}));
    std::vector<absl::StatusOr<std::string>> full = fetcher_->FetchAll(full_paths);
    for (size_t j = 0; j < retry.size(); ++j) bodies[retry[j]] = std::move(full[j]);
  }
  TileMap fresh;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!bodies[i].ok()) {
      return absl::Status(bodies[i].status().code(),
                          absl::StrCat(paths[i], ": ", bodies[i].status().message()));
    }
    absl::StatusOr<std::vector<Hash>> h = ParseHashTile(AsBytes(*bodies[i]), list[i].width);
    if (!h.ok()) {
      return MakeError(ErrorKind::kTampered, absl::StrCat(paths[i], ": ", h.status().message()));
    }
    fresh[{list[i].level, list[i].index}] = *std::move(h);
  }
  auto get = [&](int level, uint64_t index) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return FindTile(fresh, level, index);
  };
  // Step 3: the rightmost tiles must hash to the root.
  if (need_root_set) {
    // Their hashes, top level first, are the right edge of the tree: each
    // is a subtree of 256^level leaves appended where the previous ends.
    std::vector<TileId> rs = RootSetTiles(size_);
    CompactRange edge;
    for (auto it = rs.rbegin(); it != rs.rend(); ++it) {
      const std::vector<Hash>* h = get(it->level, it->index);
      if (h == nullptr) return absl::InternalError("root set tile missing");
      for (uint32_t i = 0; i < it->width; ++i) {
        absl::Status s = edge.AppendSubtree(kTileHeight * it->level, (*h)[i]);
        if (!s.ok()) return s;  // only for a tree of more than 2^63 leaves
      }
    }
    if (edge.end() != size_ || !HashesEqual(edge.Root(), root_)) {
      std::string names;
      for (const TileId& t : rs) absl::StrAppend(&names, names.empty() ? "" : ", ", TilePath(t));
      return MakeError(
          ErrorKind::kTampered,
          absl::StrCat("tiles ", names, " do not hash to the checkpoint root at size ", size_));
    }
  }
  // Step 4: full tiles, highest level first, against their parent's entry.
  for (auto it = list.rbegin(); it != list.rend(); ++it) {  // sorted by level
    if (it->is_partial()) continue;
    TileId parent = TileForIndex(it->level + 1, it->index, size_);
    const std::vector<Hash>* p = get(parent.level, parent.index);
    if (p == nullptr) return absl::InternalError("parent tile missing");
    const Hash& want = (*p)[it->index % kTileWidth];
    if (!HashesEqual(SubtreeRoot(fresh[{it->level, it->index}]), want)) {
      return MakeError(
          ErrorKind::kTampered,
          absl::StrCat("tile ", TilePath(*it), " does not match its hash in ", TilePath(parent)));
    }
  }
  for (auto& [k, v] : fresh) tiles_[k] = std::move(v);
  return absl::OkStatus();
}

absl::StatusOr<Hash> TileHashReader::NodeFromCache(const NodeId& n) {
  absl::MutexLock lock(&mu_);
  TileId t = TileOfNode(n, size_);
  auto it = tiles_.find({t.level, t.index});
  if (it == tiles_.end()) return absl::InternalError("tile not loaded");
  int r = static_cast<int>(n.level) % kTileHeight;
  uint64_t first = (n.index << r) % kTileWidth;
  return SubtreeRoot(absl::MakeConstSpan(it->second).subspan(first, size_t{1} << r));
}

absl::StatusOr<std::vector<Hash>> TileHashReader::NodeHashes(absl::Span<const NodeId> ids) {
  std::vector<TileId> tiles;
  tiles.reserve(ids.size());
  for (const NodeId& n : ids) {
    if (n.level >= 64 || n.index >= NodeCount(size_, static_cast<int>(n.level))) {
      return absl::OutOfRangeError(absl::StrCat(
          "subtree (level ", n.level, ", index ", n.index, ") is not complete in a tree of ",
          size_, " leaves"));
    }
    tiles.push_back(TileOfNode(n, size_));
  }
  absl::Status s = LoadTiles(std::move(tiles));
  if (!s.ok()) return s;
  std::vector<Hash> out;
  out.reserve(ids.size());
  for (const NodeId& n : ids) {
    absl::StatusOr<Hash> h = NodeFromCache(n);
    if (!h.ok()) return h.status();
    out.push_back(*h);
  }
  return out;
}

absl::StatusOr<Hash> TileHashReader::RangeHash(uint64_t begin, uint64_t end) {
  if (begin >= end || end > size_) {
    return absl::OutOfRangeError(absl::StrCat("range [", begin, ", ", end,
                                              ") is not inside a tree of ", size_, " leaves"));
  }
  absl::StatusOr<std::vector<Hash>> h = NodeHashes(CompactRange::NodeIds(begin, end));
  if (!h.ok()) return h.status();
  return CompactRange::RootFromNodes(*h);
}

absl::StatusOr<Hash> TileHashReader::LeafHash(uint64_t index) {
  absl::StatusOr<Hash> h = NodeHash(0, index);
  if (!h.ok()) return h.status();
  return *h;
}

absl::StatusOr<std::vector<Hash>> TileHashReader::InclusionProof(uint64_t index) {
  absl::StatusOr<std::vector<Hash>> proof = ct::InclusionProof(*this, index, size_);
  if (proof.ok() && proof->empty()) {
    // Tree size 1: no node was read, so authenticate the tiles explicitly.
    absl::Status s = Verify();
    if (!s.ok()) return s;
  }
  return proof;
}

absl::StatusOr<std::vector<Hash>> TileHashReader::ConsistencyProof(uint64_t old_size) {
  if (old_size == 0 || old_size > size_) {
    return absl::OutOfRangeError(absl::StrCat(
        "consistency from size ", old_size, " to ", size_, ": want 0 < old size <= new size"));
  }
  absl::StatusOr<std::vector<Hash>> proof = ct::ConsistencyProof(*this, old_size, size_);
  if (proof.ok() && proof->empty()) {
    absl::Status s = Verify();
    if (!s.ok()) return s;
  }
  return proof;
}

absl::Status TileHashReader::Verify() {
  if (size_ == 0) {
    if (!HashesEqual(root_, EmptyRoot())) {
      return MakeError(ErrorKind::kTampered, "empty tree with a root other than SHA-256()");
    }
    return absl::OkStatus();
  }
  return LoadTiles(RootSetTiles(size_));
}

}  // namespace ct
