// File: ct/tiles/writer/log_writer.h
// -----------------------------------------------------------------------------
// A Static CT API (C2SP static-ct-api v1.1.0) log writer: it sequences
// certificate and precertificate entries, returns each entry's v1 SCT with the
// static-ct-api `leaf_index` extension, and publishes the tree into a
// directory laid out exactly as a monitoring prefix serves it:
//
//   checkpoint                     signed note (RFC6962NoteSignature + Ed25519)
//   tile/<L>/<N>[.p/<W>]           Merkle hash tiles, every level
//   tile/data/<N>[.p/<W>]          data tiles (TileLeaf records)
//   issuer/<hex SHA-256>           every chain certificate, DER
//
// (or into any TileSink, e.g. a MemorySink). Every encoding is the shared
// one: paths and TileLeaf records from ct/tiles/tile.h, the SCT, its
// leaf_index extension and the MerkleTreeLeaf from ct/sct, checkpoint
// signatures from ct/tiles/note.h NoteSigner.
//
// Full tiles are written as soon as they fill (they are immutable); partial
// tiles and the checkpoint are written by Publish(). Memory is O(1) in the log
// size: a compact range, one partial tile per level and the current data tile.
//
// Example:
//   ct::LogWriterOptions opts;
//   opts.origin = "example.com/test2026h1";
//   opts.log_private_key = pem;          // ECDSA P-256
//   opts.directory = "/srv/log";
//   absl::StatusOr<ct::LogWriter> log = ct::LogWriter::Create(opts);
//   absl::StatusOr<ct::AddedEntry> e = log->AddCertificate(der, chain, now_ms);
//   absl::StatusOr<std::string> checkpoint = log->Publish();
#ifndef CT_TILES_WRITER_LOG_WRITER_H_
#define CT_TILES_WRITER_LOG_WRITER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/writer/sink.h"

namespace ct {

namespace internal {
class LogWriterState;
}  // namespace internal

// Ed25519NoteKey is an extra checkpoint signer: a note key name and a 32-byte
// Ed25519 seed (RFC 8032 private key). Copyable and movable.
struct Ed25519NoteKey {
  std::string name;
  std::array<uint8_t, 32> seed;
};

// LogWriterOptions configures a LogWriter. Copyable and movable.
struct LogWriterOptions {
  // origin is the checkpoint origin line and RFC6962NoteSignature key name,
  // e.g. "example.com/test2026h1" (the submission prefix without scheme).
  std::string origin;
  // log_private_key is the log's ECDSA P-256 private key, PEM ("PRIVATE KEY"
  // or "EC PRIVATE KEY") or DER (PKCS#8 or SEC1). It signs SCTs and the
  // checkpoint; the log ID is SHA-256 of its DER SubjectPublicKeyInfo.
  std::string log_private_key;
  // ed25519_note_keys are optional extra checkpoint signers.
  std::vector<Ed25519NoteKey> ed25519_note_keys;
  // directory is the output root (the monitoring prefix); created if missing.
  // Ignored when `sink` is set.
  std::string directory;
  // sink, if non-null, receives every resource instead of `directory` (e.g. a
  // MemorySink for tests). Not owned; must outlive the writer.
  TileSink* sink = nullptr;
  // clock_ms returns the current time in ms since the epoch; it stamps
  // checkpoints. Defaults to the system clock.
  std::function<uint64_t()> clock_ms;
};

// AddedEntry is the result of appending one entry. Copyable and movable.
struct AddedEntry {
  uint64_t leaf_index = 0;
  // sct is the TLS-encoded v1 SignedCertificateTimestamp (RFC 6962 §3.2),
  // whose extensions are exactly the leaf_index extension 00 0005 <uint40>.
  std::vector<uint8_t> sct;
  // leaf_hash is SHA-256(0x00 || MerkleTreeLeaf) of the entry.
  Hash leaf_hash;
};

// LogWriter appends entries and publishes a static-ct-api tree. Movable, not
// copyable; not thread-safe. An I/O error while writing a tile is sticky: the
// writer then fails every further call with that error.
class LogWriter final {
 public:
  // kMaxEntries is the capacity: leaf indexes are uint40 (static-ct-api).
  static constexpr uint64_t kMaxEntries = uint64_t{1} << 40;

  // Create validates `options` and creates the output directory. Returns
  // kInvalidArgument for a bad origin, note key name or private key, or an
  // empty directory without a sink; the filesystem error if the directory
  // cannot be made.
  static absl::StatusOr<LogWriter> Create(LogWriterOptions options);

  LogWriter(LogWriter&&) noexcept;
  LogWriter& operator=(LogWriter&&) noexcept;
  ~LogWriter();

  // AddCertificate appends an x509_entry for `cert_der` with issuer chain
  // `chain_der` (leaf's issuer first) at `timestamp_ms`, and returns its SCT.
  // kInvalidArgument for an empty or oversized (> 2^24-1 bytes) certificate
  // or chain certificate, or more than 2047 chain certificates; kOutOfRange
  // when the log is full.
  absl::StatusOr<AddedEntry> AddCertificate(
      absl::Span<const uint8_t> cert_der,
      absl::Span<const std::vector<uint8_t>> chain_der, uint64_t timestamp_ms);

  // AddPrecertificate appends a precert_entry: `tbs_der` is the precert's
  // TBSCertificate with poison removed (RFC 6962 §3.2), `issuer_key_hash` the
  // SHA-256 of the final issuer's SPKI (32 bytes), `precert_der` the
  // submitted precertificate and `chain_der` its issuer chain. Errors as for
  // AddCertificate, plus kInvalidArgument for a wrong-size issuer_key_hash.
  absl::StatusOr<AddedEntry> AddPrecertificate(
      absl::Span<const uint8_t> precert_der, absl::Span<const uint8_t> tbs_der,
      absl::Span<const uint8_t> issuer_key_hash,
      absl::Span<const std::vector<uint8_t>> chain_der, uint64_t timestamp_ms);

  // Publish writes the partial tiles of the current size and then the signed
  // checkpoint, stamped with the clock, and returns the checkpoint note.
  // kFailedPrecondition if the clock is behind an entry's timestamp or a
  // previous checkpoint's.
  absl::StatusOr<std::string> Publish();

  // size returns the number of entries appended.
  uint64_t size() const;
  // Root returns the Merkle tree root of the entries appended so far.
  Hash Root() const;
  // origin returns the configured origin.
  const std::string& origin() const;
  // log_id returns SHA-256 of the log key's DER SubjectPublicKeyInfo.
  const Hash& log_id() const;
  // LogPublicKeyPem returns the log's public key as a "PUBLIC KEY" PEM block.
  std::string LogPublicKeyPem() const;
  // LogPublicKeyDer returns the log's DER SubjectPublicKeyInfo.
  const std::vector<uint8_t>& LogPublicKeyDer() const;
  // NoteVerifierKeys returns the verifier key string of each Ed25519 note key,
  // in configuration order.
  std::vector<std::string> NoteVerifierKeys() const;

 private:
  explicit LogWriter(std::unique_ptr<internal::LogWriterState> state);
  std::unique_ptr<internal::LogWriterState> state_;
};

// Ed25519NoteVerifierKey returns the C2SP signed-note verifier key string
// "<name>+<hex key ID>+<base64(0x01 || public key)>" for the key derived from
// `seed`; kInvalidArgument for an invalid key `name`.
absl::StatusOr<std::string> Ed25519NoteVerifierKey(
    absl::string_view name, const std::array<uint8_t, 32>& seed);

}  // namespace ct

#endif  // CT_TILES_WRITER_LOG_WRITER_H_
