#include "ct/monitor/log_source.h"

#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/base/errors.h"
#include "ct/log/open_log.h"
#include "ct/sct/loglist/parse_log_list.h"
#include "ct/testing/loopback_server.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;
using ::ct::testing::Runfile;

// Chrome's all_logs_list.json of 2025-12-13 and log_list.json of 2026-04-09,
// certificate-transparency-go's synthetic list, and a v2 list with Google's
// real signature (testdata/loglist/PROVENANCE.md).
constexpr char kDecember[] = "testdata/loglist/chrome-all_logs_list-v3-78.2-2025-12-13.json";
constexpr char kApril[] = "testdata/loglist/chrome-log_list-v3-85.40-2026-04-09.json";
constexpr char kCtGo[] = "testdata/loglist/ct-go-loglist3-test.json";
constexpr char kV2Dir[] = "testdata/loglist/chrome-log_list-v2-2021-signed/";

absl::Time At(const std::string& rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return t;
}

LogList Parse(const std::string& json) {
  absl::StatusOr<LogList> list = ParseLogList(json);
  if (!list.ok()) {
    ADD_FAILURE() << list.status();
    std::abort();
  }
  return *std::move(list);
}

LogList ParseTestdata(const char* path) { return Parse(ReadTestdata(path)); }

struct Counts {
  size_t rfc6962 = 0;
  size_t tiled = 0;
};

Counts CountApis(const SelectedLogs& s) {
  Counts c;
  for (const LogInfo& log : s.logs) ++(log.api == LogApi::kRfc6962 ? c.rfc6962 : c.tiled);
  return c;
}

const LogInfo* FindByDescription(const SelectedLogs& s, const std::string& description) {
  for (const LogInfo& log : s.logs) {
    if (log.description == description) return &log;
  }
  return nullptr;
}

std::string TempDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = absl::StrCat(tmp ? tmp : "/tmp", "/", name, "_", getpid());
  mkdir(dir.c_str(), 0700);
  return dir;
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  ASSERT_TRUE(out.good()) << path;
}

// ---------------------------------------------------------------------------
// Selection.
//
// The expected numbers were counted from the JSON with Python's json module,
// independently of ctcore, applying the rules of log_source.h (state usable,
// qualified, readonly or absent; retired only with temporal_interval
// end_exclusive > now; pending and rejected only when asked):
//
//   python3 -c 'import json, datetime
//   t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
//   now = t("2025-12-14T01:00:00Z")
//   d = json.load(open("testdata/loglist/chrome-all_logs_list-v3-78.2-2025-12-13.json"))
//   def sel(l, extra=()):
//     st = (list(l.get("state", {})) or ["none"])[0]
//     if st == "retired":
//       return "temporal_interval" in l and t(l["temporal_interval"]["end_exclusive"]) > now
//     return st in ("usable", "qualified", "readonly", "none") + tuple(extra)
//   for kind in ("logs", "tiled_logs"):
//     print(kind, sum(sel(l) for o in d["operators"] for l in o.get(kind, [])))'
//
// -> logs 77, tiled_logs 54 (pending too: 77/59; rejected too: 185/55; every
// log: 187/60). The retired logs with an interval are DigiCert Yeti2025 and
// Nessie2025 (end 2026-01-01T00:00:00Z) and two "Bogus placeholder" logs
// (end 2020-01-02), so at 2026-01-01T00:00:00Z there are 75 RFC 6962 logs.
// ---------------------------------------------------------------------------

const absl::Time kDec14 = absl::FromUnixSeconds(1765674000);  // 2025-12-14T01:00:00Z

TEST(SelectMonitoredLogsTest, TimeConstantIsDecember14) {
  EXPECT_EQ(kDec14, At("2025-12-14T01:00:00Z"));
}

TEST(SelectMonitoredLogsTest, SelectsDefaultStatesOfChromesList) {
  const LogList list = ParseTestdata(kDecember);
  SelectedLogs s = SelectMonitoredLogs({list}, kDec14);
  Counts c = CountApis(s);
  EXPECT_EQ(c.rfc6962, 77u);
  EXPECT_EQ(c.tiled, 54u);
  EXPECT_TRUE(s.warnings.empty()) << s.warnings.front();
  // In list order: operator by operator, each one's logs then tiled_logs.
  ASSERT_FALSE(s.logs.empty());
  EXPECT_EQ(s.logs.front().description, "Google 'Argon2025h2' log");
  EXPECT_EQ(s.logs.back().description, "IPng Networks 'Gouda2027h2'");
  for (const LogInfo& log : s.logs) {
    EXPECT_NE(log.state, LogState::kPending) << log.description;
    EXPECT_NE(log.state, LogState::kRejected) << log.description;
  }
}

