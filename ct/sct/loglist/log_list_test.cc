#include "ct/sct/loglist/log_list.h"

#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/sha.h>

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "ct/base/errors.h"
#include "ct/sct/loglist/log_list_signature.h"
#include "ct/sct/loglist/parse_log_list.h"
#include "ct/testing/testdata.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;

absl::Time Rfc3339(absl::string_view s) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, s, &t, &err)) << s << err;
  return t;
}

LogId IdFromBase64(absl::string_view b64) {
  std::string raw;
  EXPECT_TRUE(absl::Base64Unescape(b64, &raw));
  LogId id{};
  EXPECT_EQ(raw.size(), id.size());
  std::copy(raw.begin(), raw.end(), id.begin());
  return id;
}

// A synthetic log whose log_id matches its key: the key is just `seed` bytes
// (keys are not parsed as SPKI by the list code).
struct FakeKey {
  std::string key_b64;
  std::string id_b64;
  LogId id;
};

FakeKey MakeKey(absl::string_view seed) {
  FakeKey k;
  k.key_b64 = absl::Base64Escape(seed);
  SHA256(reinterpret_cast<const uint8_t*>(seed.data()), seed.size(),
         k.id.data());
  k.id_b64 = absl::Base64Escape(absl::string_view(
      reinterpret_cast<const char*>(k.id.data()), k.id.size()));
  return k;
}

