#include "ct/merkle/compact_range.h"

#include <openssl/bytestring.h>
#include <openssl/mem.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"

namespace ct {
namespace {

// Largest perfect subtree (in levels) that AppendLeaves hashes in one go on
// its stack scratch buffer: 2^9 hashes = 16 KiB, which stays in L1.
constexpr unsigned kBatchLevel = 10;

unsigned CountTrailingZeros(uint64_t x) {
  return x == 0 ? 64 : static_cast<unsigned>(__builtin_ctzll(x));
}

// LevelAt returns the level of the maximal aligned perfect subtree that starts
// at leaf `pos` and ends at or before `end` (requires pos < end).
unsigned LevelAt(uint64_t pos, uint64_t end) {
  unsigned level = std::min(CountTrailingZeros(pos), 63u);
  while ((uint64_t{1} << level) > end - pos) --level;
  return level;
}

}  // namespace

CompactRange::CompactRange(uint64_t begin)
    : begin_(std::min(begin, kMaxCompactRangeEnd)),
      end_(std::min(begin, kMaxCompactRangeEnd)) {}

size_t CompactRange::NodeCount(uint64_t begin, uint64_t end) {
  size_t count = 0;
  for (uint64_t pos = begin; pos < end; ++count) {
    pos += uint64_t{1} << LevelAt(pos, end);
  }
  return count;
}

std::vector<NodeId> CompactRange::NodeIds(uint64_t begin, uint64_t end) {
  std::vector<NodeId> ids;
  for (uint64_t pos = begin; pos < end;) {
    const unsigned level = LevelAt(pos, end);
    ids.push_back(NodeId{level, pos >> level});
    pos += uint64_t{1} << level;
  }
  return ids;
}

absl::StatusOr<CompactRange> CompactRange::Create(uint64_t begin, uint64_t end,
                                                  std::vector<Hash> nodes) {
  if (end > kMaxCompactRangeEnd) {
    return absl::OutOfRangeError(absl::StrFormat(
        "compact range end %d exceeds the maximum 2^63", end));
  }
  if (begin > end) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "compact range begin %d is after end %d", begin, end));
  }
  const size_t want = NodeCount(begin, end);
  if (nodes.size() != want) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "compact range [%d, %d) has %d nodes, want %d", begin, end,
        nodes.size(), want));
  }
  return CompactRange(begin, end, std::move(nodes));
}

void CompactRange::AppendNode(unsigned level, const Hash& hash,
                              const NodeVisitor* visit) {
  if (nodes_.capacity() == 0) nodes_.reserve(64);
  nodes_.push_back(hash);
  // The new node (level, e) is a right child whenever e is odd; its left
  // sibling (level, e - 1) is the previous node if it lies inside the range.
  // Merge while that holds, moving one level up each time.
  uint64_t e = end_ >> level;
  for (unsigned l = level; (e & 1) != 0 && ((e - 1) << l) >= begin_ &&
                           nodes_.size() >= 2;
       ++l, e >>= 1) {
    Hash* last = &nodes_.back();
    internal::HashChildrenInto((last - 1)->data(), last->data(),
                               (last - 1)->data());
    nodes_.pop_back();
    if (visit != nullptr) (*visit)(NodeId{l + 1, e >> 1}, nodes_.back());
  }
  end_ += uint64_t{1} << level;
}

void CompactRange::Append(const Hash& leaf_hash) {
  AppendNode(0, leaf_hash, nullptr);
}

void CompactRange::Append(const Hash& leaf_hash, NodeVisitor visit) {
  visit(NodeId{0, end_}, leaf_hash);
  AppendNode(0, leaf_hash, &visit);
}

void CompactRange::AppendLeaves(absl::Span<const Hash> leaf_hashes) {
  AppendLeavesImpl(leaf_hashes, nullptr);
}

void CompactRange::AppendLeaves(absl::Span<const Hash> leaf_hashes,
                                NodeVisitor visit) {
  AppendLeavesImpl(leaf_hashes, &visit);
}

void CompactRange::AppendLeavesImpl(absl::Span<const Hash> leaf_hashes,
                                    const NodeVisitor* visit) {
  std::array<Hash, size_t{1} << (kBatchLevel - 1)> scratch;
  size_t i = 0;
  while (i < leaf_hashes.size()) {
    // The largest perfect subtree that starts at end() and fits in the rest.
    unsigned level = std::min(CountTrailingZeros(end_), kBatchLevel);
    while ((size_t{1} << level) > leaf_hashes.size() - i) --level;
    if (level == 0) {
      if (visit != nullptr) (*visit)(NodeId{0, end_}, leaf_hashes[i]);
      AppendNode(0, leaf_hashes[i++], visit);
      continue;
    }
    // Hash the subtree level by level: first the leaf pairs into scratch,
    // then scratch onto itself. Node (l, (end() >> l) + j) is scratch[j]
    // after level l.
    size_t width = size_t{1} << (level - 1);
    const Hash* in = &leaf_hashes[i];
    for (size_t j = 0; j < width; ++j) {
      internal::HashChildrenInto(in[2 * j].data(), in[2 * j + 1].data(),
                                 scratch[j].data());
    }
    if (visit != nullptr) {
      for (size_t j = 0; j < 2 * width; ++j) (*visit)(NodeId{0, end_ + j}, in[j]);
      for (size_t j = 0; j < width; ++j) (*visit)(NodeId{1, (end_ >> 1) + j}, scratch[j]);
    }
    unsigned l = 1;
    for (width /= 2; width > 0; width /= 2) {
      ++l;
      for (size_t j = 0; j < width; ++j) {
        internal::HashChildrenInto(scratch[2 * j].data(),
                                   scratch[2 * j + 1].data(),
                                   scratch[j].data());
      }
      if (visit != nullptr) {
        for (size_t j = 0; j < width; ++j) (*visit)(NodeId{l, (end_ >> l) + j}, scratch[j]);
      }
    }
    AppendNode(level, scratch[0], visit);
    i += size_t{1} << level;
  }
}