TEST(SelectMonitoredLogsTest, WidensOnRequest) {
  const LogList list = ParseTestdata(kDecember);
  LogSelection pending;
  pending.include_pending = true;
  Counts c = CountApis(SelectMonitoredLogs({list}, kDec14, pending));
  EXPECT_EQ(c.rfc6962, 77u);
  EXPECT_EQ(c.tiled, 59u);

  LogSelection rejected;
  rejected.include_rejected = true;
  c = CountApis(SelectMonitoredLogs({list}, kDec14, rejected));
  EXPECT_EQ(c.rfc6962, 185u);
  EXPECT_EQ(c.tiled, 55u);

  LogSelection all;
  all.all_states = true;
  c = CountApis(SelectMonitoredLogs({list}, kDec14, all));
  EXPECT_EQ(c.rfc6962, 187u);  // the collector's counts (expected.json)
  EXPECT_EQ(c.tiled, 60u);
}

TEST(SelectMonitoredLogsTest, RetiredLogsCountUntilTheirIntervalEnds) {
  const LogList list = ParseTestdata(kDecember);
  SelectedLogs before = SelectMonitoredLogs({list}, At("2025-12-31T23:59:59Z"));
  SelectedLogs at_end = SelectMonitoredLogs({list}, At("2026-01-01T00:00:00Z"));
  EXPECT_EQ(CountApis(before).rfc6962, 77u);
  EXPECT_EQ(CountApis(at_end).rfc6962, 75u);  // end_exclusive is exclusive
  for (const char* retired : {"DigiCert Yeti2025 Log", "DigiCert Nessie2025 Log"}) {
    const LogInfo* log = FindByDescription(before, retired);
    ASSERT_NE(log, nullptr) << retired;
    EXPECT_EQ(log->state, LogState::kRetired);
    EXPECT_EQ(FindByDescription(at_end, retired), nullptr) << retired;
  }
  EXPECT_EQ(FindByDescription(before, "Bogus placeholder log to unbreak misbehaving CT libraries"),
            nullptr);

  // certificate-transparency-go's "Bob's Dubious Log": retired, interval
  // [2014-11-07T12:00:00Z, 2015-03-07T12:00:00Z).
  const LogList ctgo = ParseTestdata(kCtGo);
  EXPECT_NE(FindByDescription(SelectMonitoredLogs({ctgo}, At("2015-03-07T11:59:59Z")),
                              "Bob's Dubious Log"),
            nullptr);
  EXPECT_EQ(FindByDescription(SelectMonitoredLogs({ctgo}, At("2015-03-07T12:00:00Z")),
                              "Bob's Dubious Log"),
            nullptr);

  // Retired without an interval: it may hold anything, but Chrome no longer
  // vouches for it, and no end means no way to tell; skipped unless all_states.
  LogInfo bob;
  for (const LogInfo& log : ctgo.logs()) {
    if (log.description == "Bob's Dubious Log") bob = log;
  }
  ASSERT_EQ(bob.state, LogState::kRetired);
  bob.temporal_interval.reset();
  absl::StatusOr<LogList> no_interval = LogList::Create("1", absl::nullopt, {bob});
  ASSERT_TRUE(no_interval.ok()) << no_interval.status();
  EXPECT_TRUE(SelectMonitoredLogs({*no_interval}, At("2015-01-01T00:00:00Z")).logs.empty());
  LogSelection all;
  all.all_states = true;
  EXPECT_EQ(SelectMonitoredLogs({*no_interval}, At("2015-01-01T00:00:00Z"), all).logs.size(), 1u);
}

TEST(SelectMonitoredLogsTest, SkipsLogsOpenLogCannotOpenWithAWarning) {
  // ct-go's Racketeer has a key that is not a SubjectPublicKeyInfo on
  // purpose, and no state (so it would be selected).
  const LogList ctgo = ParseTestdata(kCtGo);
  SelectedLogs s = SelectMonitoredLogs({ctgo}, At("2015-01-01T00:00:00Z"));
  std::vector<std::string> names;
  for (const LogInfo& log : s.logs) names.push_back(log.description);
  EXPECT_EQ(names, (std::vector<std::string>{"Google 'Aviator' log", "Google 'Icarus' log",
                                             "Google 'Rocketeer' log", "Google 'Argon2020' log",
                                             "Bob's Dubious Log"}));
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_TRUE(absl::StrContains(s.warnings[0], "Racketeer")) << s.warnings[0];
}