// One-operator list with one RFC 6962 log; `extra` is spliced into the log.
std::string OneLogList(const FakeKey& k, absl::string_view extra) {
  return absl::StrCat(R"({"version":"1.0","log_list_timestamp":"2026-01-01T00:00:00Z",
  "operators":[{"name":"Op","email":["a@b"],"logs":[{"description":"L",
  "log_id":")",
                      k.id_b64, R"(","key":")", k.key_b64,
                      R"(","url":"https://l/","mmd":86400)", extra,
                      "}]}]}");
}

// --- Golden snapshots -------------------------------------------------------

TEST(ParseLogListTest, ParsesChromeAllLogsSnapshot) {
  std::string json = ReadTestdata(
      "testdata/loglist/chrome-all_logs_list-v3-78.2-2025-12-13.json");
  nlohmann::json expected = nlohmann::json::parse(
      ReadTestdata("testdata/loglist/expected.json"));
  const auto& want =
      expected["chrome-all_logs_list-v3-78.2-2025-12-13.json"];

  absl::StatusOr<LogList> list = ParseLogList(json);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->version(), "78.2");
  ASSERT_TRUE(list->timestamp().has_value());
  EXPECT_EQ(*list->timestamp(), Rfc3339("2025-12-13T12:54:29Z"));

  const auto& counts = want["computed_by_collector"];
  size_t tiled = 0;
  std::set<std::string> operators;
  for (const LogInfo& log : list->logs()) {
    tiled += log.api == LogApi::kStaticCt;
    operators.insert(log.operator_name);
    // The index finds every log, and log_id == SHA-256(key).
    EXPECT_EQ(list->FindLog(log.log_id), &log);
    LogId h;
    SHA256(log.key.data(), log.key.size(), h.data());
    EXPECT_EQ(h, log.log_id) << log.description;
    if (log.api == LogApi::kStaticCt) {
      EXPECT_FALSE(log.submission_url.empty()) << log.description;
      EXPECT_FALSE(log.monitoring_url.empty()) << log.description;
      // static-ct-api: the checkpoint origin is the submission prefix
      // without scheme and trailing slash.
      EXPECT_EQ(log.origin_source, OriginSource::kSubmissionUrl);
      EXPECT_EQ(absl::StrCat("https://", log.origin, "/"), log.submission_url);
    } else {
      EXPECT_FALSE(log.url.empty()) << log.description;
      EXPECT_EQ(log.origin_source, OriginSource::kUnknown);
      EXPECT_EQ(log.origin, "");
    }
  }
  EXPECT_EQ(list->logs().size(),
            want["source_assertions (luct luct-core/src/log_list/v3.rs "
                 "parse_log_list)"]["all_logs (logs + tiled_logs over all "
                                    "operators)"]
                .get<size_t>());
  EXPECT_EQ(tiled, counts["tiled_logs"].get<size_t>());
  EXPECT_EQ(list->logs().size() - tiled, counts["rfc6962_logs"].get<size_t>());
  EXPECT_EQ(operators.size(), counts["operators"].get<size_t>());

  // luct's "active" definition (expected.json), applied to our model.
  absl::Time at = Rfc3339("2025-12-14T01:00:00Z");
  size_t active = 0;
  for (const LogInfo& log : list->logs()) {
    bool state_ok = log.state == LogState::kQualified ||
                    log.state == LogState::kUsable ||
                    log.state == LogState::kReadOnly;
    bool type_ok = log.log_type.empty() || log.log_type == "prod";
    if (log.temporal_interval && log.temporal_interval->end_exclusive > at &&
        state_ok && type_ok) {
      ++active;
    }
  }
  EXPECT_EQ(active,
            want["source_assertions (luct luct-core/src/log_list/v3.rs "
                 "parse_log_list)"]["active_logs at 2025-12-14T01:00:00Z"]
                .get<size_t>());
}

TEST(ParseLogListTest, ParsesChromeCurrentSnapshot) {
  absl::StatusOr<LogList> list = ParseLogList(ReadTestdata(
      "testdata/loglist/chrome-log_list-v3-85.40-2026-04-09.json"));
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->version(), "85.40");
  EXPECT_EQ(*list->timestamp(), Rfc3339("2026-04-09T13:37:58Z"));
  EXPECT_EQ(list->logs().size(), 56u);  // 35 logs + 21 tiled (PROVENANCE.md)
  const LogInfo* argon = list->FindLog(
      IdFromBase64("DleUvPOuqT4zGyyZB7P3kN+bwj1xMiXdIaklrGHFTiE="));
  ASSERT_NE(argon, nullptr);
  EXPECT_EQ(argon->description, "Google 'Argon2026h1' log");
  EXPECT_EQ(argon->operator_name, "Google");
  EXPECT_EQ(argon->url, "https://ct.googleapis.com/logs/us1/argon2026h1/");
  EXPECT_EQ(argon->mmd_seconds, 86400);
  EXPECT_EQ(argon->api, LogApi::kRfc6962);
  EXPECT_EQ(argon->state, LogState::kUsable);
  EXPECT_EQ(argon->state_timestamp, Rfc3339("2024-09-30T22:19:27Z"));
  ASSERT_TRUE(argon->temporal_interval.has_value());
  EXPECT_EQ(argon->temporal_interval->start_inclusive,
            Rfc3339("2026-01-01T00:00:00Z"));
  EXPECT_EQ(argon->temporal_interval->end_exclusive,
            Rfc3339("2026-07-01T00:00:00Z"));
  EXPECT_TRUE(argon->temporal_interval->Contains(
      Rfc3339("2026-01-01T00:00:00Z")));
  EXPECT_FALSE(argon->temporal_interval->Contains(
      Rfc3339("2026-07-01T00:00:00Z")));
}

TEST(ParseLogListTest, ParsesCtGoTestListFields) {
  absl::StatusOr<LogList> list =
      ParseLogList(ReadTestdata("testdata/loglist/ct-go-loglist3-test.json"));
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->version(), "9.4");
  EXPECT_EQ(*list->timestamp(), Rfc3339("2022-05-06T12:55:11Z"));
  ASSERT_EQ(list->logs().size(), 6u);

  const LogInfo* aviator = list->FindLog(
      IdFromBase64("aPaY+B9kgr46jO65KB1M/HFRXWeT1ETRCmesu09P+8Q="));
  ASSERT_NE(aviator, nullptr);
  EXPECT_EQ(aviator->state, LogState::kReadOnly);
  EXPECT_EQ(aviator->state_timestamp,
            Rfc3339("2016-11-30T13:24:18.33Z"));  // fractional seconds
  ASSERT_TRUE(aviator->final_tree_head.has_value());
  EXPECT_EQ(aviator->final_tree_head->tree_size, 46466472u);
  EXPECT_EQ(aviator->final_tree_head->sha256_root_hash,
            IdFromBase64("LcGcZRsm+LGYmrlyC5LXhV1T6OD8iH5dNlb0sEJl9bA="));

  // Racketeer: deliberately non-SPKI key (hash still matches), no state.
  const LogInfo* racketeer = list->FindLog(
      IdFromBase64("7kEv4llINIlh4vPgjGgugT7A/3cLbXUXF2OvMBT/l2g="));
  ASSERT_NE(racketeer, nullptr);
  EXPECT_EQ(racketeer->state, LogState::kNone);
  EXPECT_EQ(racketeer->state_timestamp, absl::InfinitePast());

  const LogInfo* bob = list->FindLog(
      IdFromBase64("zbUXm3/BwEb+6jETaj+PAC5hgvr4iW/syLL1tatgSQA="));
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->operator_name, "Bob's CT Log Shop");
  EXPECT_EQ(bob->state, LogState::kRetired);
  EXPECT_EQ(bob->state_timestamp, Rfc3339("2016-04-15T00:00:00Z"));
  EXPECT_EQ(bob->url, "https://log.bob.io");
}

