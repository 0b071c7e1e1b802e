#include "ct/tiles/prove_certificate.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/merkle/prove.h"
#include "ct/merkle/verify.h"
#include "ct/sct/sct.h"
#include "ct/sct/sources.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/tile_reader.h"
#include "ct/x509/precert.h"

namespace ct {
namespace {

// Fails `p` at `step`; returns OK so that callers can `return Failed(...)`.
absl::Status Failed(SctProof* p, ProveStep step, std::string error) {
  p->failed_step = step;
  p->error = std::move(error);
  return absl::OkStatus();
}

// ProveOne follows one SCT, whose leaf_index is `idx`, to its entry (static-
// ct-api; Sunlight CheckInclusion), recording the outcome in `p`. A non-OK
// status is an error that is not a verification failure.
absl::Status ProveOne(Fetcher& fetcher, const VerifiedCheckpoint& cp,
                      const SignedCertificateTimestamp& sct, uint64_t idx, const LogVerifier* log,
                      const EmbeddedScts& claim, SctProof* p) {
  const uint64_t n = cp.checkpoint.size;
  // Step 1: the entry is in the checkpoint's tree.
  if (idx >= n) {
    return Failed(p, ProveStep::kCheckpoint,
                  absl::StrCat("leaf_index ", idx, " is not below the checkpoint size ", n));
  }
  // Step 2: the entry at that position is the SCT's precert entry.
  const TileId tile = TileForIndex(kDataTileLevel, idx, n);
  p->data_tile = TilePath(tile);
  std::string bytes;
  absl::StatusOr<std::vector<TileLeaf>> leaves = FetchDataTileLeaves(fetcher, tile, &bytes);
  if (absl::IsInvalidArgument(leaves.status())) {
    return Failed(p, ProveStep::kEntry, std::string(leaves.status().message()));
  }
  if (!leaves.ok()) return leaves.status();
  const TileLeaf& entry = (*leaves)[idx % kTileWidth];
  if (entry.entry_type != TileLeaf::kPrecertEntry) {
    return Failed(
        p, ProveStep::kEntry,
        absl::StrCat("entry ", idx, " is an x509_entry; embedded SCTs cover precert_entry leaves"));
  }
  absl::StatusOr<std::optional<uint64_t>> entry_idx =
      ParseLeafIndexExtension(entry.extensions);
  if (!entry_idx.ok() || *entry_idx != idx) {
    return Failed(p, ProveStep::kEntry,
                  absl::StrCat("entry at position ", idx, " does not carry leaf_index ", idx, ": ",
                               !entry_idx.ok()          ? entry_idx.status().message()
                               : entry_idx->has_value() ? absl::StrCat(**entry_idx)
                                                        : "no leaf_index extension"));
  }
  // Step 3: the entry's timestamp and extensions are the SCT's.
  if (entry.timestamp != sct.timestamp) {
    return Failed(p, ProveStep::kTimestamp,
                  absl::StrCat("entry ", idx, " has timestamp ", entry.timestamp, ", the SCT ",
                               sct.timestamp));
  }
  if (ByteSpan(sct.extensions) != entry.extensions) {
    return Failed(p, ProveStep::kExtensions,
                  absl::StrCat("entry ", idx, " has other CtExtensions than the SCT"));
  }
  // Step 4: the SCT signs the entry (RFC 6962 §3.2), when the key is known.
  if (log != nullptr) {
    const Bytes leaf = MerkleTreeLeaf(entry);
    absl::Status s = log->VerifySignature(sct.signature, leaf);
    if (!s.ok()) {
      return Failed(
          p, ProveStep::kSctSignature,
          absl::StrCat("the SCT signature does not verify over entry ", idx, ": ", s.message()));
    }
    p->signature = SctProof::SignatureCheck::kVerified;
  } else {
    p->signature = SctProof::SignatureCheck::kNoKey;
  }
  // Step 5: the entry is this certificate's.
  if (ByteSpan(claim.tbs) != entry.certificate) {
    return Failed(p, ProveStep::kTbs,
                  absl::StrCat("the certificate's TBS without SCTs (", claim.tbs.size(),
                               " bytes) differs from entry ", idx, "'s TBS (",
                               entry.certificate.size(), " bytes)"));
  }
  if (!HashesEqual(claim.issuer_key_hash, entry.issuer_key_hash)) {
    return Failed(p, ProveStep::kIssuerKeyHash,
                  absl::StrCat("SHA-256 of the issuer SPKI is ", HashToHex(claim.issuer_key_hash),
                               ", entry ", idx, " has ", HashToHex(entry.issuer_key_hash)));
  }
  // Step 6: the entry is included in the checkpoint (RFC 9162 §2.1.3).
  const Hash leaf_hash = LeafHash(entry);
  p->leaf_hash = leaf_hash;
  TileHashReader reader(n, cp.checkpoint.root, &fetcher);
  absl::StatusOr<std::vector<Hash>> proof = InclusionProof(reader, idx, n);
  if (absl::IsDataLoss(proof.status())) {
    return Failed(p, ProveStep::kInclusion, std::string(proof.status().message()));
  }
  if (!proof.ok()) return proof.status();
  absl::Status inc = VerifyInclusion(leaf_hash, idx, n, *proof, cp.checkpoint.root);
  if (!inc.ok()) {
    return Failed(
        p, ProveStep::kInclusion,
        absl::StrCat("entry ", idx, " is not included in the checkpoint: ", inc.message()));
  }
  p->inclusion_proof = *std::move(proof);
  return absl::OkStatus();
}

}  // namespace

absl::string_view ProveStepName(ProveStep step) {
  switch (step) {
    case ProveStep::kNone:
      return "";
    case ProveStep::kLeafIndex:
      return "leaf_index";
    case ProveStep::kCheckpoint:
      return "checkpoint";
    case ProveStep::kEntry:
      return "entry";
    case ProveStep::kTimestamp:
      return "timestamp";
    case ProveStep::kExtensions:
      return "extensions";
    case ProveStep::kSctSignature:
      return "sct_signature";
    case ProveStep::kTbs:
      return "tbs";
    case ProveStep::kIssuerKeyHash:
      return "issuer_key_hash";
    case ProveStep::kInclusion:
      return "inclusion";
  }
  return "";
}

absl::StatusOr<EmbeddedScts> ReadEmbeddedScts(const Certificate& leaf, const Certificate& issuer) {
  EmbeddedScts out;
  absl::StatusOr<ByteSpan> list = EmbeddedSctList(leaf);
  if (!list.ok()) return Prefix("no embedded SCT list", list.status());
  absl::StatusOr<std::vector<SignedCertificateTimestamp>> scts = ParseSctList(*list);
  if (!scts.ok()) return Prefix("embedded SCT list", scts.status());
  out.scts = *std::move(scts);
  CT_ASSIGN_OR_RETURN(out.tbs, PrecertTbsFromCertificate(leaf));
  out.issuer_key_hash = issuer.SpkiHash();
  return out;
}

absl::StatusOr<ProofReport> ProveCertificate(Fetcher& fetcher, const VerifiedCheckpoint& checkpoint,
                                             const LogVerifier* log, const EmbeddedScts& claim) {
  ProofReport report;
  report.sct_signatures_checked = log != nullptr;
  size_t proven = 0, failed = 0;
  for (size_t i = 0; i < claim.scts.size(); ++i) {
    const SignedCertificateTimestamp& sct = claim.scts[i];
    if (log != nullptr && !HashesEqual(sct.log_id, log->log_id())) continue;  // another log's
    absl::StatusOr<std::optional<uint64_t>> idx = ParseLeafIndexExtension(sct.extensions);
    if (log == nullptr && !(idx.ok() && idx->has_value())) continue;  // not static-ct-api
    SctProof p;
    p.sct = i;
    p.log_id = sct.log_id;
    p.timestamp = sct.timestamp;
    if (!idx.ok()) {
      p.failed_step = ProveStep::kLeafIndex;
      p.error = std::string(idx.status().message());
    } else if (!idx->has_value()) {
      p.failed_step = ProveStep::kLeafIndex;
      p.error = "the SCT has no leaf_index extension";
    } else {
      p.leaf_index = **idx;
      CT_RETURN_IF_ERROR(ProveOne(fetcher, checkpoint, sct, **idx, log, claim, &p));
    }
    if (p.proven()) {
      ++proven;
    } else {
      ++failed;
    }
    report.scts.push_back(std::move(p));
  }
  report.considered = report.scts.size();
  // With the log's key every SCT from it must prove; with only a note key
  // the SCTs cannot be told apart by log, so one proven SCT is enough.
  report.proven = log != nullptr ? (report.considered > 0 && failed == 0) : proven > 0;
  if (report.considered == 0) {
    report.summary =
        log != nullptr ? absl::StrCat("the certificate has no embedded SCT from this log (log ID ",
                                      HashToBase64(log->log_id()), ")")
                       : "the certificate has no embedded SCT with a leaf_index extension";
  }
  return report;
}

}  // namespace ct