TEST(SelectMonitoredLogsTest, EverySelectedLogOpens) {
  const LogList list = ParseTestdata(kDecember);
  SelectedLogs s = SelectMonitoredLogs({list}, kDec14);
  ASSERT_EQ(s.logs.size(), 131u);
  for (const LogInfo& log : s.logs) {
    // No network I/O: every tiled log of the list has an origin from its
    // submission URL, so OpenLog need not fetch a checkpoint.
    absl::StatusOr<std::unique_ptr<OpenedLog>> opened = OpenLog(log, {});
    ASSERT_TRUE(opened.ok()) << log.description << ": " << opened.status();
    EXPECT_EQ((*opened)->info().log_id, log.log_id);
  }
}

TEST(SelectMonitoredLogsTest, DeduplicatesByLogIdFirstListWins) {
  // Every log of April's list is also in December's all_logs_list and
  // selected there (counted with Python as above: the union is 131 logs).
  // Argon2027h1 was qualified in December and usable in April.
  const LogList december = ParseTestdata(kDecember);
  const LogList april = ParseTestdata(kApril);
  EXPECT_EQ(SelectMonitoredLogs({april}, kDec14).logs.size(), 54u);

  SelectedLogs dec_first = SelectMonitoredLogs({december, april}, kDec14);
  EXPECT_EQ(dec_first.logs.size(), 131u);
  EXPECT_TRUE(dec_first.warnings.empty()) << dec_first.warnings.front();
  const LogInfo* argon = FindByDescription(dec_first, "Google 'Argon2027h1'");
  ASSERT_NE(argon, nullptr);
  EXPECT_EQ(argon->state, LogState::kQualified);

  SelectedLogs apr_first = SelectMonitoredLogs({april, december}, kDec14);
  EXPECT_EQ(apr_first.logs.size(), 131u);
  EXPECT_TRUE(apr_first.warnings.empty()) << apr_first.warnings.front();
  argon = FindByDescription(apr_first, "Google 'Argon2027h1'");
  ASSERT_NE(argon, nullptr);
  EXPECT_EQ(argon->state, LogState::kUsable);
  // By list, then as listed: April's 54 first, in April's order.
  SelectedLogs april_only = SelectMonitoredLogs({april}, kDec14);
  for (size_t i = 0; i < april_only.logs.size(); ++i) {
    EXPECT_EQ(apr_first.logs[i].description, april_only.logs[i].description) << i;
  }

  // The same list twice is the list once.
  EXPECT_EQ(SelectMonitoredLogs({december, december}, kDec14).logs.size(), 131u);
}

TEST(SelectMonitoredLogsTest, ReportsAConflictAndKeepsTheFirst) {
  const std::string kUrl = "https://ct.googleapis.com/logs/us1/argon2026h1/";
  const std::string kMoved = "https://ct.example/argon2026h1/";
  const LogList december = ParseTestdata(kDecember);
  std::string april_json = ReadTestdata(kApril);
  ASSERT_TRUE(absl::StrContains(april_json, kUrl));
  const LogList moved = Parse(absl::StrReplaceAll(april_json, {{kUrl, kMoved}}));

  SelectedLogs s = SelectMonitoredLogs({december, moved}, kDec14);
  EXPECT_EQ(s.logs.size(), 131u);
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_TRUE(absl::StrContains(s.warnings[0], "Argon2026h1")) << s.warnings[0];
  EXPECT_TRUE(absl::StrContains(s.warnings[0], kMoved)) << s.warnings[0];
  const LogInfo* argon = FindByDescription(s, "Google 'Argon2026h1' log");
  ASSERT_NE(argon, nullptr);
  EXPECT_EQ(argon->url, kUrl);

  s = SelectMonitoredLogs({moved, december}, kDec14);
  ASSERT_EQ(s.warnings.size(), 1u);
  argon = FindByDescription(s, "Google 'Argon2026h1' log");
  ASSERT_NE(argon, nullptr);
  EXPECT_EQ(argon->url, kMoved);
}

