#include "ct/sct/log_info.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_id.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

TEST(LogIdTest, IsSha256OfTheKey) {
  // SHA-256("") is the empty-tree root; SHA-256("abc") is FIPS 180-2's vector.
  EXPECT_EQ(LogIdFromKey({}), EmptyRoot());
  EXPECT_EQ(HashToHex(LogIdFromKey(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CheckpointOriginFromSubmissionUrlTest, StripsSchemeAndTrailingSlashes) {
  struct Case {
    const char *url;
    const char *want;
  } cases[] = {
      // The static-ct-api spec's own example.
      {"https://rome.ct.example.com/2024h1/", "rome.ct.example.com/2024h1"},
      {"https://rome.ct.example.com/2024h1", "rome.ct.example.com/2024h1"},
      {"https://ct.cloudflare.com/logs/raio2026h1a/",
       "ct.cloudflare.com/logs/raio2026h1a"},
      {"http://localhost:8080//", "localhost:8080"},
      {"https://s/", "s"},
  };
  for (const Case &c : cases) {
    absl::StatusOr<std::string> origin =
        CheckpointOriginFromSubmissionUrl(c.url);
    ASSERT_TRUE(origin.ok()) << c.url << ": " << origin.status();
    EXPECT_EQ(*origin, c.want) << c.url;
  }
}

TEST(CheckpointOriginFromSubmissionUrlTest, RejectsUrlsWithoutSchemeOrHost) {
  for (const char *url :
       {"", "rome.ct.example.com/2024h1/", "://x/", "https://", "https:///",
        "https:///path", "https:////"}) {
    absl::Status s = CheckpointOriginFromSubmissionUrl(url).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(ErrorKindOf(s), ErrorKind::kMalformed) << url;
  }
}

TEST(CheckpointOriginLineTest, ReadsTheFirstLine) {
  EXPECT_EQ(*CheckpointOriginLine("example.com/log\n5\nAAAA\n\n— sig\n"),
            "example.com/log");
  for (const char *note : {"", "no newline", "\n5\n"}) {
    absl::Status s = CheckpointOriginLine(note).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << note;
    EXPECT_EQ(ErrorKindOf(s), ErrorKind::kMalformed) << note;
  }
}

TEST(ResolveCheckpointOriginTest, UserBeatsSubmissionUrlBeatsCheckpoint) {
  const char kNote[] = "served.example/log\n5\nAAAA\n";
  LogInfo log;
  log.api = LogApi::kStaticCt;
  log.submission_url = "https://rome.ct.example.com/2024h1/";
  log.origin = *CheckpointOriginFromSubmissionUrl(log.submission_url);
  log.origin_source = OriginSource::kSubmissionUrl;

  LogInfo from_list = log;
  ASSERT_TRUE(ResolveCheckpointOrigin("", kNote, &from_list).ok());
  EXPECT_EQ(from_list.origin, "rome.ct.example.com/2024h1");
  EXPECT_EQ(from_list.origin_source, OriginSource::kSubmissionUrl);

  LogInfo from_user = log;
  ASSERT_TRUE(ResolveCheckpointOrigin("given.example", kNote, &from_user).ok());
  EXPECT_EQ(from_user.origin, "given.example");
  EXPECT_EQ(from_user.origin_source, OriginSource::kUser);

  LogInfo unknown;  // e.g. --key and --url only
  ASSERT_TRUE(ResolveCheckpointOrigin("", kNote, &unknown).ok());
  EXPECT_EQ(unknown.origin, "served.example/log");
  EXPECT_EQ(unknown.origin_source, OriginSource::kCheckpoint);
  EXPECT_FALSE(OriginIdentifiesLog(unknown.origin_source));

  LogInfo bad;
  absl::Status s = ResolveCheckpointOrigin("", "garbage", &bad);
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kMalformed);
  EXPECT_EQ(bad.origin_source, OriginSource::kUnknown);
}

TEST(OriginIdentifiesLogTest, OnlyKnownOriginsIdentifyALog) {
  EXPECT_TRUE(OriginIdentifiesLog(OriginSource::kSubmissionUrl));
  EXPECT_TRUE(OriginIdentifiesLog(OriginSource::kUser));
  EXPECT_FALSE(OriginIdentifiesLog(OriginSource::kCheckpoint));
  EXPECT_FALSE(OriginIdentifiesLog(OriginSource::kUnknown));
}

TEST(LogInfoNamesTest, NamesAreStable) {
  EXPECT_EQ(LogApiName(LogApi::kRfc6962), "rfc6962");
  EXPECT_EQ(LogApiName(LogApi::kStaticCt), "static-ct-api");
  EXPECT_EQ(LogStateName(LogState::kReadOnly), "readonly");
  EXPECT_EQ(OriginSourceName(OriginSource::kCheckpoint), "checkpoint");
}

TEST(OperatorAtTest, EndTimeIsExclusive) {
  LogInfo log;
  log.operator_name = "now";
  const absl::Time end = absl::FromUnixSeconds(1000);
  log.previous_operators.push_back(PreviousOperator{"before", end});
  EXPECT_EQ(OperatorAt(log, end - absl::Seconds(1)), "before");
  EXPECT_EQ(OperatorAt(log, end), "now");
}

}  // namespace
}  // namespace ct