TEST(ParseLogListTest, ParsesV2ListWithoutVersionOrTimestamp) {
  absl::StatusOr<LogList> list = ParseLogList(ReadTestdata(
      "testdata/loglist/chrome-log_list-v2-2021-signed/log_list.json"));
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->version(), "");
  EXPECT_FALSE(list->timestamp().has_value());
  EXPECT_EQ(list->logs().size(), 40u);
}

// --- Hostile and malformed input -------------------------------------------

TEST(ParseLogListTest, AcceptsSyntheticListAndIgnoresUnknownFields) {
  FakeKey k = MakeKey("key-one");
  absl::StatusOr<LogList> list = ParseLogList(OneLogList(
      k, R"(,"state":{"usable":{"timestamp":"2025-01-01T00:00:00Z"}},
            "certspotter_download_size":7,"dns":"x")"));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->logs().size(), 1u);
  EXPECT_EQ(list->FindLog(k.id), &list->logs()[0]);
}

TEST(ParseLogListTest, RejectsLogIdThatIsNotHashOfKey) {
  FakeKey k = MakeKey("key-one");
  FakeKey other = MakeKey("key-two");
  k.id_b64 = other.id_b64;
  absl::StatusOr<LogList> list = ParseLogList(OneLogList(k, ""));
  EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(list.status().message().find("not SHA-256 of its key"),
            std::string::npos)
      << list.status();
}

TEST(ParseLogListTest, RejectsRepeatedLogId) {
  FakeKey k = MakeKey("key-one");
  std::string log = absl::StrCat(R"({"description":"L","log_id":")", k.id_b64,
                                 R"(","key":")", k.key_b64,
                                 R"(","url":"https://l/"})");
  std::string json = absl::StrCat(R"({"operators":[{"name":"A","logs":[)", log,
                                  R"(]},{"name":"B","logs":[)", log, "]}]}");
  EXPECT_EQ(ParseLogList(json).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ParseLogListTest, RejectsMalformedInputs) {
  FakeKey k = MakeKey("key-one");
  struct Case {
    const char* desc;
    std::string json;
  };
  const std::vector<Case> cases = {
      {"empty", ""},
      {"not json", "hello"},
      {"array at top", "[]"},
      {"truncated", OneLogList(k, "").substr(0, 80)},
      {"two states",
       OneLogList(k, R"(,"state":{"usable":{"timestamp":"2025-01-01T00:00:00Z"},
                      "retired":{"timestamp":"2025-02-01T00:00:00Z"}})")},
      {"state without timestamp", OneLogList(k, R"(,"state":{"usable":{}})")},
      {"bad timestamp",
       OneLogList(k, R"(,"state":{"usable":{"timestamp":"yesterday"}})")},
      {"mmd is a string", absl::StrReplaceAll(OneLogList(k, ""),
                                              {{"86400", "\"x\""}})},
      {"bad base64 key", absl::StrReplaceAll(OneLogList(k, ""),
                                             {{k.key_b64, "!!!"}})},
      {"short log_id", absl::StrReplaceAll(OneLogList(k, ""),
                                           {{k.id_b64, "AAAA"}})},
      {"missing url", absl::StrReplaceAll(OneLogList(k, ""),
                                          {{"\"url\"", "\"urx\""}})},
      {"half temporal interval",
       OneLogList(k, R"(,"temporal_interval":{"start_inclusive":"2025-01-01T00:00:00Z"})")},
      {"final tree head hash too short",
       OneLogList(k, R"(,"state":{"readonly":{"timestamp":"2025-01-01T00:00:00Z",
                      "final_tree_head":{"sha256_root_hash":"AAAA","tree_size":1}}})")},
      {"negative tree size",
       OneLogList(k, absl::StrCat(R"(,"state":{"readonly":{"timestamp":"2025-01-01T00:00:00Z",
                      "final_tree_head":{"sha256_root_hash":")",
                                  k.id_b64, R"(","tree_size":-1}}})"))},
      {"previous operator without end_time",
       OneLogList(k, R"(,"previous_operators":[{"name":"Old"}])")},
      {"previous operators with equal end_time",
       OneLogList(k, R"(,"previous_operators":[
           {"name":"A","end_time":"2024-01-01T00:00:00Z"},
           {"name":"B","end_time":"2024-01-01T00:00:00Z"}])")},
  };
  for (const Case& c : cases) {
    absl::StatusOr<LogList> list = ParseLogList(c.json);
    EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument)
        << c.desc << ": " << list.status();
  }
}

