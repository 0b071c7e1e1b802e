#include "ct/tiles/tile.h"

#include <openssl/bytestring.h>
#include <openssl/sha.h>

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"

namespace ct {
namespace {

absl::Status BadPath(absl::string_view path, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid tile path \"", absl::CHexEscape(path), "\": ", why));
}

// ParseSmallDecimal parses a canonical decimal (no sign, no leading zeros).
bool ParseSmallDecimal(absl::string_view s, uint32_t max, uint32_t* out) {
  if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return false;
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  if (v > max) return false;
  *out = v;
  return true;
}

ByteSpan View(const CBS* cbs) { return ByteSpan(CBS_data(cbs), CBS_len(cbs)); }

void InitCbs(CBS* cbs, ByteSpan data) { CBS_init(cbs, data.data(), data.size()); }

// TileLeaf layout (static-ct-api §Log entries; SPECS.md §2c):
//   x509:    u64 timestamp | u16 entry_type=0 | u24 cert | u16 extensions | u16 fingerprints
//   precert: u64 timestamp | u16 entry_type=1 | issuer_key_hash[32] | u24 tbs |
//            u16 extensions | u24 pre_certificate | u16 fingerprints
bool ReadTileLeaf(CBS* cbs, TileLeaf* leaf, std::string* why) {
  const uint8_t* start = CBS_data(cbs);
  uint16_t type = 0;
  CBS cert, ext, chain;
  if (!CBS_get_u64(cbs, &leaf->timestamp) || !CBS_get_u16(cbs, &type)) {
    *why = "truncated timestamp or entry_type";
    return false;
  }
  if (type == TileLeaf::kPrecertEntry) {
    if (!CBS_copy_bytes(cbs, leaf->issuer_key_hash.data(), kHashSize)) {
      *why = "truncated issuer_key_hash";
      return false;
    }
  } else if (type != TileLeaf::kX509Entry) {
    *why = absl::StrCat("unknown entry_type ", type);
    return false;
  }
  leaf->entry_type = static_cast<TileLeaf::EntryType>(type);
  if (!CBS_get_u24_length_prefixed(cbs, &cert) || CBS_len(&cert) == 0) {
    *why = "truncated or empty certificate";
    return false;
  }
  if (!CBS_get_u16_length_prefixed(cbs, &ext)) {
    *why = "truncated extensions";
    return false;
  }
  leaf->certificate = View(&cert);
  leaf->extensions = View(&ext);
  leaf->timestamped_entry = ByteSpan(start, static_cast<size_t>(CBS_data(cbs) - start));
  if (type == TileLeaf::kPrecertEntry) {
    CBS pre;
    if (!CBS_get_u24_length_prefixed(cbs, &pre) || CBS_len(&pre) == 0) {
      *why = "truncated or empty pre_certificate";
      return false;
    }
    leaf->pre_certificate = View(&pre);
  } else {
    leaf->pre_certificate = ByteSpan();
  }
  if (!CBS_get_u16_length_prefixed(cbs, &chain)) {
    *why = "truncated certificate_chain";
    return false;
  }
  if (CBS_len(&chain) % kHashSize != 0) {
    *why = absl::StrCat("certificate_chain of ", CBS_len(&chain),
                        " bytes is not a multiple of 32");
    return false;
  }
  leaf->chain.resize(CBS_len(&chain) / kHashSize);
  for (Hash& h : leaf->chain) CBS_copy_bytes(&chain, h.data(), kHashSize);
  return true;
}

}  // namespace

std::string TileIndexPath(uint64_t n) {
  std::string out = absl::StrFormat("%03d", n % 1000);
  for (n /= 1000; n > 0; n /= 1000) {
    out = absl::StrFormat("x%03d/", n % 1000) + out;
  }
  return out;
}

std::string TilePath(const TileId& tile) {
  std::string out = tile.level == kDataTileLevel      ? std::string("tile/data/")
                    : tile.level == kEntriesTileLevel ? std::string("tile/entries/")
                                                      : absl::StrCat("tile/", tile.level, "/");
  out += TileIndexPath(tile.index);
  if (tile.is_partial()) absl::StrAppend(&out, ".p/", tile.width);
  return out;
}

