// Fuzz target: the LogWriter's entry encoding (EncodeEntry on the shared
// ct/sct and ct/tiles codecs) round-trips. Arbitrary input bytes become one
// entry's fields; the encoder must reject them exactly when they break a TLS
// vector bound, or produce a TileLeaf that both a CBS parser written here and
// ct::ParseTileLeaf read back field for field, with the MerkleTreeLeaf equal
// to 00 00 || the TileLeaf's TimestampedEntry.
#include <openssl/bytestring.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/writer/internal/entry_encoder.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool SameBytes(CBS* cbs, absl::Span<const uint8_t> want) {
  return CBS_len(cbs) == want.size() &&
         (want.empty() || std::memcmp(CBS_data(cbs), want.data(),
                                      want.size()) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Layout: flags(1) | index(5) | timestamp(8) | cert_len(2) | tbs... rest.
  if (size < 16) return 0;
  const uint8_t flags = data[0];
  uint64_t index = 0, ts = 0;
  for (int i = 1; i < 6; ++i) index = (index << 8) | data[i];
  for (int i = 6; i < 14; ++i) ts = (ts << 8) | data[i];
  if (flags & 0x80) index |= uint64_t{1} << 40;  // sometimes out of range
  size_t cert_len = (size_t{data[14]} << 8) | data[15];
  const uint8_t* rest = data + 16;
  size_t rest_len = size - 16;
  if (cert_len > rest_len) cert_len = rest_len;
  const bool precert = flags & 1;
  const absl::Span<const uint8_t> certificate =
      absl::MakeConstSpan(rest, cert_len);
  rest += cert_len;
  rest_len -= cert_len;
  ct::Hash ikh{};
  if (precert) {
    const size_t ikh_len = rest_len < 32 ? rest_len : 32;
    std::memcpy(ikh.data(), rest, ikh_len);
    rest += ikh_len;
    rest_len -= ikh_len;
  }
  const size_t n_fps = (flags >> 2) & 7;
  std::vector<ct::Hash> fps(n_fps);
  for (size_t i = 0; i < n_fps; ++i) fps[i].fill(static_cast<uint8_t>(i));
  const absl::Span<const uint8_t> pre_certificate =
      absl::MakeConstSpan(rest, rest_len);
  const ct::SignedEntry entry = precert
                                    ? ct::SignedEntry::Precert(ikh, certificate)
                                    : ct::SignedEntry::X509(certificate);

  const bool valid = !certificate.empty() && index < (uint64_t{1} << 40) &&
                     (!precert || !pre_certificate.empty());
  absl::StatusOr<ct::internal::EncodedEntry> e = ct::internal::EncodeEntry(
      ts, index, entry, precert ? pre_certificate : absl::Span<const uint8_t>(),
      fps);
  Check(e.ok() == valid);
  if (!e.ok()) return 0;

  // The leaf_index extension: 00 0005 <uint40>.
  CBS ext_cbs;
  CBS_init(&ext_cbs, e->extensions.data(), e->extensions.size());
  uint8_t ext_type;
  uint16_t ext_len;
  uint8_t hi;
  uint32_t lo;
  Check(CBS_get_u8(&ext_cbs, &ext_type) && ext_type == 0 &&
        CBS_get_u16(&ext_cbs, &ext_len) && ext_len == 5 &&
        CBS_get_u8(&ext_cbs, &hi) && CBS_get_u32(&ext_cbs, &lo) &&
        ((uint64_t{hi} << 32) | lo) == index && CBS_len(&ext_cbs) == 0);

  // Parse back with CBS.
  const ct::Bytes& tile_leaf = e->tile_leaf;
  CBS cbs, cert, ext, precert_cbs, fp_list;
  CBS_init(&cbs, tile_leaf.data(), tile_leaf.size());
  uint64_t got_ts;
  uint16_t type;
  Check(CBS_get_u64(&cbs, &got_ts) && got_ts == ts);
  Check(CBS_get_u16(&cbs, &type) && type == (precert ? 1 : 0));
  if (precert) {
    CBS ikh_cbs;
    Check(CBS_get_bytes(&cbs, &ikh_cbs, 32) && SameBytes(&ikh_cbs, ikh));
  }
  Check(CBS_get_u24_length_prefixed(&cbs, &cert) &&
        SameBytes(&cert, certificate));
  Check(CBS_get_u16_length_prefixed(&cbs, &ext) &&
        SameBytes(&ext, e->extensions));
  const size_t te_len = tile_leaf.size() - CBS_len(&cbs);
  Check(e->merkle_tree_leaf.size() == 2 + te_len &&
        e->merkle_tree_leaf[0] == 0 && e->merkle_tree_leaf[1] == 0 &&
        std::memcmp(e->merkle_tree_leaf.data() + 2, tile_leaf.data(),
                    te_len) == 0);
  if (precert) {
    Check(CBS_get_u24_length_prefixed(&cbs, &precert_cbs) &&
          SameBytes(&precert_cbs, pre_certificate));
  }
  Check(CBS_get_u16_length_prefixed(&cbs, &fp_list) &&
        CBS_len(&fp_list) == 32 * n_fps);
  for (size_t i = 0; i < n_fps; ++i) {
    CBS fp;
    Check(CBS_get_bytes(&fp_list, &fp, 32) && SameBytes(&fp, fps[i]));
  }
  Check(CBS_len(&cbs) == 0);

  // And with the reader's parser: same record, same leaf hash.
  ct::ByteSpan in = tile_leaf;
  absl::StatusOr<ct::TileLeaf> parsed = ct::ParseTileLeaf(&in);
  Check(parsed.ok() && in.empty() && parsed->timestamp == ts &&
        parsed->chain == fps);
  Check(ct::LeafHash(*parsed) == ct::HashLeaf(e->merkle_tree_leaf));
  return 0;
}
