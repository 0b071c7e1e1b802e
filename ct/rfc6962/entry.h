// File: ct/rfc6962/entry.h
// -----------------------------------------------------------------------------
// The two byte strings of an RFC 6962 get-entries item (§4.6):
//   leaf_input  MerkleTreeLeaf { version v1(0); leaf_type timestamped_entry(0);
//               TimestampedEntry }                                   (§3.4)
//   extra_data  x509_entry:    ASN.1Cert certificate_chain<0..2^24-1>
//               precert_entry: PrecertChainEntry { ASN.1Cert pre_certificate;
//                              ASN.1Cert precertificate_chain<0..2^24-1> }
// Parsed with CBS into views that alias the input. An entry_type other than
// x509/precert is reported as kUnimplemented (per entry: the leaf hash still
// covers it), malformed bytes as ct::MalformedError.
//
// Example:
//   absl::StatusOr<ct::LeafInput> leaf = ct::ParseLeafInput(raw.leaf_input);
//   absl::StatusOr<ct::ExtraData> extra = ct::ParseExtraData(leaf->entry.type, raw.extra_data);
//   absl::Status chains = ct::CheckEntryChain(*leaf, *extra);
#ifndef CT_RFC6962_ENTRY_H_
#define CT_RFC6962_ENTRY_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ct/base/bytes.h"
#include "ct/sct/signed_data.h"

namespace ct {

// LeafInput is a parsed MerkleTreeLeaf; `entry.certificate` and `extensions`
// alias the leaf_input bytes. Copyable and movable.
struct LeafInput {
  uint64_t timestamp = 0;  // ms since the Unix epoch
  SignedEntry entry;       // type, issuer_key_hash (precert), cert or TBS DER
  ByteSpan extensions;     // CtExtensions contents
};

// ParseLeafInput parses exactly one MerkleTreeLeaf (v1, timestamped_entry).
// kUnimplemented for an unknown entry_type; ct::MalformedError otherwise on
// bad version/leaf_type, truncation, an empty certificate or trailing bytes.
absl::StatusOr<LeafInput> ParseLeafInput(ByteSpan leaf_input ABSL_ATTRIBUTE_LIFETIME_BOUND);

// ExtraData is a parsed extra_data; spans alias the input. Copyable and movable.
struct ExtraData {
  ByteSpan pre_certificate;     // precert_entry only: the precertificate DER
  std::vector<ByteSpan> chain;  // issuer chain DER, the leaf's issuer first
};

// ParseExtraData parses `extra_data` for an entry of `type`;
// ct::MalformedError on truncation, empty certificates or trailing bytes.
absl::StatusOr<ExtraData> ParseExtraData(LogEntryType type,
                                         ByteSpan extra_data ABSL_ATTRIBUTE_LIFETIME_BOUND);

// SerializeExtraData is the inverse of ParseExtraData; kInvalidArgument if a
// certificate is empty or a length prefix overflows.
absl::StatusOr<Bytes> SerializeExtraData(LogEntryType type, const ExtraData& extra);

// CheckEntryChain checks that `extra` belongs to `leaf` (RFC 6962 §3.1):
// x509: chain[0]'s subject is the certificate's issuer; precert: the
// pre_certificate minus poison is the logged TBS (through a Precertificate
// Signing Certificate chain[0] if there is one) and issuer_key_hash is the
// final issuer's SPKI hash. kTampered if not; ct::MalformedError if a
// certificate does not parse.
absl::Status CheckEntryChain(const LeafInput& leaf, const ExtraData& extra);

}  // namespace ct

#endif  // CT_RFC6962_ENTRY_H_
