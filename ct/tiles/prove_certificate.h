// File: ct/tiles/prove_certificate.h
// -----------------------------------------------------------------------------
// Following a certificate's embedded SCTs to their entries in a static-ct-api
// log (Sunlight's CheckInclusion): for each SCT from the log, its leaf_index
// names the entry, which must be a precert_entry with that leaf_index, the
// SCT's timestamp and extensions, the certificate's TBS (without the SCT
// list) and the issuer's key hash; the SCT signature must verify over it
// (when the log's key is known), and the entry must be included in the
// verified checkpoint.
//
// Example:
//   absl::StatusOr<ct::EmbeddedScts> claim = ct::ReadEmbeddedScts(leaf, issuer);
//   absl::StatusOr<ct::ProofReport> r =
//       ct::ProveCertificate(*fetcher, checkpoint, &log_verifier, *claim);
//   if (r.ok() && !r->proven) ...;  // r->scts[i].failed_step says which check
#ifndef CT_TILES_PROVE_CERTIFICATE_H_
#define CT_TILES_PROVE_CERTIFICATE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/sct.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/fetcher.h"
#include "ct/x509/certificate.h"

namespace ct {

// EmbeddedScts is what a certificate's embedded SCTs signed (RFC 6962 §3.2).
struct EmbeddedScts {
  std::vector<SignedCertificateTimestamp> scts;  // in list order
  Bytes tbs;              // the certificate's TBSCertificate without the SCT list
  Hash issuer_key_hash{};  // SHA-256 of the issuer's SubjectPublicKeyInfo
};

// ReadEmbeddedScts extracts the embedded SCTs of `leaf`, the TBS they signed
// and `issuer`'s key hash. kNotFound ("no embedded SCT list: ...") or
// kInvalidArgument ("embedded SCT list: ...", or the TBS error) otherwise.
absl::StatusOr<EmbeddedScts> ReadEmbeddedScts(const Certificate& leaf, const Certificate& issuer);

// ProveStep names the check of one SCT that failed, in the order they run.
enum class ProveStep {
  kNone,            // proven
  kLeafIndex,       // no usable leaf_index extension
  kCheckpoint,      // leaf_index not below the checkpoint size
  kEntry,           // entry malformed, an x509_entry, or with another leaf_index
  kTimestamp,       // entry timestamp differs from the SCT's
  kExtensions,      // entry CtExtensions differ from the SCT's
  kSctSignature,    // the SCT signature does not verify over the entry
  kTbs,             // entry TBS differs from the certificate's
  kIssuerKeyHash,   // entry issuer_key_hash differs from the issuer's
  kInclusion,       // entry not included in the checkpoint
};

// ProveStepName returns "leaf_index", "checkpoint", "entry", "timestamp",
// "extensions", "sct_signature", "tbs", "issuer_key_hash", "inclusion" (or
// "" for kNone): the names `ct log prove` prints.
absl::string_view ProveStepName(ProveStep step);

// SctProof is the outcome for one embedded SCT from the log. Optional fields
// are set once the check that produces them is reached.
struct SctProof {
  size_t sct = 0;        // position in the embedded SCT list
  Hash log_id{};
  uint64_t timestamp = 0;
  std::optional<uint64_t> leaf_index;
  std::optional<std::string> data_tile;  // path of the entry's data tile
  // SignatureCheck says whether the SCT signature was checked.
  enum class SignatureCheck { kNotReached, kVerified, kNoKey };
  SignatureCheck signature = SignatureCheck::kNotReached;
  std::optional<Hash> leaf_hash;
  std::optional<std::vector<Hash>> inclusion_proof;  // set when proven
  ProveStep failed_step = ProveStep::kNone;
  std::string error;  // why `failed_step` failed, for people

  bool proven() const { return failed_step == ProveStep::kNone; }
};

// ProofReport is the outcome of ProveCertificate.
struct ProofReport {
  // proven: with the log's key, every SCT from the log (at least one) proved;
  // with a note key only (SCTs cannot be told apart by log), at least one did.
  bool proven = false;
  bool sct_signatures_checked = false;  // the log's key was given
  size_t considered = 0;                // SCTs attributed to the log (= scts.size())
  std::vector<SctProof> scts;
  // summary says why nothing was considered ("" if something was).
  std::string summary;
};

// ProveCertificate checks each SCT in `claim` that comes from the log behind
// `fetcher` against its entry and the verified `checkpoint`. With `log` (the
// log's key; may be null) SCTs are picked by log ID and their signatures
// checked; without it every SCT with a leaf_index extension is tried. A
// failed check is reported in the result; fetch errors other than a
// malformed data tile or a tile that does not match the checkpoint are
// returned as the status.
absl::StatusOr<ProofReport> ProveCertificate(Fetcher& fetcher,
                                             const VerifiedCheckpoint& checkpoint,
                                             const LogVerifier* log, const EmbeddedScts& claim);

}  // namespace ct

#endif  // CT_TILES_PROVE_CERTIFICATE_H_
