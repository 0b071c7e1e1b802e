#include "ct/sct/trans_item.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "ct/base/errors.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::HexDecode;

std::string Hex(const std::vector<uint8_t>& b) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

std::vector<uint8_t> Repeat(uint8_t b, size_t n) { return std::vector<uint8_t>(n, b); }

// Hand-assembled from the RFC 9162 presentation-language definitions.
// x509_sct_v2: type 0003 | LogID<2..127> 03 2b0601 | timestamp 8 bytes |
// sct_extensions<0..2^16-1> 0006 { 0000 0002 abcd } | signature 0003 010203
constexpr char kSctV2Hex[] =
    "0003" "032b0601" "00000000000004d2" "0006" "00000002abcd" "0003010203";

TEST(TransItemTest, ParsesHandAssembledSctV2) {
  absl::StatusOr<TransItem> item = ParseTransItem(HexDecode(kSctV2Hex));
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(item->type, TransType::kX509SctV2);
  const auto& sct = std::get<SignedCertificateTimestampDataV2>(item->data);
  EXPECT_EQ(Hex(sct.log_id), "2b0601");
  EXPECT_EQ(sct.timestamp, 1234u);
  ASSERT_EQ(sct.sct_extensions.size(), 1u);
  EXPECT_EQ(sct.sct_extensions[0].type, 0);
  EXPECT_EQ(Hex(sct.sct_extensions[0].data), "abcd");
  EXPECT_EQ(Hex(sct.signature), "010203");
  EXPECT_EQ(Hex(*SerializeTransItem(*item)), kSctV2Hex);
}

std::vector<TransItem> AllTypes() {
  std::vector<TransItem> items;
  TimestampedCertificateEntryDataV2 entry{7, Repeat(1, 32), {0x30, 0x00}, {{1, {9}}, {5, {}}}};
  items.push_back({TransType::kX509EntryV2, entry});
  items.push_back({TransType::kPrecertEntryV2, entry});
  SignedCertificateTimestampDataV2 sct{{0x2b, 0x06}, 8, {}, {1, 2, 3}};
  items.push_back({TransType::kX509SctV2, sct});
  items.push_back({TransType::kPrecertSctV2, sct});
  SignedTreeHeadDataV2 sth{{0x2b, 0x06}, {9, 10, Repeat(2, 32), {}}, {4}};
  items.push_back({TransType::kSignedTreeHeadV2, sth});
  ConsistencyProofDataV2 cons{{0x2b, 0x06}, 3, 8, {Repeat(3, 32), Repeat(4, 48)}};
  items.push_back({TransType::kConsistencyProofV2, cons});
  InclusionProofDataV2 incl{{0x2b, 0x06}, 8, 2, {}};
  items.push_back({TransType::kInclusionProofV2, incl});
  return items;
}

TEST(TransItemTest, RoundTripsEveryType) {
  for (const TransItem& item : AllTypes()) {
    absl::StatusOr<std::vector<uint8_t>> bytes = SerializeTransItem(item);
    ASSERT_TRUE(bytes.ok()) << static_cast<int>(item.type) << bytes.status();
    absl::StatusOr<TransItem> back = ParseTransItem(*bytes);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, item);
    EXPECT_EQ(*SerializeTransItem(*back), *bytes);
    for (size_t n = 0; n < bytes->size(); ++n) {
      std::vector<uint8_t> prefix(bytes->begin(), bytes->begin() + n);
      EXPECT_EQ(ParseTransItem(prefix).status().code(),
                absl::StatusCode::kInvalidArgument);
    }
  }
  std::vector<TransItem> all = AllTypes();
  absl::StatusOr<std::vector<uint8_t>> list = SerializeTransItemList(all);
  ASSERT_TRUE(list.ok());
  absl::StatusOr<std::vector<TransItem>> parsed = ParseTransItemList(*list);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, all);
}

TEST(TransItemTest, LeafHashIsHashOfSerializedEntry) {
  TransItem entry = AllTypes()[0];
  std::vector<uint8_t> bytes = *SerializeTransItem(entry);
  EXPECT_EQ(*TransItemLeafHash(entry), HashLeaf(bytes));
  EXPECT_EQ(TransItemLeafHash(AllTypes()[2]).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TransItemTest, RejectsBoundViolations) {
  auto bad = [](const std::string& hex) {
    return ParseTransItem(HexDecode(hex)).status().code();
  };
  const auto kBad = absl::StatusCode::kInvalidArgument;
  EXPECT_EQ(bad("0000"), kBad);                       // reserved type
  EXPECT_EQ(bad("0008"), kBad);                       // unknown type
  EXPECT_EQ(bad(std::string(kSctV2Hex) + "00"), kBad);  // trailing byte
  // LogID of 1 byte.
  EXPECT_EQ(bad("0003" "012b" "00000000000004d2" "0000" "0001ff"), kBad);
  // Empty signature.
  EXPECT_EQ(bad("0003" "032b0601" "00000000000004d2" "0000" "0000"), kBad);
  // Extensions out of order, and duplicated.
  EXPECT_EQ(bad("0003" "032b0601" "00000000000004d2" "0008" "00010000" "00000000" "0001ff"), kBad);
  EXPECT_EQ(bad("0003" "032b0601" "00000000000004d2" "0008" "00010000" "00010000" "0001ff"), kBad);
  // Inclusion path node of 31 bytes.
  EXPECT_EQ(bad("0007" "022b06" "0000000000000008" "0000000000000002" "0020" "1f" +
                std::string(62, 'a')),
            kBad);
  // Serialization refuses data that does not match the type.
  TransItem mismatched{TransType::kSignedTreeHeadV2,
                       SignedCertificateTimestampDataV2{{0x2b, 0x06}, 1, {}, {1}}};
  EXPECT_EQ(SerializeTransItem(mismatched).status().code(), kBad);
  EXPECT_EQ(SerializeTransItemList({}).status().code(), kBad);
  EXPECT_EQ(ParseTransItemList(HexDecode("0000")).status().code(), kBad);
  EXPECT_EQ(ParseTransItemList(HexDecode("00020000")).status().code(), kBad);
  // Malformed input is classified, with the structure named in the text.
  absl::Status reserved = ParseTransItem(HexDecode("0000")).status();
  EXPECT_EQ(ErrorKindOf(reserved), ErrorKind::kMalformed);
  EXPECT_EQ(reserved.message().substr(0, 12), "trans_item: ");
}

}  // namespace
}  // namespace ct
