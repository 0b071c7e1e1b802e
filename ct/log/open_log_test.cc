#include "ct/log/open_log.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ct/base/encoding.h"
#include "ct/base/errors.h"
#include "ct/sct/log_id.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

LogInfo Log(std::string description, uint8_t key_byte, LogApi api) {
  LogInfo log;
  log.description = std::move(description);
  log.api = api;
  log.key = Bytes(91, key_byte);
  log.log_id = LogIdFromKey(log.key);
  log.url = "https://example.com/log/";
  log.submission_url = "https://tiles.example.com/2026h1/";
  log.monitoring_url = "https://mon.example.com/2026h1/";
  return log;
}

LogList List() {
  absl::StatusOr<LogList> list =
      LogList::Create("1", absl::nullopt,
                      {Log("Example 'One' log", 1, LogApi::kRfc6962),
                       Log("Example 'Two' log", 2, LogApi::kStaticCt),
                       Log("Same", 3, LogApi::kRfc6962), Log("same", 4, LogApi::kRfc6962)});
  EXPECT_TRUE(list.ok()) << list.status();
  return *std::move(list);
}

TEST(FindLogInListTest, ByDescriptionOrLogId) {
  LogList list = List();
  absl::StatusOr<const LogInfo*> one = FindLogInList(list, "example 'ONE' log");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ((*one)->description, "Example 'One' log");
  const LogId two = LogIdFromKey(Bytes(91, 2));
  for (const std::string& id : {Base64Encode(two), HexEncode(two), absl::StrCat(" ", HexEncode(two))}) {
    absl::StatusOr<const LogInfo*> found = FindLogInList(list, id);
    ASSERT_TRUE(found.ok()) << id << found.status();
    EXPECT_EQ((*found)->description, "Example 'Two' log");
  }
}

TEST(FindLogInListTest, HostileNames) {
  LogList list = List();
  EXPECT_TRUE(absl::IsNotFound(FindLogInList(list, "").status()));
  EXPECT_TRUE(absl::IsNotFound(FindLogInList(list, "no such log").status()));
  EXPECT_TRUE(absl::IsNotFound(FindLogInList(list, std::string(64, 'a')).status()));
  EXPECT_TRUE(absl::IsNotFound(FindLogInList(list, HexEncode(Bytes(32, 9))).status()));
  EXPECT_TRUE(absl::IsNotFound(FindLogInList(list, std::string("\0\xff", 2)).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(FindLogInList(list, "SAME").status()));
}

TEST(LogInfoFromLocationTest, BothKinds) {
  const Bytes key(91, 7);
  absl::StatusOr<LogInfo> rfc =
      LogInfoFromLocation("https://ct.example/log", LogApi::kRfc6962, key, "");
  ASSERT_TRUE(rfc.ok()) << rfc.status();
  EXPECT_EQ(rfc->url, "https://ct.example/log/");
  EXPECT_EQ(rfc->log_id, LogIdFromKey(key));
  EXPECT_EQ(rfc->origin_source, OriginSource::kUnknown);

  absl::StatusOr<LogInfo> tiles = LogInfoFromLocation("/srv/log", LogApi::kStaticCt, {}, "o.example");
  ASSERT_TRUE(tiles.ok()) << tiles.status();
  EXPECT_EQ(tiles->monitoring_url, "/srv/log");
  EXPECT_EQ(tiles->origin, "o.example");
  EXPECT_EQ(tiles->origin_source, OriginSource::kUser);

  EXPECT_TRUE(absl::IsInvalidArgument(
      LogInfoFromLocation("/srv/log", LogApi::kRfc6962, key, "").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      LogInfoFromLocation("https://ct.example/", LogApi::kRfc6962, {}, "").status()));
}

TEST(OpenLogTest, RejectsBadInputWithoutNetwork) {
  OpenLogOptions o;
  LogInfo bad_key = Log("x", 1, LogApi::kRfc6962);  // 91 bytes of 0x01: no SPKI
  EXPECT_FALSE(OpenLog(bad_key, o).ok());
  LogInfo ftp = Log("x", 1, LogApi::kRfc6962);
  ftp.url = "ftp://example.com/";
  EXPECT_TRUE(absl::IsInvalidArgument(OpenLog(ftp, o).status()));
  LogInfo no_url = Log("x", 1, LogApi::kStaticCt);
  no_url.monitoring_url.clear();
  no_url.submission_url.clear();
  EXPECT_TRUE(absl::IsInvalidArgument(OpenLog(no_url, o).status()));
  LogInfo no_dir = Log("x", 1, LogApi::kStaticCt);
  no_dir.monitoring_url = "/nonexistent/ct/log";
  EXPECT_TRUE(absl::IsNotFound(OpenLog(no_dir, o).status()));
  o.parallel = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(OpenLog(Log("x", 1, LogApi::kRfc6962), o).status()));
}

constexpr char kArgonKey[] =
    "testdata/merkle/argon2025h1-consistency/log-key-google-argon2025h1-log.pem";
constexpr char kVkey[] = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

TEST(ResolveLogKeyTest, PemFileForEitherKind) {
  for (LogApi api : {LogApi::kRfc6962, LogApi::kStaticCt}) {
    absl::StatusOr<LogKey> key = ResolveLogKey(kArgonKey, api);
    ASSERT_TRUE(key.ok()) << key.status();
    EXPECT_FALSE(key->note_verifier.has_value());
    EXPECT_EQ(key->spki_der.size(), 91u);  // P-256 SubjectPublicKeyInfo
  }
}

TEST(ResolveLogKeyTest, VerifierKeyStringOnlyForStaticCt) {
  absl::StatusOr<LogKey> key = ResolveLogKey(kVkey, LogApi::kStaticCt);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_TRUE(key->note_verifier.has_value());
  EXPECT_TRUE(key->spki_der.empty());
  EXPECT_TRUE(absl::IsInvalidArgument(ResolveLogKey(kVkey, LogApi::kRfc6962).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ResolveLogKey("not+a+key", LogApi::kStaticCt).status()));
}

TEST(ResolveLogKeyTest, FileThatIsNotAKeyIsRejected) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/garbage.pem");
  std::ofstream(path) << "-----BEGIN PUBLIC KEY-----\ngarbage\n-----END PUBLIC KEY-----\n";
  EXPECT_TRUE(absl::IsInvalidArgument(ResolveLogKey(path, LogApi::kRfc6962).status()));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace ct
