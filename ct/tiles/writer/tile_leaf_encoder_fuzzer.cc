// Fuzz target: EncodeTileLeaf round-trips. Arbitrary input bytes become one
// entry's fields; the encoder must either reject them exactly when they break
// a TLS vector bound, or produce a TileLeaf that a CBS parser written here
// reads back field for field, with the MerkleTreeLeaf a prefix of 00 00 ||
// TileLeaf.
#include <openssl/bytestring.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ct/merkle/hash.h"
#include "ct/tiles/writer/internal/tile_leaf_encoder.h"

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
  ct::internal::TileLeafInput in;
  in.timestamp_ms = ts;
  in.leaf_index = index;
  in.is_precert = flags & 1;
  in.certificate = absl::MakeConstSpan(rest, cert_len);
  rest += cert_len;
  rest_len -= cert_len;
  size_t ikh_len = (flags & 2) ? 31 : 32;
  if (ikh_len > rest_len) ikh_len = rest_len;
  if (in.is_precert) {
    in.issuer_key_hash = absl::MakeConstSpan(rest, ikh_len);
    rest += ikh_len;
    rest_len -= ikh_len;
  }
  const size_t n_fps = (flags >> 2) & 7;
  std::vector<ct::Hash> fps(n_fps);
  for (size_t i = 0; i < n_fps; ++i) fps[i].fill(static_cast<uint8_t>(i));
  in.chain_fingerprints = fps;
  in.pre_certificate = absl::MakeConstSpan(rest, rest_len);

  const bool valid =
      !in.certificate.empty() && index <= ct::internal::kMaxLeafIndex &&
      (!in.is_precert ||
       (in.issuer_key_hash.size() == 32 && !in.pre_certificate.empty()));
  absl::StatusOr<ct::internal::EncodedTileLeaf> e =
      ct::internal::EncodeTileLeaf(in);
  Check(e.ok() == valid);
  if (!e.ok()) return 0;

  // Parse back.
  absl::Span<const uint8_t> all = e->bytes;
  Check(all.size() >= 2 && all[0] == 0 && all[1] == 0);
  absl::Span<const uint8_t> tile_leaf = e->tile_leaf();
  CBS cbs, cert, ext, precert, fp_list;
  CBS_init(&cbs, tile_leaf.data(), tile_leaf.size());
  uint64_t got_ts;
  uint16_t type;
  Check(CBS_get_u64(&cbs, &got_ts) && got_ts == ts);
  Check(CBS_get_u16(&cbs, &type) && type == (in.is_precert ? 1 : 0));
  if (in.is_precert) {
    CBS ikh;
    Check(CBS_get_bytes(&cbs, &ikh, 32) && SameBytes(&ikh, in.issuer_key_hash));
  }
  Check(CBS_get_u24_length_prefixed(&cbs, &cert) &&
        SameBytes(&cert, in.certificate));
  const auto want_ext = ct::internal::LeafIndexExtension(index);
  Check(CBS_get_u16_length_prefixed(&cbs, &ext) && SameBytes(&ext, want_ext));
  Check(e->merkle_tree_leaf_size == 2 + (tile_leaf.size() - CBS_len(&cbs)));
  if (in.is_precert) {
    Check(CBS_get_u24_length_prefixed(&cbs, &precert) &&
          SameBytes(&precert, in.pre_certificate));
  }
  Check(CBS_get_u16_length_prefixed(&cbs, &fp_list) &&
        CBS_len(&fp_list) == 32 * n_fps);
  for (size_t i = 0; i < n_fps; ++i) {
    CBS fp;
    Check(CBS_get_bytes(&fp_list, &fp, 32) && SameBytes(&fp, fps[i]));
  }
  Check(CBS_len(&cbs) == 0);
  return 0;
}
