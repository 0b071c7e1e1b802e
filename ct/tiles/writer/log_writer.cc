#include "ct/tiles/writer/log_writer.h"

#include <array>
#include <chrono>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/node_id.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/note.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/writer/internal/entry_encoder.h"
#include "ct/tiles/writer/internal/sct_issuer.h"

namespace ct {
namespace internal {

// LogWriterState is the whole mutable state of a LogWriter.
class LogWriterState {
 public:
  LogWriterState(std::string origin, std::unique_ptr<TileSink> owned_sink,
                 TileSink* sink, SctIssuer issuer, NoteSigner rfc6962_signer,
                 std::vector<NoteSigner> note_signers,
                 std::function<uint64_t()> clock_ms)
      : origin_(std::move(origin)),
        owned_sink_(std::move(owned_sink)),
        sink_(sink),
        issuer_(std::move(issuer)),
        rfc6962_signer_(std::move(rfc6962_signer)),
        note_signers_(std::move(note_signers)),
        clock_ms_(std::move(clock_ms)) {}

  // Add appends `entry` (whose certificate spans alias the caller's bytes)
  // with `pre_certificate` (precert entries) and issuer `chain`.
  absl::StatusOr<AddedEntry> Add(uint64_t timestamp_ms, const SignedEntry& entry,
                                 absl::Span<const uint8_t> pre_certificate,
                                 absl::Span<const std::vector<uint8_t>> chain);
  absl::StatusOr<std::string> Publish();

  uint64_t size() const { return range_.size(); }
  Hash Root() const { return range_.Root(); }
  const std::string& origin() const { return origin_; }
  const SctIssuer& issuer() const { return issuer_; }
  const std::vector<NoteSigner>& note_signers() const { return note_signers_; }

 private:
  absl::Status WriteTile(const TileId& tile, absl::string_view data) {
    return sink_->Put(TilePath(tile), data);
  }
  absl::Status WriteHashTile(int level, uint64_t n,
                             const std::vector<Hash>& hashes);
  // Sequence commits one encoded TileLeaf record to the tree and writes any
  // tile that became full.
  absl::Status Sequence(ByteSpan tile_leaf, const Hash& leaf_hash);

  const std::string origin_;
  const std::unique_ptr<TileSink> owned_sink_;  // a DirectorySink, or null
  TileSink* const sink_;
  const SctIssuer issuer_;
  const NoteSigner rfc6962_signer_;
  const std::vector<NoteSigner> note_signers_;
  const std::function<uint64_t()> clock_ms_;

