#include "ct/merkle/hash.h"

#include <openssl/mem.h>
#include <openssl/sha.h>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"

namespace ct {

Hash HashLeaf(absl::Span<const uint8_t> data) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  const uint8_t prefix = kLeafHashPrefix;
  SHA256_Update(&ctx, &prefix, 1);
  SHA256_Update(&ctx, data.data(), data.size());
  Hash out;
  SHA256_Final(out.data(), &ctx);
  return out;
}

Hash HashLeaf(absl::string_view data) { return HashLeaf(AsBytes(data)); }

namespace internal {

#if defined(__SSE2__)
namespace {
// ByteSwap32Lanes reverses the bytes of each 32-bit lane (SSE2 only: swap
// the 16-bit halves, then the bytes within each half).
inline __m128i ByteSwap32Lanes(__m128i x) {
  x = _mm_shufflehi_epi16(_mm_shufflelo_epi16(x, 0xb1), 0xb1);
  return _mm_or_si128(_mm_slli_epi16(x, 8), _mm_srli_epi16(x, 8));
}

// Load16 and Store16 move 16 bytes between memory and a register; memcpy
// compiles to one unaligned load/store (movdqu) without type-punning casts.
inline __m128i Load16(const void* p) {
  __m128i v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
inline void Store16(void* p, __m128i v) { std::memcpy(p, &v, sizeof(v)); }
}  // namespace
#endif

// An interior node hashes exactly 65 bytes, i.e. two SHA-256 blocks whose
// padding is fixed (FIPS 180-4 §5.1.1): block 1 = 0x01 || left ||
// right[0..30], block 2 = right[31] || 0x80 || zeros || the bit length 520
// as a big-endian uint64. Running the compression function on those two
// blocks directly skips SHA256_Init/Update/Final bookkeeping. With SSE2 the
// blocks are assembled in registers and written with aligned 16-byte stores,
// so the compression function's loads are forwarded from the stores instead
// of stalling on the odd 1-byte offset. The result equals SHA256() of the
// 65 bytes (checked in hash_test against the reference tree and SHA256()).
void HashChildrenInto(const uint8_t* left, const uint8_t* right, uint8_t* out) {
#if defined(__SSE2__)
  const __m128i l0 = Load16(left);
  const __m128i l1 = Load16(left + 16);
  const __m128i r0 = Load16(right);
  const __m128i r1 = Load16(right + 16);
  alignas(16) uint8_t blocks[128];
  uint8_t* b = blocks;
  // Each 16-byte lane is the previous lane's last byte followed by 15 bytes.
  Store16(b + 0, _mm_or_si128(_mm_slli_si128(l0, 1), _mm_cvtsi32_si128(kNodeHashPrefix)));
  Store16(b + 16, _mm_or_si128(_mm_slli_si128(l1, 1), _mm_srli_si128(l0, 15)));
  Store16(b + 32, _mm_or_si128(_mm_slli_si128(r0, 1), _mm_srli_si128(l1, 15)));
  Store16(b + 48, _mm_or_si128(_mm_slli_si128(r1, 1), _mm_srli_si128(r0, 15)));
  // right[31], then the 0x80 end marker.
  Store16(b + 64, _mm_or_si128(_mm_srli_si128(r1, 15), _mm_cvtsi32_si128(0x8000)));
  Store16(b + 80, _mm_setzero_si128());
  Store16(b + 96, _mm_setzero_si128());
  // Bytes 126..127 = 520 = 0x0208 big-endian (the top lane, little-endian).
  Store16(b + 112, _mm_set_epi32(0x08020000, 0, 0, 0));
  alignas(16) uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                   0xa54ff53a, 0x510e527f, 0x9b05688c,
                                   0x1f83d9ab, 0x5be0cd19};
  SHA256_TransformBlocks(state, blocks, 2);
  // The digest is the state words big-endian: byte-swap each 32-bit lane and
  // write 16 bytes at a time, so that the next node hash (which often reads
  // this output right away) loads it without a store-forwarding stall.
  Store16(out, ByteSwap32Lanes(Load16(state)));
  Store16(out + 16, ByteSwap32Lanes(Load16(state + 4)));
#else
  uint8_t buf[1 + 2 * kHashSize];
  buf[0] = kNodeHashPrefix;
  std::memcpy(buf + 1, left, kHashSize);
  std::memcpy(buf + 1 + kHashSize, right, kHashSize);
  SHA256(buf, sizeof(buf), out);
#endif
}

}  // namespace internal

Hash HashChildren(const Hash& left, const Hash& right) {
  Hash out;
  internal::HashChildrenInto(left.data(), right.data(), out.data());
  return out;
}

Hash Sha256(absl::Span<const uint8_t> data) {
  Hash out;
  SHA256(data.data(), data.size(), out.data());
  return out;
}

Hash EmptyRoot() {
  Hash out;
  SHA256(nullptr, 0, out.data());
  return out;
}

absl::StatusOr<Hash> HashFromBytes(absl::Span<const uint8_t> bytes) {
  if (bytes.size() != kHashSize) {
    return absl::InvalidArgumentError(
        absl::StrFormat("hash is %d bytes, want %d", bytes.size(), kHashSize));
  }
  Hash out;
  std::memcpy(out.data(), bytes.data(), kHashSize);
  return out;
}

absl::StatusOr<Hash> HashFromBytes(absl::string_view bytes) {
  return HashFromBytes(AsBytes(bytes));
}

absl::StatusOr<Hash> HashFromText(absl::string_view text) {
  // Exactly 64 hex digits or the canonical padded 44-character base64, so that
  // every hash has one spelling per encoding.
  absl::StatusOr<Bytes> bytes;
  if (text.size() == 2 * kHashSize) {
    bytes = HexDecode(text);
  } else if (text.size() == 44) {
    bytes = Base64Decode(text);
  } else {
    return absl::InvalidArgumentError(absl::StrFormat(
        "hash \"%s\" is neither 64 hex digits nor 44 characters of base64",
        text.substr(0, 100)));
  }
  if (!bytes.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "hash \"%s\": %s", text, bytes.status().message()));
  }
  return HashFromBytes(*bytes);
}

std::string HashToHex(const Hash& hash) { return HexEncode(hash); }

std::string HashToBase64(const Hash& hash) { return Base64Encode(hash); }

bool HashesEqual(const Hash& a, const Hash& b) {
  return CRYPTO_memcmp(a.data(), b.data(), kHashSize) == 0;
}

}  // namespace ct
