// File: ct/log/log_reader.h
// -----------------------------------------------------------------------------
// One reader interface over both CT log APIs: RFC 6962 (get-sth, get-entries,
// proofs over HTTP JSON) and C2SP static-ct-api / tlog-tiles (checkpoints,
// data and hash tiles). Everything above it (audit, prove, the monitor) is
// written once against LogReader; LogCursor (ct/log/cursor.h) turns it into
// a verified, resumable stream of entries.
//
// Binary data follows ct/base/bytes.h: ByteSpan in, Bytes out.
//
// Example:
//   std::unique_ptr<ct::LogReader> reader = ...;  // tiles or RFC 6962
//   absl::StatusOr<ct::TreeHead> head = reader->LatestTreeHead();
//   absl::Status s = reader->Entries(0, 100, *head, [](ct::LogEntry& e) {
//     ... e.index, e.leaf_hash, e.certificate ...
//     return absl::OkStatus();
//   });
#ifndef CT_LOG_LOG_READER_H_
#define CT_LOG_LOG_READER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/prove.h"
#include "ct/sct/signed_data.h"

namespace ct {

// TreeHead is a log's signed tree head, whichever API served it: an RFC 6962
// STH or a static-ct-api checkpoint. Readers return only tree heads whose
// signature verified with the log's key. Copyable and movable.
struct TreeHead {
  uint64_t size = 0;
  Hash root{};
  // Milliseconds since the epoch: the STH timestamp or the checkpoint's
  // RFC6962NoteSignature timestamp; 0 when the tree head carries none.
  uint64_t timestamp_ms = 0;
  // The signed bytes as served (the get-sth JSON or the checkpoint note), kept
  // as evidence should the log misbehave.
  std::string evidence;

  // operator== compares size, root and timestamp (not the evidence).
  friend bool operator==(const TreeHead& a, const TreeHead& b) {
    return a.size == b.size && a.root == b.root && a.timestamp_ms == b.timestamp_ms;
  }
};

// LogEntry is one log entry, parsed. `leaf_hash` is SHA-256(0x00 ||
// MerkleTreeLeaf) of exactly the bytes the other fields were parsed from.
// Copyable and movable.
struct LogEntry {
  uint64_t index = 0;
  Hash leaf_hash{};
  uint64_t timestamp = 0;  // ms since the epoch (the SCT's)
  LogEntryType type = LogEntryType::kX509;
  Hash issuer_key_hash{};  // precert entries
  Bytes certificate;       // x509: the leaf DER; precert: the TBSCertificate DER
  Bytes extensions;        // CtExtensions bytes
  Bytes pre_certificate;   // precert entries: the precertificate DER, if served
  std::vector<Bytes> chain;  // issuer chain DER, leaf's issuer first (RFC 6962 extra_data)
  std::vector<Hash> chain_fingerprints;  // static-ct-api: SHA-256 of each issuer
  // OK, or why the entry is not fully parsed (e.g. an unknown entry type):
  // such entries still carry index and leaf_hash and are never skipped.
  absl::Status parse_status;
};

// EntrySink receives entries in index order; a non-OK status stops the read.
// The entry object belongs to the reader: the sink may take its contents
// (move or swap them out) but not keep a reference. Whatever it leaves there
// the reader may reuse as storage for a later entry (so a sink that swaps in
// an entry it is done with saves the reader allocations).
using EntrySink = std::function<absl::Status(LogEntry& entry)>;

// LogReader reads one log. Implementations authenticate tree head signatures
// but not entries: entries become trustworthy only through a LogCursor (or
// an equivalent check against a tree head). Methods may be called from one
// thread at a time unless an implementation says otherwise.
class LogReader {
 public:
  virtual ~LogReader() = default;

  // LatestTreeHead returns the log's current tree head, its signature
  // verified (kUnauthenticated with ErrorKind kBadSignature otherwise).
  virtual absl::StatusOr<TreeHead> LatestTreeHead() = 0;

  // OpenTreeHead verifies a tree head saved earlier (a TreeHead's `evidence`:
  // the get-sth JSON or the checkpoint note) with the log's key, as
  // LatestTreeHead would have. kBadSignature if the signature does not verify,
  // another error if the bytes do not parse; kUnimplemented by default.
  virtual absl::StatusOr<TreeHead> OpenTreeHead(absl::string_view evidence) {
    (void)evidence;
    return absl::UnimplementedError("this log reader cannot open a saved tree head");
  }

  // ConsistencyProof returns the proof that the tree of `size1` leaves is a
  // prefix of `head`'s tree. Requires 0 < size1 <= head.size; empty when equal.
  virtual absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t size1,
                                                             const TreeHead& head) = 0;

  // InclusionProof returns the inclusion proof of the leaf with `leaf_hash`
  // in `head`'s tree. `index` is required by logs that cannot look a leaf up
  // by hash (tiles: kFailedPrecondition without it); when given, a log that
  // answers with another index is kTampered.
  virtual absl::StatusOr<InclusionResult> InclusionProof(const Hash& leaf_hash,
                                                         std::optional<uint64_t> index,
                                                         const TreeHead& head) = 0;

  // Entries calls `sink` for every entry in [begin, end), in order, each with
  // its index. Requires begin <= end <= head.size. Entries may be fetched in
  // parallel, but are delivered in order.
  virtual absl::Status Entries(uint64_t begin, uint64_t end, const TreeHead& head,
                               const EntrySink& sink) = 0;
};

}  // namespace ct

#endif  // CT_LOG_LOG_READER_H_