absl::Status CompactRange::AppendSubtree(uint32_t level, const Hash& hash) {
  if (level >= 64 || (end_ & ((uint64_t{1} << level) - 1)) != 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "cannot append a subtree of level %d at leaf %d: not aligned", level,
        end_));
  }
  if ((uint64_t{1} << level) > kMaxCompactRangeEnd - end_) {
    return absl::OutOfRangeError(absl::StrFormat(
        "appending a subtree of level %d at leaf %d passes 2^63", level, end_));
  }
  AppendNode(level, hash, nullptr);
  return absl::OkStatus();
}

absl::Status CompactRange::AppendRange(const CompactRange& other) {
  return AppendRangeImpl(other, nullptr);
}

absl::Status CompactRange::AppendRange(const CompactRange& other,
                                       NodeVisitor visit) {
  return AppendRangeImpl(other, &visit);
}

absl::Status CompactRange::AppendRangeImpl(const CompactRange& other,
                                           const NodeVisitor* visit) {
  if (other.begin_ != end_) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "cannot merge [%d, %d) into [%d, %d): ranges are not adjacent",
        other.begin_, other.end_, begin_, end_));
  }
  // Walk other's shape to learn each node's level; each node starts at the
  // current end(), aligned to its level, so AppendNode merges it in.
  uint64_t pos = other.begin_;
  for (const Hash& node : other.nodes_) {
    const unsigned level = LevelAt(pos, other.end_);
    AppendNode(level, node, visit);
    pos += uint64_t{1} << level;
  }
  return absl::OkStatus();
}

Hash CompactRange::Root() const { return RootFromNodes(nodes_); }

Hash CompactRange::RootFromNodes(absl::Span<const Hash> nodes) {
  if (nodes.empty()) return EmptyRoot();
  Hash root = nodes.back();
  for (size_t i = nodes.size() - 1; i-- > 0;) {
    internal::HashChildrenInto(nodes[i].data(), root.data(), root.data());
  }
  return root;
}

std::string CompactRange::Serialize() const {
  bssl::ScopedCBB cbb;
  uint8_t* bytes = nullptr;
  size_t len = 0;
  // The size is bounded (< 128 nodes), so CBB can only fail to allocate.
  if (!CBB_init(cbb.get(), 1 + 8 + 8 + 1 + nodes_.size() * kHashSize) ||
      !CBB_add_u8(cbb.get(), kCompactRangeFormatVersion) ||
      !CBB_add_u64(cbb.get(), begin_) || !CBB_add_u64(cbb.get(), end_) ||
      !CBB_add_u8(cbb.get(), static_cast<uint8_t>(nodes_.size()))) {
    return std::string();
  }
  for (const Hash& h : nodes_) {
    if (!CBB_add_bytes(cbb.get(), h.data(), h.size())) return std::string();
  }
  if (!CBB_finish(cbb.get(), &bytes, &len)) return std::string();
  bssl::UniquePtr<uint8_t> owned(bytes);
  return ToString(ByteSpan(bytes, len));
}

absl::StatusOr<CompactRange> CompactRange::Deserialize(
    absl::Span<const uint8_t> bytes) {
  CBS cbs;
  CBS_init(&cbs, bytes.data(), bytes.size());
  uint8_t version = 0, count = 0;
  uint64_t begin = 0, end = 0;
  if (!CBS_get_u8(&cbs, &version)) {
    return absl::InvalidArgumentError("compact range state is empty");
  }
  if (version != kCompactRangeFormatVersion) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "compact range state version %d, want %d", version,
        kCompactRangeFormatVersion));
  }
  if (!CBS_get_u64(&cbs, &begin) || !CBS_get_u64(&cbs, &end) ||
      !CBS_get_u8(&cbs, &count)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "compact range state truncated: %d bytes", bytes.size()));
  }
  if (CBS_len(&cbs) != size_t{count} * kHashSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "compact range state has %d bytes of nodes, want %d for %d nodes",
        CBS_len(&cbs), size_t{count} * kHashSize, count));
  }
  std::vector<Hash> nodes(count);
  for (Hash& h : nodes) {
    if (!CBS_copy_bytes(&cbs, h.data(), h.size())) {
      return absl::InvalidArgumentError("compact range state truncated");
    }
  }
  return Create(begin, end, std::move(nodes));
}

absl::StatusOr<CompactRange> CompactRange::Deserialize(absl::string_view bytes) {
  return Deserialize(AsBytes(bytes));
}

}  // namespace ct