// ---------------------------------------------------------------------------
// Loading.
// ---------------------------------------------------------------------------

// ListServer serves a directory with Python's http.server on 127.0.0.1
// (ct/testing/loopback_http.py) until Stop or destruction.
class ListServer : public ::ct::testing::LoopbackServer {
 public:
  explicit ListServer(const std::string& root)
      : LoopbackServer("ct/testing/loopback_http.py", {root}) {}
};

// TestKey is a throw-away ECDSA P-256 log-list signing key (BoringSSL).
class TestKey {
 public:
  TestKey() : key_(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1)) {
    EXPECT_EQ(EC_KEY_generate_key(key_.get()), 1);
    bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
    EXPECT_EQ(EVP_PKEY_set1_EC_KEY(pkey.get(), key_.get()), 1);
    bssl::ScopedCBB cbb;
    uint8_t* der = nullptr;
    size_t len = 0;
    EXPECT_EQ(CBB_init(cbb.get(), 0), 1);
    EXPECT_EQ(EVP_marshal_public_key(cbb.get(), pkey.get()), 1);
    EXPECT_EQ(CBB_finish(cbb.get(), &der, &len), 1);
    spki_der_.assign(reinterpret_cast<char*>(der), len);
    OPENSSL_free(der);
  }
  // spki_der is the DER SubjectPublicKeyInfo.
  const std::string& spki_der() const { return spki_der_; }
  // Sign returns an ECDSA signature (DER) over SHA-256(`message`).
  std::string Sign(const std::string& message) const {
    uint8_t digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const uint8_t*>(message.data()), message.size(), digest);
    std::string sig(ECDSA_size(key_.get()), '\0');
    unsigned int sig_len = 0;
    EXPECT_EQ(ECDSA_sign(0, digest, sizeof(digest), reinterpret_cast<uint8_t*>(sig.data()),
                         &sig_len, key_.get()),
              1);
    sig.resize(sig_len);
    return sig;
  }

 private:
  bssl::UniquePtr<EC_KEY> key_;
  std::string spki_der_;
};

// LoadLogListTest serves, from a fresh directory:
//   good/all_logs_list.json + .sig   December's list, signed with key_
//   bad/all_logs_list.json + .sig    December's list, April's signature
//   nosig/all_logs_list.json         December's list, no signature
//   v2/log_list.json + .sig          Google's real 2021 list and signature
class LoadLogListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    december_ = ReadTestdata(kDecember);
    root_ = TempDir(absl::StrCat("www_", ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    for (const char* sub : {"good", "bad", "nosig", "v2"}) {
      mkdir(absl::StrCat(root_, "/", sub).c_str(), 0700);
    }
    WriteFile(root_ + "/good/all_logs_list.json", december_);
    WriteFile(root_ + "/good/all_logs_list.sig", key_.Sign(december_));
    WriteFile(root_ + "/bad/all_logs_list.json", december_);
    WriteFile(root_ + "/bad/all_logs_list.sig", key_.Sign(ReadTestdata(kApril)));
    WriteFile(root_ + "/nosig/all_logs_list.json", december_);
    for (const char* f : {"log_list.json", "log_list.sig"}) {
      WriteFile(absl::StrCat(root_, "/v2/", f), ReadTestdata(absl::StrCat(kV2Dir, f)));
    }
    server_ = std::make_unique<ListServer>(root_);
    ASSERT_NE(server_->port(), 0) << "log list server did not start";
    options_.cache_dir = root_ + "/cache";
    options_.now = kDec14;
    options_.http.max_attempts = 1;  // a stopped server fails at once
  }

  std::string december_;
  std::string root_;
  TestKey key_;
  std::unique_ptr<ListServer> server_;
  LogListSourceOptions options_;
};

TEST_F(LoadLogListTest, FetchesAUrlWithoutAKey) {
  const std::string url = server_->Url("nosig/all_logs_list.json");
  absl::StatusOr<LoadedLogList> got = LoadLogList(url, options_);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->json, december_);
  EXPECT_EQ(got->list.logs().size(), 247u);  // 187 + 60 (expected.json)
  EXPECT_EQ(got->list.version(), "78.2");
  EXPECT_EQ(got->source, url);
  EXPECT_EQ(got->fetched_at, kDec14);
  EXPECT_FALSE(got->from_cache);
  EXPECT_FALSE(got->signature_verified);
  EXPECT_TRUE(got->warnings.empty()) << got->warnings.front();
}