TEST(ParseLogListTest, RejectsTiledLogWithoutMonitoringUrl) {
  FakeKey k = MakeKey("tiled");
  std::string json = absl::StrCat(
      R"({"operators":[{"name":"A","tiled_logs":[{"log_id":")", k.id_b64,
      R"(","key":")", k.key_b64, R"(","submission_url":"https://s/"}]}]})");
  EXPECT_EQ(ParseLogList(json).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string ok = absl::StrReplaceAll(
      json, {{R"("https://s/")", R"("https://s/","monitoring_url":"https://m/")"}});
  absl::StatusOr<LogList> list = ParseLogList(ok);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->logs()[0].api, LogApi::kStaticCt);
  EXPECT_EQ(list->logs()[0].monitoring_url, "https://m/");
  EXPECT_EQ(list->logs()[0].origin, "s");
  EXPECT_EQ(list->logs()[0].origin_source, OriginSource::kSubmissionUrl);
}

TEST(ParseLogListTest, RejectsTiledLogWhoseSubmissionUrlHasNoScheme) {
  FakeKey k = MakeKey("tiled");
  std::string json = absl::StrCat(R"({"operators":[{"name":"A","tiled_logs":[{"log_id":")",
                                  k.id_b64, R"(","key":")", k.key_b64,
                                  R"(","submission_url":"s/","monitoring_url":"https://m/"}]}]})");
  absl::Status status = ParseLogList(json).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorKindOf(status), ErrorKind::kMalformed);
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("tiled_logs[0]"));
}

TEST(LogListTest, FindLogReturnsNullForUnknownOrWrongSizeIds) {
  absl::StatusOr<LogList> list =
      ParseLogList(ReadTestdata("testdata/loglist/ct-go-loglist3-test.json"));
  ASSERT_TRUE(list.ok());
  LogId zero{};
  EXPECT_EQ(list->FindLog(zero), nullptr);
  std::vector<uint8_t> short_id(31, 0);
  EXPECT_EQ(list->FindLog(short_id), nullptr);
}