  CompactRange range_;
  // The TileLeaf records of the current (not yet full) data tile.
  std::string data_tile_;
  // levels_[L] holds the hashes of the current (not yet full) tile at level L:
  // floor(size / 256^L) mod 256 roots of 256^L-leaf subtrees, as range_
  // reports them.
  std::vector<std::vector<Hash>> levels_;
  absl::flat_hash_set<Hash> issuers_written_;
  uint64_t max_entry_timestamp_ = 0;
  uint64_t last_checkpoint_timestamp_ = 0;
  // A failed tile write after an entry was sequenced; sticky.
  absl::Status broken_;
};

namespace {

absl::Status CheckChain(absl::Span<const std::vector<uint8_t>> chain) {
  if (chain.size() > kMaxChainFingerprints) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "chain has %d certificates, max %d", chain.size(),
        kMaxChainFingerprints));
  }
  for (size_t i = 0; i < chain.size(); ++i) {
    if (chain[i].empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("chain certificate %d is empty", i));
    }
    if (chain[i].size() > kMaxAsn1CertSize) {
      return absl::InvalidArgumentError(
          absl::StrFormat("chain certificate %d is %d bytes, max %d", i,
                          chain[i].size(), kMaxAsn1CertSize));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status LogWriterState::WriteHashTile(int level, uint64_t n,
                                           const std::vector<Hash>& hashes) {
  std::string bytes;
  bytes.reserve(hashes.size() * kHashSize);
  for (const Hash& h : hashes) bytes.append(h.begin(), h.end());
  return WriteTile(TileId{level, n, static_cast<uint32_t>(hashes.size())},
                   bytes);
}

absl::Status LogWriterState::Sequence(ByteSpan tile_leaf,
                                      const Hash& leaf_hash) {
  // Every node the leaf completes at a tile level (tree level 8L) joins the
  // current tile of level L; note the tiles that fill.
  std::array<int, 64 / kTileHeight> full_levels;  // tile levels of a uint64 tree
  size_t full = 0;
  range_.Append(leaf_hash, [&](const NodeId& id, const Hash& hash) {
    if (id.level % kTileHeight != 0) return;
    const size_t level = id.level / kTileHeight;
    if (levels_.size() <= level) levels_.resize(level + 1);
    levels_[level].push_back(hash);
    if (levels_[level].size() == kTileWidth) full_levels[full++] = static_cast<int>(level);
  });
  const uint64_t size = range_.size();
  const absl::string_view record = AsChars(tile_leaf);
  data_tile_.append(record.data(), record.size());
  if (size % kTileWidth == 0) {
    absl::Status s = WriteTile(
        TileId{kDataTileLevel, size / kTileWidth - 1, kTileWidth}, data_tile_);
    if (!s.ok()) return s;
    data_tile_.clear();
  }
  // Full tiles are immutable: write them now, lowest level first.
  for (size_t i = 0; i < full; ++i) {
    const int level = full_levels[i];
    const uint64_t n = (size >> (kTileHeight * (level + 1))) - 1;
    absl::Status s = WriteHashTile(level, n, levels_[level]);
    if (!s.ok()) return s;
    levels_[level].clear();
  }
  return absl::OkStatus();
}

absl::StatusOr<AddedEntry> LogWriterState::Add(
    uint64_t timestamp_ms, const SignedEntry& entry,
    absl::Span<const uint8_t> pre_certificate,
    absl::Span<const std::vector<uint8_t>> chain) {
  if (!broken_.ok()) return broken_;
  if (range_.size() >= LogWriter::kMaxEntries) {
    return absl::OutOfRangeError(absl::StrFormat(
        "log is full: %d entries (leaf_index is uint40)", range_.size()));
  }
  absl::Status s = CheckChain(chain);
  if (!s.ok()) return s;

  // Step 1: encode the entry at the next index.
  const uint64_t index = range_.size();
  std::vector<Hash> fingerprints;
  fingerprints.reserve(chain.size());
  for (const std::vector<uint8_t>& c : chain) fingerprints.push_back(Sha256(c));
  absl::StatusOr<EncodedEntry> encoded =
      EncodeEntry(timestamp_ms, index, entry, pre_certificate, fingerprints);
  if (!encoded.ok()) return encoded.status();

  // Step 2: the SCT signs the MerkleTreeLeaf bytes (RFC 6962 §3.2 == §3.4).
  absl::StatusOr<std::vector<uint8_t>> sct =
      issuer_.IssueSct(timestamp_ms, encoded->extensions,
                       encoded->merkle_tree_leaf);
  if (!sct.ok()) return sct.status();

  // Step 3: every fingerprint must resolve, so issuers go out first. A
  // failure here leaves the tree untouched.
  for (size_t i = 0; i < chain.size(); ++i) {
    if (issuers_written_.contains(fingerprints[i])) continue;
    s = sink_->Put(IssuerPath(fingerprints[i]), AsChars(chain[i]));
    if (!s.ok()) return s;
    issuers_written_.insert(fingerprints[i]);
  }

  // Step 4: sequence.
  AddedEntry out;
  out.leaf_index = index;
  out.sct = *std::move(sct);
  out.leaf_hash = HashLeaf(encoded->merkle_tree_leaf);
  if (timestamp_ms > max_entry_timestamp_) max_entry_timestamp_ = timestamp_ms;
  s = Sequence(encoded->tile_leaf, out.leaf_hash);
  if (!s.ok()) {
    broken_ = absl::Status(
        s.code(), absl::StrCat("tile write failed; writer stopped: ",
                               s.message()));
    return broken_;
  }
  return out;
}

absl::StatusOr<std::string> LogWriterState::Publish() {
  if (!broken_.ok()) return broken_;
  const uint64_t now = clock_ms_();
  if (now < max_entry_timestamp_) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "clock %d ms is behind the newest entry timestamp %d ms", now,
        max_entry_timestamp_));
  }
  if (now < last_checkpoint_timestamp_) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "clock %d ms is behind the previous checkpoint timestamp %d ms", now,
        last_checkpoint_timestamp_));
  }
  const uint64_t size = range_.size();

  // Step 1: partial tiles, W = floor(size / 256^L) mod 256 at each level.
  if (size % kTileWidth != 0) {
    absl::Status s = WriteTile(
        TileId{kDataTileLevel, size / kTileWidth,
               static_cast<uint32_t>(size % kTileWidth)},
        data_tile_);
    if (!s.ok()) return s;
  }
  for (size_t level = 0; level < levels_.size(); ++level) {
    if (levels_[level].empty()) continue;
    absl::Status s = WriteHashTile(static_cast<int>(level),
                                   size >> (8 * (level + 1)), levels_[level]);
    if (!s.ok()) return s;
  }

  // Step 2: the checkpoint, after every tile it commits to:
  // RFC6962NoteSignature first, then the Ed25519 keys.
  Checkpoint cp;
  cp.origin = origin_;
  cp.size = size;
  cp.root = range_.Root();
  Note note;
  note.text = FormatCheckpoint(cp);
  absl::StatusOr<NoteSignature> sig = rfc6962_signer_.Sign(note.text, now);
  if (!sig.ok()) return sig.status();
  note.signatures.push_back(*std::move(sig));
  for (const NoteSigner& signer : note_signers_) {
    sig = signer.Sign(note.text);
    if (!sig.ok()) return sig.status();
    note.signatures.push_back(*std::move(sig));
  }
  absl::StatusOr<std::string> signed_note = FormatNote(note);
  if (!signed_note.ok()) return signed_note.status();
  absl::Status s = sink_->Put("checkpoint", *signed_note);
  if (!s.ok()) return s;
  last_checkpoint_timestamp_ = now;
  return *std::move(signed_note);
}

}  // namespace internal