absl::StatusOr<TileId> ParseTilePath(absl::string_view path) {
  absl::string_view rest = path;
  if (rest.substr(0, 5) != "tile/") return BadPath(path, "does not start with tile/");
  rest.remove_prefix(5);
  size_t slash = rest.find('/');
  if (slash == absl::string_view::npos) return BadPath(path, "no index");
  absl::string_view level = rest.substr(0, slash);
  rest.remove_prefix(slash + 1);
  TileId tile;
  uint32_t l = 0;
  if (level == "data") {
    tile.level = kDataTileLevel;
  } else if (level == "entries") {
    tile.level = kEntriesTileLevel;
  } else if (ParseSmallDecimal(level, kMaxTileLevel, &l)) {
    tile.level = static_cast<int>(l);
  } else {
    return BadPath(path, absl::StrCat("bad level \"", absl::CHexEscape(level), "\""));
  }
  // Optional ".p/W" suffix.
  size_t dot = rest.find(".p/");
  if (dot != absl::string_view::npos) {
    uint32_t w = 0;
    if (!ParseSmallDecimal(rest.substr(dot + 3), kTileWidth - 1, &w) || w == 0) {
      return BadPath(path, "partial width must be 1..255");
    }
    tile.width = w;
    rest = rest.substr(0, dot);
  }
  // Index: "xDDD/" groups then "DDD".
  uint64_t n = 0;
  while (true) {
    bool last = rest.size() == 3;
    if (!last && (rest.size() < 5 || rest[0] != 'x' || rest[4] != '/')) {
      return BadPath(path, "index elements must be xNNN/.../NNN");
    }
    absl::string_view digits = last ? rest : rest.substr(1, 3);
    uint32_t group = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return BadPath(path, "non-digit in index");
      group = group * 10 + static_cast<uint32_t>(c - '0');
    }
    if (n > (UINT64_MAX - group) / 1000) return BadPath(path, "index overflows uint64");
    n = n * 1000 + group;
    if (last) break;
    rest.remove_prefix(5);
  }
  tile.index = n;
  // Canonical form only (no "x000/" leading groups).
  if (TilePath(tile) != path) return BadPath(path, "not in canonical form");
  return tile;
}

std::string IssuerPath(const Hash& fingerprint) {
  return absl::StrCat("issuer/", HashToHex(fingerprint));
}

absl::StatusOr<Hash> ParseIssuerPath(absl::string_view path) {
  if (path.substr(0, 7) != "issuer/" || path.size() != 7 + 64 ||
      path.find_first_not_of("0123456789abcdef", 7) != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid issuer path \"", absl::CHexEscape(path), "\": want issuer/<64 lowercase hex>"));
  }
  absl::StatusOr<Bytes> raw = HexDecode(path.substr(7));
  if (!raw.ok()) return raw.status();
  return HashFromBytes(*raw);
}

TileId TileForIndex(int level, uint64_t index, uint64_t tree_size) {
  int shift = level < 0 ? 0 : kTileHeight * level;
  uint64_t count = shift >= 64 ? 0 : tree_size >> shift;
  TileId t;
  t.level = level;
  t.index = index / kTileWidth;
  uint64_t start = t.index * kTileWidth;
  t.width = count - start >= kTileWidth ? kTileWidth : static_cast<uint32_t>(count - start);
  return t;
}

absl::StatusOr<std::vector<Hash>> ParseHashTile(ByteSpan data, uint32_t width) {
  if (width == 0 || width > kTileWidth) {
    return absl::InvalidArgumentError(absl::StrCat("tile width ", width, " not in 1..256"));
  }
  if (data.size() != width * kHashSize && data.size() != kTileWidth * kHashSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "hash tile of ", data.size(), " bytes, want ", width * kHashSize,
        " (or a full tile of 8192)"));
  }
  std::vector<Hash> out(width);
  for (uint32_t i = 0; i < width; ++i) {
    std::copy(data.begin() + i * kHashSize, data.begin() + (i + 1) * kHashSize, out[i].begin());
  }
  return out;
}

absl::StatusOr<TileLeaf> ParseTileLeaf(ByteSpan* data) {
  CBS cbs;
  InitCbs(&cbs, *data);
  TileLeaf leaf;
  std::string why;
  if (!ReadTileLeaf(&cbs, &leaf, &why)) {
    return absl::InvalidArgumentError(absl::StrCat("malformed TileLeaf: ", why));
  }
  data->remove_prefix(data->size() - CBS_len(&cbs));
  return leaf;
}

