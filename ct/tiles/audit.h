// File: ct/tiles/audit.h
// -----------------------------------------------------------------------------
// AuditLog: a full audit of a static-ct-api log against a (verified) tree
// head. Every data tile is fetched and parsed, every leaf hash recomputed and
// compared with the level-0 hash tile, every hash tile at every level
// recomputed and compared, each entry's leaf_index checked against its
// position, every issuer fingerprint resolved (issuer/<hex>, hash checked),
// and the root recomputed and compared with the tree head. With
// check_precertificates, each precert entry's pre_certificate (not covered by
// the Merkle tree) must also give the entry's TBSCertificate once the poison
// is removed (ct/x509 PrecertTbsFromPrecertificate), directly or, when its
// first chain certificate is a Precertificate Signing Certificate (fetched
// from issuer/<hex>), via that PSC.
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
  // must parse and match the entry's TBS (see above). Off by default: the
  // synthetic test logs carry placeholder pre_certificate bytes.
  bool check_precertificates = false;
  // progress, if set, is called after each batch with entries checked so far.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// AuditResult summarizes a successful audit.
struct AuditResult {
  uint64_t entries = 0;      // entries checked (= tree size)
  uint64_t tiles = 0;        // data and hash tiles checked
  uint64_t bytes = 0;        // data tile bytes read
  uint64_t issuers = 0;      // distinct issuers fetched and checked
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
