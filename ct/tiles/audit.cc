#include "ct/tiles/audit.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/node_id.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/sct/sct.h"
#include "ct/tiles/internal/ordered_work.h"
#include "ct/tiles/tile.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"

namespace ct {
namespace {

absl::Status AsDataLoss(const absl::Status& s, absl::string_view what) {
  if (absl::IsNotFound(s) || absl::IsInvalidArgument(s) || absl::IsResourceExhausted(s) ||
      absl::IsDataLoss(s)) {
    return absl::DataLossError(absl::StrCat(what, ": ", s.message()));
  }
  return absl::Status(s.code(), absl::StrCat(what, ": ", s.message()));
}

// A precert entry whose pre_certificate, taken as issued by the final
// issuer, does not give the entry's TBS: it may have been issued by a
// Precertificate Signing Certificate, chain[0], checked once the issuer is
// fetched. The views alias TileWork::data_body.
struct PscCheck {
  uint64_t index = 0;
  Hash psc_fingerprint{};
  ByteSpan pre_certificate;
  ByteSpan tbs;
};

// Result of checking one data tile against its level-0 hash tile.
struct TileWork {
  TileId data;
  std::string data_body;
  absl::StatusOr<std::string> hash_body = absl::UnknownError("unset");
  absl::Status status;
  std::vector<Hash> leaf_hashes;
  std::set<Hash> issuers;
  std::vector<PscCheck> psc_checks;  // entries before any failure in `status`
  uint64_t precerts = 0;  // precert entries checked (directly or queued as PscCheck)
  CompactRange range;  // the tile's leaves as a range (a full tile: one node, its root)
};

// CheckPrecertificate checks that the TBS of precert entry `leaf` (number
// `index`) is the TBS of its pre_certificate without the poison. A mismatch
// with a non-empty chain is queued in `w` for the PSC check.
absl::Status CheckPrecertificate(const TileId& t, uint64_t index, const TileLeaf& leaf,
                                 TileWork* w) {
  absl::StatusOr<Certificate> precert = Certificate::Parse(leaf.pre_certificate);
  absl::StatusOr<std::vector<uint8_t>> tbs =
      precert.ok() ? PrecertTbsFromPrecertificate(*precert) : precert.status();
  if (!tbs.ok()) {
    return absl::DataLossError(absl::StrCat(TilePath(t), ": entry ", index,
                                            ": pre_certificate: ", tbs.status().message()));
  }
  if (ByteSpan(*tbs) == leaf.certificate) return absl::OkStatus();
  if (leaf.chain.empty()) {
    return absl::DataLossError(absl::StrCat(
        TilePath(t), ": entry ", index, ": the TBS of its pre_certificate (", tbs->size(),
        " bytes) differs from the entry's TBS (", leaf.certificate.size(), " bytes)"));
  }
  w->psc_checks.push_back(PscCheck{index, leaf.chain[0], leaf.pre_certificate, leaf.certificate});
  return absl::OkStatus();
}

// ResolvePscCheck decides a queued PscCheck: chain[0] must be a
// Precertificate Signing Certificate under which the pre_certificate gives
// the entry's TBS (RFC 6962 §3.2). `issuer` is issuer/<fingerprint>, or its
// fetch error.
absl::Status ResolvePscCheck(const TileId& t, const PscCheck& c,
                             const absl::StatusOr<std::string>& issuer) {
  const std::string what = absl::StrCat(TilePath(t), ": entry ", c.index, ": the TBS of its "
                                        "pre_certificate differs from the entry's TBS");
  if (!issuer.ok()) {
    // Fetched even with issuer checks off: only a PSC can explain the
    // mismatch. A missing one is kDataLoss; other fetch errors pass through.
    return AsDataLoss(issuer.status(),
                      absl::StrCat(what, ", and its first chain certificate (a possible PSC, "
                                         "needed to check it) is not available"));
  }
  const Hash h = Sha256(AsBytes(*issuer));
  if (!HashesEqual(h, c.psc_fingerprint)) {
    return absl::DataLossError(absl::StrCat(IssuerPath(c.psc_fingerprint), ": body hashes to ",
                                            HashToHex(h)));
  }
  absl::StatusOr<Certificate> psc = Certificate::Parse(*issuer);
  if (!psc.ok()) {
    return absl::DataLossError(absl::StrCat(what, "; its first chain certificate does not "
                                            "parse: ", psc.status().message()));
  }
  absl::StatusOr<bool> is_psc = psc->IsPrecertSigningCertificate();
  if (!is_psc.ok() || !*is_psc) {
    return absl::DataLossError(absl::StrCat(what, " (and its first chain certificate is not a "
                                            "Precertificate Signing Certificate)"));
  }
  absl::StatusOr<Certificate> precert = Certificate::Parse(c.pre_certificate);
  absl::StatusOr<std::vector<uint8_t>> tbs =
      precert.ok() ? PrecertTbsFromPrecertificate(*precert, &*psc) : precert.status();
  if (!tbs.ok()) return absl::DataLossError(absl::StrCat(what, " via its PSC: ",
                                                         tbs.status().message()));
  if (ByteSpan(*tbs) != c.tbs) {
    return absl::DataLossError(absl::StrCat(what, ", also when issued by its PSC"));
  }
  return absl::OkStatus();
}

// CheckAgainstLevel0 compares the computed leaf hashes with the level-0 tile.
void CheckAgainstLevel0(TileWork* w);

void CheckBundle(TileWork* w) {
  const TileId& t = w->data;
  absl::StatusOr<std::vector<ByteSpan>> entries = ParseEntryBundle(AsBytes(w->data_body), t.width);
  if (!entries.ok() && t.is_partial()) {
    // A full bundle standing in for a missing partial one.
    absl::StatusOr<std::vector<ByteSpan>> full =
        ParseEntryBundle(AsBytes(w->data_body), kTileWidth);
    if (full.ok()) {
      full->resize(t.width);
      entries = std::move(full);
    }
  }
  if (!entries.ok()) {
    w->status = absl::DataLossError(absl::StrCat(TilePath(t), ": ", entries.status().message()));
    return;
  }
  for (ByteSpan e : *entries) w->leaf_hashes.push_back(HashLeaf(e));
  CheckAgainstLevel0(w);
}

void CheckTile(TileWork* w, bool require_leaf_index, bool check_precertificates) {
  const TileId& t = w->data;
  ByteSpan rest = AsBytes(w->data_body);
  w->leaf_hashes.reserve(t.width);
  TileLeaf parsed;
  TileLeaf* leaf = &parsed;
  std::vector<Hash> last_chain;
  for (uint32_t i = 0; i < t.width; ++i) {
    uint64_t index = t.index * kTileWidth + i;
    size_t offset = w->data_body.size() - rest.size();
    absl::Status ps = ParseTileLeafInto(&rest, leaf);
    if (!ps.ok()) {
      w->status = absl::DataLossError(absl::StrCat(
          TilePath(t), ": entry ", index, " at byte ", offset, ": ", ps.message()));
      return;
    }
    if (require_leaf_index) {
      absl::StatusOr<std::optional<uint64_t>> li =
          ParseLeafIndexExtension(leaf->extensions);
      if (!li.ok() || *li != index) {
        w->status = absl::DataLossError(
            absl::StrCat(TilePath(t), ": entry ", index, ": leaf_index ",
                         !li.ok() ? std::string(li.status().message())
                                  : (li->has_value() ? absl::StrCat(**li) : "absent"),
                         " does not match its position"));
        return;
      }
    }
    if (check_precertificates && leaf->entry_type == TileLeaf::kPrecertEntry) {
      absl::Status pc = CheckPrecertificate(t, index, *leaf, w);
      if (!pc.ok()) {
        w->status = pc;
        return;
      }
      ++w->precerts;
    }
    w->leaf_hashes.push_back(LeafHash(*leaf));
    if (leaf->chain != last_chain) {  // consecutive entries mostly share a chain
      w->issuers.insert(leaf->chain.begin(), leaf->chain.end());
      last_chain = leaf->chain;
    }
  }
  if (!rest.empty()) {
    // A full tile may stand in for a missing partial one; otherwise no trailing bytes.
    ByteSpan more = rest;
    uint32_t extra = 0;
    while (t.is_partial() && !more.empty() && ParseTileLeaf(&more).ok()) ++extra;
    if (!t.is_partial() || !more.empty() || t.width + extra != kTileWidth) {
      w->status = absl::DataLossError(absl::StrCat(
          TilePath(t), ": ", rest.size(), " trailing bytes after ", t.width, " entries"));
      return;
    }
  }
  CheckAgainstLevel0(w);
}

void CheckAgainstLevel0(TileWork* w) {
  const TileId& t = w->data;
  TileId h{0, t.index, t.width};
  if (!w->hash_body.ok()) {
    w->status = AsDataLoss(w->hash_body.status(), TilePath(h));
    return;
  }
  absl::StatusOr<std::vector<Hash>> want = ParseHashTile(AsBytes(*w->hash_body), t.width);
  if (!want.ok()) {
    w->status = AsDataLoss(want.status(), TilePath(h));
    return;
  }
  for (uint32_t i = 0; i < t.width; ++i) {
    if (!HashesEqual((*want)[i], w->leaf_hashes[i])) {
      w->status = absl::DataLossError(absl::StrCat(
          "entry ", t.index * kTileWidth + i, " in ", TilePath(t), " hashes to ",
          HashToHex(w->leaf_hashes[i]), " but ", TilePath(h), " has ", HashToHex((*want)[i])));
      return;
    }
  }
  // Hashed here in the worker; the consumer merges the range into the tree.
  w->range = CompactRange(t.index * kTileWidth);
  w->range.AppendLeaves(w->leaf_hashes);
}

// Fetches `tiles` with the partial-to-full fallback, in one or two batches.
std::vector<absl::StatusOr<std::string>> FetchTiles(Fetcher& f, const std::vector<TileId>& tiles) {
  std::vector<std::string> paths;
  for (const TileId& t : tiles) paths.push_back(TilePath(t));
  std::vector<absl::StatusOr<std::string>> out = f.FetchAll(paths);
  std::vector<size_t> retry;
  std::vector<std::string> full;
  for (size_t i = 0; i < tiles.size(); ++i) {
    if (tiles[i].is_partial() && absl::IsNotFound(out[i].status())) {
      retry.push_back(i);
      full.push_back(TilePath({tiles[i].level, tiles[i].index, kTileWidth}));
    }
  }
  if (!retry.empty()) {
    std::vector<absl::StatusOr<std::string>> got = f.FetchAll(full);
    for (size_t j = 0; j < retry.size(); ++j) out[retry[j]] = std::move(got[j]);
  }
  return out;
}

}  // namespace

// AuditLogUnclassified is AuditLog before its kDataLoss errors get their kind.
static absl::StatusOr<AuditResult> AuditLogUnclassified(Fetcher& fetcher, uint64_t tree_size,
                                                        const Hash& root,
                                                        const AuditOptions& options) {
  AuditResult result;
  uint64_t done = 0;  // entries checked so far
  std::set<Hash> issuers;
  // Bodies (or fetch errors) of first chain certificates fetched for PSC
  // checks, by fingerprint: a PSC usually issues many precertificates.
  std::map<Hash, absl::StatusOr<std::string>> psc_bodies;
  // pending[l] holds the computed hashes of the current (rightmost) tile at
  // level l >= 1, whose entries are roots of full tiles at level l - 1.
  std::vector<std::vector<Hash>> pending(kMaxTileLevel + 2);
  // Compares a computed hash tile with the log's and pushes its root upward.
  auto check_hash_tile = [&](const TileId& t, const std::vector<Hash>& computed) -> absl::Status {
    std::vector<absl::StatusOr<std::string>> body = FetchTiles(fetcher, {t});
    if (!body[0].ok()) return AsDataLoss(body[0].status(), TilePath(t));
    absl::StatusOr<std::vector<Hash>> got = ParseHashTile(AsBytes(*body[0]), t.width);
    if (!got.ok()) return AsDataLoss(got.status(), TilePath(t));
    ++result.tiles;
    for (uint32_t i = 0; i < t.width; ++i) {
      if (!HashesEqual((*got)[i], computed[i])) {
        return absl::DataLossError(absl::StrCat(TilePath(t), ": hash ", i, " is ",
                                                HashToHex((*got)[i]), ", recomputed ",
                                                HashToHex(computed[i])));
      }
    }
    return absl::OkStatus();
  };
  // The tree so far, grown tile by tile. Each node it completes at a tile
  // level l >= 1 (tree level 8l) is the next hash of level l's current
  // tile, which is checked against the log's once full.
  CompactRange tree;
  absl::Status tree_status;
  auto add_node = [&](const NodeId& id, const Hash& h) {
    if (!tree_status.ok() || id.level < kTileHeight || id.level % kTileHeight != 0) return;
    const int l = static_cast<int>(id.level) / kTileHeight;
    pending[l].push_back(h);
    if (pending[l].size() == kTileWidth) {
      tree_status = check_hash_tile(TileId{l, id.index / kTileWidth, kTileWidth}, pending[l]);
      pending[l].clear();
    }
  };

  const uint64_t data_tiles = (tree_size + kTileWidth - 1) / kTileWidth;
  const int jobs = std::max(1, options.jobs);
  const uint64_t batch = static_cast<uint64_t>(std::max(1, options.batch_tiles));
  // Work is cut into chunks of data tiles, each fetched with one FetchAll
  // (its level-0 tiles too) and checked by one thread. With several jobs,
  // every worker fetches and checks whole chunks (no barrier, no separate
  // fetch thread), and this thread consumes the results in log order.
  const uint64_t chunk = jobs == 1 ? batch : std::max<uint64_t>(1, batch / (2 * jobs));
  const uint64_t chunks = (data_tiles + chunk - 1) / chunk;
  const int data_level =
      options.format == AuditOptions::kTlogTiles ? kEntriesTileLevel : kDataTileLevel;
  // Fetches and checks chunk `c`; runs on any thread.
  auto fetch_and_check = [&](uint64_t c) -> std::vector<TileWork> {
    const uint64_t first = c * chunk, last = std::min(data_tiles, first + chunk);
    std::vector<TileWork> work(last - first);
    std::vector<TileId> ids;
    ids.reserve(2 * (last - first));
    for (uint64_t n = first; n < last; ++n) {
      TileId d = TileForIndex(data_level, n * kTileWidth, tree_size);
      work[n - first].data = d;
      ids.push_back(d);
      ids.push_back(TileId{0, d.index, d.width});
    }
    std::vector<absl::StatusOr<std::string>> bodies = FetchTiles(fetcher, ids);
    for (size_t k = 0; k < work.size(); ++k) {
      TileWork& w = work[k];
      if (!bodies[2 * k].ok()) {
        w.status = AsDataLoss(bodies[2 * k].status(), TilePath(w.data));
        continue;
      }
      w.data_body = *std::move(bodies[2 * k]);
      w.hash_body = std::move(bodies[2 * k + 1]);
      if (options.format == AuditOptions::kTlogTiles) {
        CheckBundle(&w);
      } else {
        CheckTile(&w, options.require_leaf_index, options.check_precertificates);
      }
    }
    return work;
  };
  // Consumes one checked chunk, in log order: hash tiles above level 0,
  // issuers, PSC checks and progress.
  auto consume = [&](std::vector<TileWork>& work) -> absl::Status {
    std::vector<Hash> new_issuers;
    for (TileWork& w : work) {
      // Queued PSC checks come from entries before any failure in the tile.
      for (const PscCheck& c : w.psc_checks) {
        auto it = psc_bodies.find(c.psc_fingerprint);
        if (it == psc_bodies.end()) {
          it = psc_bodies.emplace(c.psc_fingerprint, fetcher.Fetch(IssuerPath(c.psc_fingerprint)))
                   .first;
        }
        absl::Status s = ResolvePscCheck(w.data, c, it->second);
        if (!s.ok()) return s;
      }
      if (!w.status.ok()) return w.status;
      result.precertificates += w.precerts;
      result.psc_precertificates += w.psc_checks.size();
      result.bytes += w.data_body.size();
      if (options.check_issuers) {
        for (const Hash& h : w.issuers) {
          if (issuers.insert(h).second) new_issuers.push_back(h);
        }
      }
      result.tiles += 2;
      done += w.data.width;
      // A full tile's range is one node, its root: the next hash of tile
      // level 1. Merging reports the nodes above it.
      if (!w.data.is_partial()) add_node(NodeId{kTileHeight, w.data.index}, w.range.nodes()[0]);
      absl::Status s = tree.AppendRange(w.range, add_node);
      if (!s.ok()) return absl::InternalError(s.message());
      if (!tree_status.ok()) return tree_status;
    }
    if (!new_issuers.empty()) {
      std::vector<std::string> paths;
      for (const Hash& h : new_issuers) paths.push_back(IssuerPath(h));
      std::vector<absl::StatusOr<std::string>> got = fetcher.FetchAll(paths);
      for (size_t i = 0; i < paths.size(); ++i) {
        if (!got[i].ok()) return AsDataLoss(got[i].status(), paths[i]);
        const Hash h = Sha256(AsBytes(*got[i]));
        if (!HashesEqual(h, new_issuers[i])) {
          return absl::DataLossError(absl::StrCat(paths[i], ": body hashes to ", HashToHex(h)));
        }
      }
      result.issuers += paths.size();
    }
    result.entries = done;
    if (options.progress) options.progress(result.entries, tree_size);
    return absl::OkStatus();
  };
  // Workers fetch and check chunks at most 2 * jobs ahead of this thread
  // (bounding memory), which consumes them in log order.
  absl::Status run = internal::RunInOrder<std::vector<TileWork>>(
      chunks, jobs, 2 * static_cast<uint64_t>(jobs), fetch_and_check, consume);
  if (!run.ok()) return run;
  // The rightmost partial tiles of every level above 0.
  for (int l = 1; l < 8; ++l) {  // 8 * 8 = 64 bits
    uint64_t nodes = tree_size >> (kTileHeight * l);
    if (nodes % kTileWidth == 0) continue;
    if (pending[l].size() != nodes % kTileWidth) {
      return absl::InternalError(absl::StrCat("level ", l, " has ", pending[l].size(),
                                              " pending hashes, want ", nodes % kTileWidth));
    }
    TileId t{l, nodes / kTileWidth, static_cast<uint32_t>(nodes % kTileWidth)};
    absl::Status s = check_hash_tile(t, pending[l]);
    if (!s.ok()) return s;
  }
  result.root = tree.Root();  // EmptyRoot() for size 0
  if (!HashesEqual(result.root, root)) {
    return absl::DataLossError(absl::StrCat("recomputed root ", HashToBase64(result.root),
                                            " at size ", tree_size,
                                            " differs from the tree head's ", HashToBase64(root)));
  }
  return result;
}

absl::StatusOr<AuditResult> AuditLog(Fetcher& fetcher, uint64_t tree_size, const Hash& root,
                                     const AuditOptions& options) {
  absl::StatusOr<AuditResult> result = AuditLogUnclassified(fetcher, tree_size, root, options);
  // Every kDataLoss names served data that does not match the tree head.
  if (absl::IsDataLoss(result.status())) return WithKind(result.status(), ErrorKind::kTampered);
  return result;
}

}  // namespace ct