TEST(LogListTest, CreateRejectsEmptyKey) {
  LogInfo log;
  log.description = "no key";
  EXPECT_EQ(LogList::Create("", absl::nullopt, {log}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// --- OperatorAt -------------------------------------------------------------

TEST(OperatorAtTest, EndTimeIsExclusiveAndUnsortedHistoryIsSorted) {
  FakeKey k = MakeKey("moved");
  // Listed out of order on purpose: Old1 until 2023, Old2 until 2024.
  absl::StatusOr<LogList> list = ParseLogList(OneLogList(
      k, R"(,"previous_operators":[
          {"name":"Old2","end_time":"2024-01-01T00:00:00Z"},
          {"name":"Old1","end_time":"2023-01-01T00:00:00Z"}])"));
  ASSERT_TRUE(list.ok()) << list.status();
  const LogInfo& log = list->logs()[0];
  absl::Time t2023 = Rfc3339("2023-01-01T00:00:00Z");
  absl::Time t2024 = Rfc3339("2024-01-01T00:00:00Z");
  EXPECT_EQ(OperatorAt(log, t2023 - absl::Milliseconds(1)), "Old1");
  EXPECT_EQ(OperatorAt(log, t2023), "Old2");  // end_time exclusive
  EXPECT_EQ(OperatorAt(log, t2024 - absl::Milliseconds(1)), "Old2");
  EXPECT_EQ(OperatorAt(log, t2024), "Op");
  EXPECT_EQ(OperatorAt(log, absl::InfinitePast()), "Old1");
  EXPECT_EQ(OperatorAt(log, absl::InfiniteFuture()), "Op");
}

// --- Detached signatures ----------------------------------------------------

class LogListSignatureTest : public ::testing::Test {
 protected:
  std::string json_ = ReadTestdata(
      "testdata/loglist/chrome-log_list-v2-2021-signed/log_list.json");
  std::string sig_ = ReadTestdata(
      "testdata/loglist/chrome-log_list-v2-2021-signed/log_list.sig");
  std::string pem_ = ReadTestdata(
      "testdata/loglist/chrome-log_list-v2-2021-signed/log_list_pubkey.pem");
};

TEST_F(LogListSignatureTest, VerifiesGoogleRsaSignatureWithPem) {
  EXPECT_TRUE(VerifyLogListSignature(json_, sig_, pem_).ok());
}

TEST_F(LogListSignatureTest, VerifiesWithDerKey) {
  std::string b64;
  for (absl::string_view line : absl::StrSplit(pem_, '\n')) {
    if (!line.empty() && line[0] != '-') absl::StrAppend(&b64, line);
  }
  std::string der;
  ASSERT_TRUE(absl::Base64Unescape(b64, &der));
  EXPECT_TRUE(VerifyLogListSignature(json_, sig_, der).ok());
  EXPECT_EQ(VerifyLogListSignature(json_, sig_, der + "x").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(LogListSignatureTest, FailsOnAnyFlippedByte) {
  for (size_t i : {size_t{0}, json_.size() / 2, json_.size() - 1}) {
    std::string bad = json_;
    bad[i] ^= 1;
    EXPECT_EQ(VerifyLogListSignature(bad, sig_, pem_).code(),
              absl::StatusCode::kUnauthenticated)
        << i;
  }
  for (size_t i : {size_t{0}, sig_.size() / 2, sig_.size() - 1}) {
    std::string bad = sig_;
    bad[i] ^= 0x80;
    EXPECT_EQ(VerifyLogListSignature(json_, bad, pem_).code(),
              absl::StatusCode::kUnauthenticated)
        << i;
  }
  EXPECT_EQ(VerifyLogListSignature(json_ + "\n", sig_, pem_).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyLogListSignature(json_, sig_.substr(1), pem_).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyLogListSignature(json_, "", pem_).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(LogListSignatureTest, RejectsMalformedKeys) {
  EXPECT_EQ(VerifyLogListSignature(json_, sig_, "").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyLogListSignature(json_, sig_, "-----BEGIN PUBLIC KEY-----\n")
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyLogListSignature(json_, sig_, "garbage").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LogListEcdsaSignatureTest, VerifiesP256AndRejectsOtherKey) {
  auto make_key = [] {
    bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
    EXPECT_TRUE(EC_KEY_generate_key(ec.get()));
    return ec;
  };
  auto spki = [](EC_KEY* ec) {
    bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
    EXPECT_TRUE(EVP_PKEY_set1_EC_KEY(pkey.get(), ec));
    bssl::ScopedCBB cbb;
    EXPECT_TRUE(CBB_init(cbb.get(), 128));
    EXPECT_TRUE(EVP_marshal_public_key(cbb.get(), pkey.get()));
    return std::string(reinterpret_cast<const char*>(CBB_data(cbb.get())),
                       CBB_len(cbb.get()));
  };
  bssl::UniquePtr<EC_KEY> key = make_key();
  bssl::UniquePtr<EC_KEY> other = make_key();
  std::string msg = R"({"operators":[]})";
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>(msg.data()), msg.size(), digest);
  std::vector<uint8_t> sig(ECDSA_size(key.get()));
  unsigned sig_len = 0;
  ASSERT_TRUE(ECDSA_sign(0, digest, sizeof(digest), sig.data(), &sig_len,
                         key.get()));
  std::string sig_str(reinterpret_cast<const char*>(sig.data()), sig_len);
  EXPECT_TRUE(VerifyLogListSignature(msg, sig_str, spki(key.get())).ok());
  EXPECT_EQ(VerifyLogListSignature(msg, sig_str, spki(other.get())).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyLogListSignature(msg + " ", sig_str, spki(key.get())).code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace ct