absl::StatusOr<LogWriter> LogWriter::Create(LogWriterOptions options) {
  if (!IsValidKeyName(options.origin)) {
    return absl::InvalidArgumentError(
        "bad origin: not a valid note key name (non-empty UTF-8 without "
        "spaces, '+' or control characters)");
  }
  absl::StatusOr<internal::SctIssuer> issuer =
      internal::SctIssuer::Create(options.log_private_key);
  if (!issuer.ok()) return issuer.status();
  absl::StatusOr<NoteSigner> rfc6962 =
      NoteSigner::ForRfc6962Log(options.origin, issuer->signer());
  if (!rfc6962.ok()) return rfc6962.status();
  std::vector<NoteSigner> signers;
  for (const Ed25519NoteKey& key : options.ed25519_note_keys) {
    absl::StatusOr<NoteSigner> signer = NoteSigner::Ed25519(
        key.name, AsChars(key.seed));
    if (!signer.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Ed25519 note key \"", key.name, "\": ", signer.status().message()));
    }
    signers.push_back(*std::move(signer));
  }
  std::unique_ptr<TileSink> owned;
  TileSink* sink = options.sink;
  if (sink == nullptr) {
    absl::StatusOr<std::unique_ptr<DirectorySink>> dir =
        DirectorySink::Create(options.directory);
    if (!dir.ok()) return dir.status();
    sink = dir->get();
    owned = *std::move(dir);
  }
  std::function<uint64_t()> clock = options.clock_ms;
  if (!clock) {
    clock = [] {
      return static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count());
    };
  }
  return LogWriter(std::make_unique<internal::LogWriterState>(
      options.origin, std::move(owned), sink, *std::move(issuer),
      *std::move(rfc6962), std::move(signers), std::move(clock)));
}

LogWriter::LogWriter(std::unique_ptr<internal::LogWriterState> state)
    : state_(std::move(state)) {}
LogWriter::LogWriter(LogWriter&&) noexcept = default;
LogWriter& LogWriter::operator=(LogWriter&&) noexcept = default;
LogWriter::~LogWriter() = default;

absl::StatusOr<AddedEntry> LogWriter::AddCertificate(
    absl::Span<const uint8_t> cert_der,
    absl::Span<const std::vector<uint8_t>> chain_der, uint64_t timestamp_ms) {
  return state_->Add(timestamp_ms, SignedEntry::X509(cert_der), {}, chain_der);
}

absl::StatusOr<AddedEntry> LogWriter::AddPrecertificate(
    absl::Span<const uint8_t> precert_der, absl::Span<const uint8_t> tbs_der,
    absl::Span<const uint8_t> issuer_key_hash,
    absl::Span<const std::vector<uint8_t>> chain_der, uint64_t timestamp_ms) {
  if (issuer_key_hash.size() != kHashSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "issuer_key_hash is %d bytes, want %d", issuer_key_hash.size(),
        kHashSize));
  }
  Hash ikh;
  std::copy(issuer_key_hash.begin(), issuer_key_hash.end(), ikh.begin());
  return state_->Add(timestamp_ms, SignedEntry::Precert(ikh, tbs_der),
                     precert_der, chain_der);
}

absl::StatusOr<std::string> LogWriter::Publish() { return state_->Publish(); }
uint64_t LogWriter::size() const { return state_->size(); }
Hash LogWriter::Root() const { return state_->Root(); }
const std::string& LogWriter::origin() const { return state_->origin(); }
const Hash& LogWriter::log_id() const { return state_->issuer().log_id(); }
std::string LogWriter::LogPublicKeyPem() const {
  return state_->issuer().PublicKeyPem();
}
const std::vector<uint8_t>& LogWriter::LogPublicKeyDer() const {
  return state_->issuer().spki_der();
}
std::vector<std::string> LogWriter::NoteVerifierKeys() const {
  std::vector<std::string> out;
  for (const NoteSigner& signer : state_->note_signers()) {
    out.push_back(signer.public_key());
  }
  return out;
}

absl::StatusOr<std::string> Ed25519NoteVerifierKey(
    absl::string_view name, const std::array<uint8_t, 32>& seed) {
  absl::StatusOr<NoteSigner> signer =
      NoteSigner::Ed25519(name, AsChars(seed));
  if (!signer.ok()) return signer.status();
  return signer->public_key();
}

}  // namespace ct
