// File: ct/sct/internal/signed_data_hash.h
// One-pass SHA-256 of SCT signed data whose certificate bytes come in pieces
// (e.g. a spliced precertificate TBS), without building a buffer.
// Logically private: do not depend on this outside //ct.
#ifndef CT_SCT_INTERNAL_SIGNED_DATA_HASH_H_
#define CT_SCT_INTERNAL_SIGNED_DATA_HASH_H_

#include <openssl/sha.h>

#include <cstdint>

#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"

namespace ct::internal {

// HashSignedData returns SHA-256(prefix || signed data) where the entry's
// certificate bytes are `cert_len` bytes produced by
// for_each_piece(callback(absl::Span<const uint8_t>)). With leaf_prefix the
// 0x00 Merkle leaf prefix is hashed first (the leaf hash). Requires
// 0 < cert_len < 2^24 and sct.extensions.size() < 2^16 (callers check).
template <typename ForEachPiece>
Hash HashSignedData(const SignedCertificateTimestamp& sct, LogEntryType type,
                    const Hash& issuer_key_hash, size_t cert_len,
                    ForEachPiece&& for_each_piece, bool leaf_prefix = false) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  uint8_t head[1 + 2 + 8 + 2];
  size_t n = 0;
  if (leaf_prefix) head[n++] = 0x00;
  head[n++] = 0x00;  // sct_version v1 / MerkleTreeLeaf version v1
  head[n++] = 0x00;  // certificate_timestamp / timestamped_entry
  for (int shift = 56; shift >= 0; shift -= 8) {
    head[n++] = static_cast<uint8_t>(sct.timestamp >> shift);
  }
  head[n++] = static_cast<uint8_t>(static_cast<uint16_t>(type) >> 8);
  head[n++] = static_cast<uint8_t>(static_cast<uint16_t>(type));
  SHA256_Update(&ctx, head, n);
  if (type == LogEntryType::kPrecert) {
    SHA256_Update(&ctx, issuer_key_hash.data(), issuer_key_hash.size());
  }
  const uint8_t len24[3] = {static_cast<uint8_t>(cert_len >> 16),
                            static_cast<uint8_t>(cert_len >> 8),
                            static_cast<uint8_t>(cert_len)};
  SHA256_Update(&ctx, len24, 3);
  for_each_piece([&ctx](absl::Span<const uint8_t> piece) {
    SHA256_Update(&ctx, piece.data(), piece.size());
  });
  const uint8_t len16[2] = {static_cast<uint8_t>(sct.extensions.size() >> 8),
                            static_cast<uint8_t>(sct.extensions.size())};
  SHA256_Update(&ctx, len16, 2);
  SHA256_Update(&ctx, sct.extensions.data(), sct.extensions.size());
  Hash out;
  SHA256_Final(out.data(), &ctx);
  return out;
}

}  // namespace ct::internal

#endif  // CT_SCT_INTERNAL_SIGNED_DATA_HASH_H_