TEST_F(LoadLogListTest, VerifiesTheSignatureNextToTheList) {
  options_.signature_key = key_.spki_der();
  absl::StatusOr<LoadedLogList> got =
      LoadLogList(server_->Url("good/all_logs_list.json"), options_);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->signature_verified);
  EXPECT_EQ(got->json, december_);

  // An explicit signature URL.
  options_.signature_url = server_->Url("good/all_logs_list.sig");
  got = LoadLogList(server_->Url("nosig/all_logs_list.json"), options_);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->signature_verified);
}

TEST_F(LoadLogListTest, VerifiesGooglesRealSignature) {
  options_.signature_key = ReadTestdata(absl::StrCat(kV2Dir, "log_list_pubkey.pem"));
  absl::StatusOr<LoadedLogList> got = LoadLogList(server_->Url("v2/log_list.json"), options_);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->signature_verified);
  EXPECT_EQ(got->list.logs().size(), 40u);  // PROVENANCE.md: 12 operators, 40 logs
}

TEST_F(LoadLogListTest, RefusesABadSignature) {
  options_.signature_key = key_.spki_der();
  absl::StatusOr<LoadedLogList> got =
      LoadLogList(server_->Url("bad/all_logs_list.json"), options_);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnauthenticated) << got.status();
  EXPECT_EQ(ErrorKindOf(got.status()), ErrorKind::kBadSignature);

  // Another key than the one that signed: the same.
  TestKey other;
  options_.signature_key = other.spki_der();
  got = LoadLogList(server_->Url("good/all_logs_list.json"), options_);
  EXPECT_EQ(ErrorKindOf(got.status()), ErrorKind::kBadSignature) << got.status();
}

TEST_F(LoadLogListTest, ABadSignatureIsNotMaskedByTheCache) {
  options_.signature_key = key_.spki_der();
  const std::string url = server_->Url("good/all_logs_list.json");
  ASSERT_TRUE(LoadLogList(url, options_).ok());  // cached now
  WriteFile(root_ + "/good/all_logs_list.sig", key_.Sign(ReadTestdata(kApril)));
  absl::StatusOr<LoadedLogList> got = LoadLogList(url, options_);
  EXPECT_EQ(ErrorKindOf(got.status()), ErrorKind::kBadSignature) << got.status();
}

TEST_F(LoadLogListTest, AMissingSignatureFails) {
  options_.signature_key = key_.spki_der();
  absl::StatusOr<LoadedLogList> got =
      LoadLogList(server_->Url("nosig/all_logs_list.json"), options_);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound) << got.status();

  // The default signature URL keeps the query: all_logs_list.sig?v=3.
  got = LoadLogList(server_->Url("nosig/all_logs_list.json?v=3"), options_);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound) << got.status();

  // A URL not ending in .json needs an explicit signature URL.
  got = LoadLogList(server_->Url("nosig/all_logs_list"), options_);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << got.status();
  options_.signature_key.clear();
  got = LoadLogList(server_->Url("nosig/"), options_);  // names no file
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << got.status();
}

