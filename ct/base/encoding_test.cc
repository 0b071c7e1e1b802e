#include "ct/base/encoding.h"

#include <string>

#include "absl/status/status.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

// RFC 4648 §10 test vectors.
struct Vector {
  const char* data;
  const char* base64;
  const char* hex;
};
constexpr Vector kVectors[] = {
    {"", "", ""},
    {"f", "Zg==", "66"},
    {"fo", "Zm8=", "666f"},
    {"foo", "Zm9v", "666f6f"},
    {"foob", "Zm9vYg==", "666f6f62"},
    {"fooba", "Zm9vYmE=", "666f6f6261"},
    {"foobar", "Zm9vYmFy", "666f6f626172"},
};

TEST(Base64Test, EncodesAndDecodesRfc4648Vectors) {
  for (const Vector& v : kVectors) {
    EXPECT_EQ(Base64Encode(AsBytes(v.data)), v.base64);
    absl::StatusOr<Bytes> got = Base64Decode(v.base64);
    ASSERT_TRUE(got.ok()) << v.base64 << ": " << got.status();
    EXPECT_EQ(*got, ToBytes(v.data)) << v.base64;
  }
}

TEST(Base64Test, RoundTripsEveryByteValue) {
  Bytes all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<uint8_t>(i));
  for (size_t n = 0; n <= all.size(); n += 37) {
    const ByteSpan in(all.data(), n);
    absl::StatusOr<Bytes> back = Base64Decode(Base64Encode(in));
    ASSERT_TRUE(back.ok()) << n;
    EXPECT_EQ(*back, Bytes(in.begin(), in.end()));
  }
}

TEST(Base64Test, RejectsEverythingButTheCanonicalForm) {
  for (const char* bad : {
           "Zg",          // missing padding
           "Zg=",         // missing padding
           "Zm9vYg",      // missing padding
           "Zh==",        // non-zero trailing bits (canonical: Zg==)
           "Zm9=",        // non-zero trailing bits (canonical: Zm8=)
           " Zg=",        // whitespace
           "Zg==\n",      // trailing newline
           "Zm9v\nYmFy",  // line break
           "Zm 9",        // space
           "Zm9-",        // URL-safe alphabet
           "Zm9_",        // URL-safe alphabet
           "Z===",        // too much padding
           "====",        // only padding
           "=Zm9",        // padding first
           "Zg==Zg==",    // padding in the middle
       }) {
    absl::StatusOr<Bytes> got = Base64Decode(bad);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ErrorKindOf(got.status()), ErrorKind::kMalformed) << bad;
  }
  EXPECT_EQ(Base64Decode(std::string("Zm9v\0\0\0\0", 8)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(HexTest, EncodesLowercaseAndDecodesEitherCase) {
  for (const Vector& v : kVectors) {
    EXPECT_EQ(HexEncode(AsBytes(v.data)), v.hex);
    EXPECT_EQ(*HexDecode(v.hex), ToBytes(v.data));
  }
  EXPECT_EQ(*HexDecode("DEADbeef"), (Bytes{0xde, 0xad, 0xbe, 0xef}));
}

TEST(HexTest, RejectsOddLengthAndNonHexDigits) {
  for (const char* bad : {"0", "abc", "0g", "zz", " 00", "00 ", "0x00", "-1"}) {
    absl::StatusOr<Bytes> got = HexDecode(bad);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ErrorKindOf(got.status()), ErrorKind::kMalformed) << bad;
  }
  EXPECT_EQ(HexDecode(std::string("00\0", 4)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ct
