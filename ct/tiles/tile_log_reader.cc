#include "ct/tiles/tile_log_reader.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/tiles/checkpoint.h"

namespace ct {

TileLogReader::TileLogReader(Fetcher* fetcher, std::vector<NoteVerifier> verifiers,
                             std::string origin, int parallel_tiles, bool resolve_issuers)
    : fetcher_(fetcher),
      verifiers_(std::move(verifiers)),
      origin_(std::move(origin)),
      parallel_tiles_(std::max(1, parallel_tiles)),
      resolve_issuers_(resolve_issuers) {}

absl::StatusOr<TreeHead> TileLogReader::LatestTreeHead() {
  absl::StatusOr<std::string> note = fetcher_->Fetch("checkpoint");
  if (!note.ok()) return Prefix("checkpoint", note.status());
  return OpenTreeHead(*note);
}

absl::StatusOr<TreeHead> TileLogReader::OpenTreeHead(absl::string_view note) {
  absl::StatusOr<VerifiedCheckpoint> cp = OpenCheckpoint(note, verifiers_, origin_);
  if (!cp.ok()) {
    if (absl::IsUnauthenticated(cp.status())) {
      return WithKind(Prefix("checkpoint", cp.status()), ErrorKind::kBadSignature);
    }
    return Prefix("checkpoint", cp.status());
  }
  TreeHead head;
  head.size = cp->checkpoint.size;
  head.root = cp->checkpoint.root;
  for (const VerifiedSignature& s : cp->note.verified) {
    if (s.type == NoteSignatureType::kRfc6962TreeHead && s.timestamp.has_value()) {
      head.timestamp_ms = *s.timestamp;
      break;
    }
  }
  head.evidence = std::string(note);
  return head;
}

TileHashReader& TileLogReader::HashReader(const TreeHead& head) {
  absl::MutexLock lock(&mu_);
  if (hashes_ == nullptr || hashes_->tree_size() != head.size || hashes_root_ != head.root) {
    hashes_ = std::make_unique<TileHashReader>(head.size, head.root, fetcher_);
    hashes_root_ = head.root;
  }
  return *hashes_;
}

absl::StatusOr<std::vector<Hash>> TileLogReader::ConsistencyProof(uint64_t size1,
                                                                  const TreeHead& head) {
  return HashReader(head).ConsistencyProof(size1);
}

absl::StatusOr<InclusionResult> TileLogReader::InclusionProof(const Hash& leaf_hash,
                                                              std::optional<uint64_t> index,
                                                              const TreeHead& head) {
  if (!index.has_value()) {
    return absl::FailedPreconditionError(
        "static-ct-api logs cannot look a leaf up by hash: give its leaf_index");
  }
  absl::StatusOr<std::vector<Hash>> proof = HashReader(head).InclusionProof(*index);
  if (!proof.ok()) return proof.status();
  return InclusionResult{*index, *std::move(proof)};
}

void AssignFromTileLeaf(const TileLeaf& leaf, uint64_t index, LogEntry* out) {
  LogEntry& e = *out;
  e.index = index;
  e.leaf_hash = LeafHash(leaf);
  e.timestamp = leaf.timestamp;
  e.type = leaf.entry_type == TileLeaf::kPrecertEntry ? LogEntryType::kPrecert
                                                      : LogEntryType::kX509;
  e.issuer_key_hash = leaf.issuer_key_hash;
  AssignBytes(&e.certificate, leaf.certificate);
  AssignBytes(&e.extensions, leaf.extensions);
  AssignBytes(&e.pre_certificate, leaf.pre_certificate);
  e.chain.clear();
  e.chain_fingerprints.assign(leaf.chain.begin(), leaf.chain.end());
  e.parse_status = absl::OkStatus();
}

LogEntry LogEntryFromTileLeaf(const TileLeaf& leaf, uint64_t index) {
  LogEntry e;
  AssignFromTileLeaf(leaf, index, &e);
  return e;
}

absl::Status TileLogReader::ResolveChains(std::vector<LogEntry>& entries) {
  std::vector<Hash> missing;
  {
    absl::MutexLock lock(&mu_);
    for (const LogEntry& e : entries) {
      for (const Hash& fp : e.chain_fingerprints) {
        if (issuers_.count(fp) == 0) {
          issuers_.emplace(fp, absl::UnknownError("pending"));
          missing.push_back(fp);
        }
      }
    }
  }
  if (!missing.empty()) {
    std::vector<std::string> paths;
    for (const Hash& fp : missing) paths.push_back(IssuerPath(fp));
    std::vector<absl::StatusOr<std::string>> bodies = fetcher_->FetchAll(paths);
    absl::MutexLock lock(&mu_);
    for (size_t i = 0; i < missing.size(); ++i) {
      absl::StatusOr<Bytes>& slot = issuers_[missing[i]];
      if (!bodies[i].ok() && !absl::IsNotFound(bodies[i].status())) {
        issuers_.erase(missing[i]);  // transient: asked again next time
        for (size_t j = i + 1; j < missing.size(); ++j) issuers_.erase(missing[j]);
        return Prefix(paths[i], bodies[i].status());
      }
      if (!bodies[i].ok()) {
        slot = absl::NotFoundError(absl::StrCat(paths[i], " is not served"));
      } else if (const Hash h = Sha256(AsBytes(*bodies[i])); !HashesEqual(h, missing[i])) {
        slot = absl::DataLossError(absl::StrCat(paths[i], ": body hashes to ", HashToHex(h)));
      } else {
        slot = ToBytes(AsBytes(*bodies[i]));
      }
    }
  }
  absl::MutexLock lock(&mu_);
  for (LogEntry& e : entries) {
    e.chain.clear();
    for (const Hash& fp : e.chain_fingerprints) {
      const absl::StatusOr<Bytes>& der = issuers_.at(fp);
      if (!der.ok()) {
        if (e.parse_status.ok()) {
          e.parse_status = Prefix(absl::StrCat("entry ", e.index, " issuer"), der.status());
        }
        break;
      }
      e.chain.push_back(*der);
    }
  }
  return absl::OkStatus();
}

absl::Status TileLogReader::Entries(uint64_t begin, uint64_t end, const TreeHead& head,
                                    const EntrySink& sink) {
  if (begin > end || end > head.size) {
    return absl::OutOfRangeError(
        absl::StrCat("entries [", begin, ", ", end, ") outside tree size ", head.size));
  }
  uint64_t next = begin;
  // The entries of one tile; their buffers are reused from tile to tile (and
  // replaced by whatever the sink swaps in).
  std::vector<LogEntry> parsed;
  while (next < end) {
    // One window of data tiles, fetched together.
    const uint64_t first_tile = next / kTileWidth;
    const uint64_t last_tile =
        std::min((end - 1) / kTileWidth, first_tile + parallel_tiles_ - 1);
    std::vector<TileId> tiles;
    std::vector<std::string> paths;
    for (uint64_t t = first_tile; t <= last_tile; ++t) {
      tiles.push_back(TileForIndex(kDataTileLevel, t * kTileWidth, head.size));
      paths.push_back(TilePath(tiles.back()));
    }
    std::vector<absl::StatusOr<std::string>> bodies = fetcher_->FetchAll(paths);
    for (size_t i = 0; i < tiles.size(); ++i) {
      absl::StatusOr<std::string>& body = bodies[i];
      if (absl::IsNotFound(body.status()) && tiles[i].is_partial()) {
        body = FetchTileBytes(*fetcher_, tiles[i]);  // falls back to the full tile
      }
      if (!body.ok()) return Prefix(paths[i], body.status());
      ByteSpan rest = AsBytes(*body);
      TileLeaf leaf;
      const uint64_t tile_start = tiles[i].index * kTileWidth;
      const uint64_t first = std::max(next, tile_start);
      const uint64_t stop = std::min<uint64_t>(end, tile_start + tiles[i].width);
      parsed.resize(stop > first ? stop - first : 0);
      for (uint32_t k = 0; k < tiles[i].width; ++k) {
        absl::Status s = ParseTileLeafInto(&rest, &leaf);
        if (!s.ok()) return MalformedError(paths[i], s.message());
        const uint64_t index = tile_start + k;
        if (index < first || index >= stop) continue;
        AssignFromTileLeaf(leaf, index, &parsed[index - first]);
      }
      // A full tile standing in for a partial one carries more records.
      if (!rest.empty() && tiles[i].width == kTileWidth) {
        return MalformedError(paths[i], absl::StrCat(rest.size(), " trailing bytes"));
      }
      if (resolve_issuers_) CT_RETURN_IF_ERROR(ResolveChains(parsed));
      for (LogEntry& e : parsed) {
        next = e.index + 1;
        CT_RETURN_IF_ERROR(sink(e));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace ct