TEST_F(LoadLogListTest, FallsBackToAFreshCacheWhenTheFetchFails) {
  options_.signature_key = key_.spki_der();
  const std::string url = server_->Url("good/all_logs_list.json");
  absl::StatusOr<LoadedLogList> first = LoadLogList(url, options_);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->from_cache);
  server_->Stop();

  // Six days later: the cached copy (verified again) is used.
  options_.now = kDec14 + absl::Hours(6 * 24);
  absl::StatusOr<LoadedLogList> cached = LoadLogList(url, options_);
  ASSERT_TRUE(cached.ok()) << cached.status();
  EXPECT_TRUE(cached->from_cache);
  EXPECT_EQ(cached->fetched_at, kDec14);
  EXPECT_EQ(cached->json, december_);
  EXPECT_EQ(cached->source, url);
  EXPECT_TRUE(cached->signature_verified);
  EXPECT_EQ(cached->list.logs().size(), 247u);
  ASSERT_EQ(cached->warnings.size(), 1u);
  EXPECT_TRUE(absl::StrContains(cached->warnings[0], "2025-12-14T01:00:00Z"))
      << cached->warnings[0];

  // The cached copy must verify with the key given now.
  TestKey other;
  LogListSourceOptions other_key = options_;
  other_key.signature_key = other.spki_der();
  absl::StatusOr<LoadedLogList> refused = LoadLogList(url, other_key);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();

  // Eight days later it is too old (default max_cache_age: 7 days): the
  // fetch error is returned.
  options_.now = kDec14 + absl::Hours(8 * 24);
  absl::StatusOr<LoadedLogList> stale = LoadLogList(url, options_);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kUnavailable) << stale.status();
  EXPECT_TRUE(absl::StrContains(stale.status().message(), "cached copy")) << stale.status();

  // No cache at all: the fetch error.
  options_.use_cache = false;
  options_.now = kDec14;
  EXPECT_EQ(LoadLogList(url, options_).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(LoadLogListTest, CachesUnderAHashOfTheUrl) {
  const std::string url = server_->Url("nosig/all_logs_list.json");
  ASSERT_TRUE(LoadLogList(url, options_).ok());
  // One file: SHA-256(url) in hex, .json (no signature without a key).
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>(url.data()), url.size(), digest);
  std::string hex;
  for (uint8_t b : digest) absl::StrAppend(&hex, absl::Hex(b, absl::kZeroPad2));
  struct stat st;
  EXPECT_EQ(stat(absl::StrCat(options_.cache_dir, "/", hex, ".json").c_str(), &st), 0);
  EXPECT_NE(stat(absl::StrCat(options_.cache_dir, "/", hex, ".sig").c_str(), &st), 0);
}

TEST_F(LoadLogListTest, ReadsFilesAndTheirSignatures) {
  const std::string path = root_ + "/good/all_logs_list.json";
  absl::StatusOr<LoadedLogList> got = LoadLogList(path, options_);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->list.logs().size(), 247u);
  EXPECT_EQ(got->source, path);
  EXPECT_FALSE(got->from_cache);

  // path + ".sig".
  WriteFile(path + ".sig", key_.Sign(december_));
  options_.signature_key = key_.spki_der();
  got = LoadLogList(path, options_);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->signature_verified);

  // Chrome's naming (log_list.json, log_list.sig) when path.sig is absent,
  // with Google's real key in PEM.
  LogListSourceOptions v2 = options_;
  v2.signature_key = ReadTestdata(absl::StrCat(kV2Dir, "log_list_pubkey.pem"));
  got = LoadLogList(Runfile(absl::StrCat(kV2Dir, "log_list.json")), v2);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->signature_verified);

  // An explicit signature path, here the wrong one.
  options_.signature_path = root_ + "/bad/all_logs_list.sig";
  got = LoadLogList(path, options_);
  EXPECT_EQ(ErrorKindOf(got.status()), ErrorKind::kBadSignature) << got.status();

  // One flipped byte in Google's signed list.
  std::string tampered = ReadTestdata(absl::StrCat(kV2Dir, "log_list.json"));
  tampered[100] ^= 1;
  const std::string tampered_path = root_ + "/v2/tampered.json";
  WriteFile(tampered_path, tampered);
  v2.signature_path = Runfile(absl::StrCat(kV2Dir, "log_list.sig"));
  got = LoadLogList(tampered_path, v2);
  EXPECT_EQ(ErrorKindOf(got.status()), ErrorKind::kBadSignature) << got.status();

  EXPECT_EQ(LoadLogList(root_ + "/missing.json", {}).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LoadLogListTest, RejectsABadKeyAndAMalformedList) {
  options_.signature_key = "not a key";
  absl::StatusOr<LoadedLogList> got =
      LoadLogList(server_->Url("good/all_logs_list.json"), options_);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << got.status();

  WriteFile(root_ + "/nosig/broken.json", "{\"operators\": [");
  options_.signature_key.clear();
  got = LoadLogList(server_->Url("nosig/broken.json"), options_);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << got.status();
}

TEST(DefaultLogListCacheDirTest, FollowsXdg) {
  setenv("XDG_CACHE_HOME", "/var/cache/u", 1);
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(*DefaultLogListCacheDir(), "/var/cache/u/ctcore/loglists");
  setenv("XDG_CACHE_HOME", "relative", 1);  // ignored (XDG Base Directory spec)
  EXPECT_EQ(*DefaultLogListCacheDir(), "/home/u/.cache/ctcore/loglists");
  unsetenv("XDG_CACHE_HOME");
  unsetenv("HOME");
  EXPECT_EQ(DefaultLogListCacheDir().status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ct
