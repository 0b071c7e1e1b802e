#include "ct/base/errors.h"

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "ct/base/bytes.h"

namespace ct {
namespace {

TEST(ErrorsTest, MalformedCarriesKindAndCode) {
  absl::Status s = MalformedError("sct", "3 trailing bytes");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "sct: 3 trailing bytes");
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kMalformed);
  EXPECT_FALSE(IsVerificationFailure(s));
}

TEST(ErrorsTest, EachKindHasItsCode) {
  EXPECT_EQ(MakeError(ErrorKind::kRootMismatch, "x").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MakeError(ErrorKind::kBadSignature, "x").code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(MakeError(ErrorKind::kInconsistent, "x").code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(MakeError(ErrorKind::kTampered, "x").code(), absl::StatusCode::kDataLoss);
  for (ErrorKind k : {ErrorKind::kRootMismatch, ErrorKind::kBadSignature,
                      ErrorKind::kInconsistent, ErrorKind::kTampered}) {
    EXPECT_EQ(ErrorKindOf(MakeError(k, "x")), k);
    EXPECT_TRUE(IsVerificationFailure(MakeError(k, "x")));
  }
}

TEST(ErrorsTest, PlainStatusIsUnclassified) {
  EXPECT_EQ(ErrorKindOf(absl::OkStatus()), ErrorKind::kUnclassified);
  EXPECT_EQ(ErrorKindOf(absl::InvalidArgumentError("malformed")), ErrorKind::kUnclassified);
  EXPECT_EQ(ErrorKindOf(absl::UnauthenticatedError("x")), ErrorKind::kUnclassified);
}

TEST(ErrorsTest, PrefixKeepsCodeAndKind) {
  absl::Status s = Prefix("entry 7", MakeError(ErrorKind::kTampered, "leaf hash"));
  EXPECT_EQ(s.message(), "entry 7: leaf hash");
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kTampered);
  EXPECT_TRUE(Prefix("x", absl::OkStatus()).ok());
  EXPECT_EQ(ErrorKindOf(WithKind(absl::NotFoundError("n"), ErrorKind::kTampered)),
            ErrorKind::kTampered);
}

absl::StatusOr<int> Twice(absl::StatusOr<int> v) {
  CT_ASSIGN_OR_RETURN(int x, std::move(v));
  CT_RETURN_IF_ERROR(x < 0 ? absl::OutOfRangeError("neg") : absl::OkStatus());
  return 2 * x;
}

TEST(ErrorsTest, Macros) {
  EXPECT_EQ(*Twice(3), 6);
  EXPECT_EQ(Twice(absl::NotFoundError("n")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Twice(-1).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(BytesTest, ViewsAliasWithoutCopy) {
  std::string s = "ab\0c";
  ByteSpan b = AsBytes(s);
  EXPECT_EQ(b.data(), reinterpret_cast<const uint8_t*>(s.data()));
  EXPECT_EQ(AsChars(b).data(), s.data());
  EXPECT_EQ(ToString(ToBytes(s)), s);
  std::string buf(2, '\0');
  AsMutableBytes(buf)[1] = 'z';
  EXPECT_EQ(buf[1], 'z');
}

}  // namespace
}  // namespace ct
