#include "ct/tiles/writer.h"

#include <errno.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/internal/tree_math.h"

namespace ct {
namespace {

absl::Status MakeDirs(const std::string& dir) {
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    std::string prefix = dir.substr(0, pos);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      return absl::UnavailableError(absl::StrCat("mkdir ", prefix, ": ", strerror(errno)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<DirectorySink>> DirectorySink::Create(std::string root) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  absl::Status s = MakeDirs(root);
  if (!s.ok()) return s;
  return std::unique_ptr<DirectorySink>(new DirectorySink(std::move(root)));
}

absl::Status DirectorySink::Put(absl::string_view path, absl::string_view body) {
  if (!IsValidResourcePath(path)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid resource path ", path));
  }
  std::string full = absl::StrCat(root_, "/", path);
  absl::Status s = MakeDirs(full.substr(0, full.rfind('/')));
  if (!s.ok()) return s;
  std::string tmp = absl::StrCat(full, ".tmp.", getpid());
  FILE* f = fopen(tmp.c_str(), "wb");
  if (f == nullptr) return absl::UnavailableError(absl::StrCat("create ", tmp, ": ", strerror(errno)));
  bool ok = fwrite(body.data(), 1, body.size(), f) == body.size();
  ok = (fclose(f) == 0) && ok;
  if (!ok || rename(tmp.c_str(), full.c_str()) != 0) {
    unlink(tmp.c_str());
    return absl::UnavailableError(absl::StrCat("write ", full, " failed"));
  }
  return absl::OkStatus();
}

absl::Status MemorySink::Put(absl::string_view path, absl::string_view body) {
  if (!IsValidResourcePath(path)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid resource path ", path));
  }
  fetcher_->Put(std::string(path), std::string(body));
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> TileWriter::Append(const LogEntry& entry) {
  const uint64_t index = size_;
  if (index >= (uint64_t{1} << 40)) {
    return absl::OutOfRangeError("leaf_index does not fit in 40 bits");
  }
  // static-ct-api: CtExtensions = leaf_index(0), uint40 big-endian.
  std::string ext = {0, 0, 5};
  for (int i = 4; i >= 0; --i) ext.push_back(static_cast<char>(index >> (8 * i)));
  TileLeaf leaf;
  leaf.timestamp = entry.timestamp;
  leaf.entry_type = entry.entry_type;
  leaf.issuer_key_hash = entry.issuer_key_hash;
  leaf.certificate = entry.certificate;
  leaf.extensions = ext;
  leaf.pre_certificate = entry.pre_certificate;
  if (entry.certificate.empty() ||
      (entry.entry_type == TileLeaf::kPrecertEntry && entry.pre_certificate.empty())) {
    return absl::InvalidArgumentError("empty certificate or pre_certificate");
  }
  std::vector<Hash> new_issuers;
  for (const std::string& der : entry.chain) {
    Hash fp;
    SHA256(reinterpret_cast<const uint8_t*>(der.data()), der.size(), fp.data());
    leaf.chain.push_back(fp);
  }
  const size_t start = data_.size();
  absl::Status s = AppendTileLeaf(leaf, &data_);
  if (!s.ok()) return s;
  absl::string_view rec = absl::string_view(data_).substr(start);
  absl::StatusOr<TileLeaf> parsed = ParseTileLeaf(&rec);
  if (!parsed.ok()) {
    data_.resize(start);
    return parsed.status();
  }
  const Hash leaf_hash = LeafHash(*parsed);
  for (size_t i = 0; i < entry.chain.size(); ++i) {
    if (issuers_.count(leaf.chain[i]) > 0) continue;
    s = sink_->Put(IssuerPath(leaf.chain[i]), entry.chain[i]);
    if (!s.ok()) {
      data_.resize(start);
      return s;
    }
    issuers_.insert(leaf.chain[i]);
  }
  ++size_;
  levels_[0].push_back(leaf_hash);
  if (levels_[0].size() == kTileWidth) {
    s = sink_->Put(TilePath({kDataTileLevel, index / kTileWidth, kTileWidth}), data_);
    if (!s.ok()) return s;
    data_.clear();
    // Write every hash tile this entry completes, bottom up.
    for (int l = 0; levels_[l].size() == kTileWidth; ++l) {
      uint64_t n = ((size_ >> (kTileHeight * l)) - 1) / kTileWidth;
      std::string body;
      for (const Hash& h : levels_[l]) body.append(reinterpret_cast<const char*>(h.data()), kHashSize);
      s = sink_->Put(TilePath({l, n, kTileWidth}), body);
      if (!s.ok()) return s;
      Hash up = internal::ReducePerfect(levels_[l]);
      levels_[l].clear();
      if (static_cast<size_t>(l + 1) >= levels_.size()) levels_.resize(l + 2);
      levels_[l + 1].push_back(up);
    }
  }
  return index;
}

Hash TileWriter::Root() const {
  return size_ == 0 ? EmptyRoot() : internal::RootFromRightEdge(levels_);
}

absl::StatusOr<std::string> TileWriter::Publish(absl::Span<const NoteSigner> signers,
                                                uint64_t timestamp_ms) {
  if (signers.empty()) return absl::InvalidArgumentError("Publish needs at least one signer");
  if (size_ % kTileWidth != 0) {
    absl::Status s = sink_->Put(TilePath({kDataTileLevel, size_ / kTileWidth,
                                          static_cast<uint32_t>(size_ % kTileWidth)}),
                                data_);
    if (!s.ok()) return s;
  }
  for (size_t l = 0; l < levels_.size(); ++l) {
    if (levels_[l].empty()) continue;
    std::string body;
    for (const Hash& h : levels_[l]) body.append(reinterpret_cast<const char*>(h.data()), kHashSize);
    uint64_t n = (size_ >> (kTileHeight * l)) / kTileWidth;
    absl::Status s = sink_->Put(
        TilePath({static_cast<int>(l), n, static_cast<uint32_t>(levels_[l].size())}), body);
    if (!s.ok()) return s;
  }
  Checkpoint cp{origin_, size_, Root(), {}};
  Note note;
  note.text = FormatCheckpoint(cp);
  for (const NoteSigner& signer : signers) {
    absl::StatusOr<NoteSignature> sig = signer.Sign(note.text, timestamp_ms);
    if (!sig.ok()) return sig.status();
    note.signatures.push_back(*std::move(sig));
  }
  absl::StatusOr<std::string> wire = FormatNote(note);
  if (!wire.ok()) return wire.status();
  absl::Status s = sink_->Put("checkpoint", *wire);
  if (!s.ok()) return s;
  return wire;
}

}  // namespace ct