absl::Status ParseTileLeafInto(ByteSpan* data, TileLeaf* leaf) {
  CBS cbs;
  InitCbs(&cbs, *data);
  std::string why;
  if (!ReadTileLeaf(&cbs, leaf, &why)) {
    return absl::InvalidArgumentError(absl::StrCat("malformed TileLeaf: ", why));
  }
  data->remove_prefix(data->size() - CBS_len(&cbs));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<TileLeaf>> ParseDataTile(ByteSpan data, uint32_t count) {
  if (count == 0 || count > kTileWidth) {
    return absl::InvalidArgumentError(absl::StrCat("data tile count ", count, " not in 1..256"));
  }
  std::vector<TileLeaf> out(count);
  CBS cbs;
  InitCbs(&cbs, data);
  std::string why;
  for (uint32_t i = 0; i < count; ++i) {
    size_t offset = data.size() - CBS_len(&cbs);
    if (!ReadTileLeaf(&cbs, &out[i], &why)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "data tile entry ", i, " of ", count, " at byte ", offset, ": ", why));
    }
  }
  if (CBS_len(&cbs) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "data tile has ", CBS_len(&cbs), " trailing bytes after ", count, " entries"));
  }
  return out;
}

absl::StatusOr<std::vector<ByteSpan>> ParseEntryBundle(ByteSpan data, uint32_t count) {
  CBS cbs;
  InitCbs(&cbs, data);
  std::vector<ByteSpan> out;
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    CBS entry;
    if (!CBS_get_u16_length_prefixed(&cbs, &entry)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "entry bundle truncated at entry ", i, " of ", count, " (byte ",
          data.size() - CBS_len(&cbs), ")"));
    }
    out.push_back(View(&entry));
  }
  if (CBS_len(&cbs) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "entry bundle has ", CBS_len(&cbs), " trailing bytes after ", count, " entries"));
  }
  return out;
}

absl::Status AppendTileLeaf(const TileLeaf& leaf, Bytes* out) {
  bssl::ScopedCBB cbb;
  CBB cert, ext, pre, chain;
  bool ok = CBB_init(cbb.get(), 64 + leaf.certificate.size() + leaf.pre_certificate.size()) &&
            CBB_add_u64(cbb.get(), leaf.timestamp) && CBB_add_u16(cbb.get(), leaf.entry_type);
  if (ok && leaf.entry_type == TileLeaf::kPrecertEntry) {
    ok = CBB_add_bytes(cbb.get(), leaf.issuer_key_hash.data(), kHashSize);
  }
  ok = ok && CBB_add_u24_length_prefixed(cbb.get(), &cert) &&
       CBB_add_bytes(&cert, leaf.certificate.data(), leaf.certificate.size()) &&
       CBB_add_u16_length_prefixed(cbb.get(), &ext) &&
       CBB_add_bytes(&ext, leaf.extensions.data(), leaf.extensions.size());
  if (ok && leaf.entry_type == TileLeaf::kPrecertEntry) {
    ok = CBB_add_u24_length_prefixed(cbb.get(), &pre) &&
         CBB_add_bytes(&pre, leaf.pre_certificate.data(), leaf.pre_certificate.size());
  }
  ok = ok && CBB_add_u16_length_prefixed(cbb.get(), &chain);
  for (const Hash& h : leaf.chain) ok = ok && CBB_add_bytes(&chain, h.data(), kHashSize);
  ok = ok && CBB_flush(cbb.get());
  if (!ok) return absl::InvalidArgumentError("TileLeaf field too long for its length prefix");
  out->insert(out->end(), CBB_data(cbb.get()), CBB_data(cbb.get()) + CBB_len(cbb.get()));
  return absl::OkStatus();
}

Bytes MerkleTreeLeaf(const TileLeaf& leaf) {
  Bytes out;
  out.reserve(2 + leaf.timestamped_entry.size());
  out.push_back(0);  // version v1
  out.push_back(0);  // leaf_type timestamped_entry
  out.insert(out.end(), leaf.timestamped_entry.begin(), leaf.timestamped_entry.end());
  return out;
}

Hash LeafHash(const TileLeaf& leaf) {
  static constexpr uint8_t kPrefix[3] = {kLeafHashPrefix, 0, 0};
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, kPrefix, sizeof(kPrefix));
  SHA256_Update(&ctx, leaf.timestamped_entry.data(), leaf.timestamped_entry.size());
  Hash h;
  SHA256_Final(h.data(), &ctx);
  return h;
}

}  // namespace ct
