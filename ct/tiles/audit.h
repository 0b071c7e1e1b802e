// File: ct/tiles/audit.h
// -----------------------------------------------------------------------------
// AuditLog: a full audit of a static-ct-api log against a (verified) tree
// head. Every data tile is fetched and parsed, every leaf hash recomputed and
// compared with the level-0 hash tile, every hash tile at every level
// recomputed and compared, each entry's leaf_index checked against its
// position, every issuer fingerprint resolved (issuer/<hex>, hash checked),
// and the root recomputed and compared with the tree head. By default
// (check_precertificates) each precert entry's pre_certificate, which the
// Merkle tree does not cover, must also give the entry's TBSCertificate once
// the poison is removed (ct/x509 PrecertTbsFromPrecertificate), directly or,
// when its first chain certificate is a Precertificate Signing Certificate
// (fetched from issuer/<hex> even with check_issuers off), via that PSC.
//
// Example:
//   ct::AuditOptions opts;
//   opts.jobs = 2;
//   absl::StatusOr<ct::AuditResult> r =
//       ct::AuditLog(*fetcher, cp.checkpoint.size, cp.checkpoint.root, opts);
//   // kDataLoss names the first bad tile or entry.
#ifndef CT_TILES_AUDIT_H_
#define CT_TILES_AUDIT_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/fetcher.h"

namespace ct {

// AuditOptions tunes AuditLog.
struct AuditOptions {
  // kStaticCtApi: data tiles of TileLeaf records; kTlogTiles: tlog-tiles entry
  // bundles (leaf hash = SHA-256(0x00 || entry); no leaf_index, no issuers).
  enum Format { kStaticCtApi, kTlogTiles };
  Format format = kStaticCtApi;
  // jobs: threads that fetch, parse and hash data tiles. With jobs > 1 each
  // worker fetches batch_tiles / (2 * jobs) data tiles (and their level-0
  // tiles) per FetchAll and the calling thread checks the results in order.
  int jobs = 1;
  int batch_tiles = 32;      // data tiles fetched per FetchAll with jobs == 1
  bool require_leaf_index = true;  // static-ct-api: every entry has leaf_index == position
  bool check_issuers = true;  // fetch issuer/<fingerprint> for every chain entry, check its hash
  // check_precertificates: static-ct-api precert entries' pre_certificate
  // must parse and match the entry's TBS (see above). Only an entry that
  // does not match directly needs its first chain certificate (a possible
  // PSC): it is fetched even when check_issuers is false, and if it is
  // missing the entry is reported. Turn off for logs (or synthetic test
  // logs) whose pre_certificate bytes are not real precertificates.
  bool check_precertificates = true;
  // progress, if set, is called after each batch with entries checked so far.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// AuditResult summarizes a successful audit.
struct AuditResult {
  uint64_t entries = 0;      // entries checked (= tree size)
  uint64_t tiles = 0;        // data and hash tiles checked
  uint64_t bytes = 0;        // data tile bytes read
  uint64_t issuers = 0;      // distinct issuers fetched and checked
  uint64_t precertificates = 0;      // precert entries whose pre_certificate was checked
  uint64_t psc_precertificates = 0;  // of those, matched via a PSC (first chain certificate)
  Hash root{};               // recomputed root (equal to the tree head's)
};

// AuditLog audits the first `tree_size` entries of the log behind `fetcher`
// against `root`. A tile or entry that is malformed, missing (kNotFound from
// the fetcher) or does not match is kDataLoss naming the first bad tile or
// entry; other fetch errors pass through.
absl::StatusOr<AuditResult> AuditLog(Fetcher& fetcher, uint64_t tree_size, const Hash& root,
                                     const AuditOptions& options = {});

}  // namespace ct

#endif  // CT_TILES_AUDIT_H_
