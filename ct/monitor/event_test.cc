#include "ct/monitor/event.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ct/base/errors.h"
#include "ct/merkle/hash.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

Hash Filled(uint8_t b) {
  Hash h;
  h.fill(b);
  return h;
}

Hash Counting() {
  Hash h;
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint8_t>(i);
  return h;
}

constexpr char kCountingHex[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr char kAbHex[] = "abababababababababababababababababababababababababababababababab";
constexpr char kCdHex[] = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";

// The times below were converted with GNU date(1), not with our code:
// date -u -d @1700000000 = 2023-11-14T22:13:20Z; @1707775999 = 2024-02-12T22:13:19Z.
MonitorEvent CertificateEvent() {
  MonitorEvent e;
  e.id = absl::StrCat("cert:", kCountingHex);
  e.kind = EventKind::kCertificate;
  e.log = "Example Log 2026";
  e.log_id = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  e.log_url = "https://ct.example.net/2026/";
  e.index = 7;
  e.timestamp_ms = 1700000000123;
  e.precertificate = true;
  e.names = {"www.example.com", "example.com"};
  e.ip_addresses = {"192.0.2.1"};
  e.matched = {".example.com"};
  e.tbs_sha256 = Counting();
  e.cert_sha256 = Filled(0xab);
  e.pubkey_sha256 = Filled(0xcd);
  e.subject = "CN=www.example.com";
  e.issuer = "CN=Rogue CA,O=Rogue CA Inc.,C=XX";
  e.issuer_org = "Rogue CA Inc.";
  e.serial = "0badc0de";
  e.not_before = absl::FromUnixSeconds(1700000000);
  e.not_after = absl::FromUnixSeconds(1707775999);
  e.verdict = "unexpected";
  e.reasons = {"issuer_not_expected", "lifetime_exceeds_max"};
  return e;
}

MonitorEvent MalformedEvent() {
  MonitorEvent e;
  e.id = "malformed:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=:42";
  e.kind = EventKind::kMalformedEntry;
  e.log = "Example Log 2026";
  e.log_id = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  e.index = 42;
  e.timestamp_ms = 1700000000000;
  e.error = "certificate: 3 trailing bytes";
  return e;
}

MonitorEvent MisbehaviorEvent() {
  MonitorEvent e;
  e.id = "misbehavior:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=:100";
  e.kind = EventKind::kLogMisbehavior;
  e.log = "Example Log 2026";
  e.log_id = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  e.log_url = "https://ct.example.net/2026/";
  e.error = "inconsistent tree heads: size 100 does not extend size 90";
  e.evidence_old = "{\"tree_size\":90}";
  e.evidence_new = "example.net/2026\n100\nq80=\n";
  return e;
}

bool SameEvent(const MonitorEvent& a, const MonitorEvent& b) {
  return a.id == b.id && a.kind == b.kind && a.log == b.log && a.log_id == b.log_id &&
         a.log_url == b.log_url && a.index == b.index && a.timestamp_ms == b.timestamp_ms &&
         a.precertificate == b.precertificate && a.names == b.names &&
         a.ip_addresses == b.ip_addresses && a.matched == b.matched &&
         a.tbs_sha256 == b.tbs_sha256 && a.cert_sha256 == b.cert_sha256 &&
         a.pubkey_sha256 == b.pubkey_sha256 && a.subject == b.subject &&
         a.issuer == b.issuer && a.issuer_org == b.issuer_org && a.serial == b.serial &&
         a.not_before == b.not_before && a.not_after == b.not_after && a.verdict == b.verdict &&
         a.reasons == b.reasons && a.error == b.error && a.evidence_old == b.evidence_old &&
         a.evidence_new == b.evidence_new;
}

TEST(EventTest, KindNames) {
  EXPECT_EQ(EventKindName(EventKind::kCertificate), "certificate");
  EXPECT_EQ(EventKindName(EventKind::kMalformedEntry), "malformed_entry");
  EXPECT_EQ(EventKindName(EventKind::kLogMisbehavior), "log_misbehavior");
}

TEST(EventTest, CertificateGoldenJson) {
  EXPECT_EQ(EventToJson(CertificateEvent()),
            absl::StrCat(
                R"({"id":"cert:)", kCountingHex, R"(","event":"certificate",)",
                R"("log":"Example Log 2026",)",
                R"("log_id":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",)",
                R"("log_url":"https://ct.example.net/2026/","index":7,)",
                R"("timestamp":"2023-11-14T22:13:20.123Z","precertificate":true,)",
                R"("names":["www.example.com","example.com"],"ip_addresses":["192.0.2.1"],)",
                R"("matched":[".example.com"],)",
                R"("tbs_sha256":")", kCountingHex, R"(",)",
                R"("cert_sha256":")", kAbHex, R"(",)",
                R"("pubkey_sha256":")", kCdHex, R"(",)",
                R"("subject":"CN=www.example.com","issuer":"CN=Rogue CA,O=Rogue CA Inc.,C=XX",)",
                R"("issuer_org":"Rogue CA Inc.","serial":"0badc0de",)",
                R"("not_before":"2023-11-14T22:13:20Z","not_after":"2024-02-12T22:13:19Z",)",
                R"("verdict":"unexpected","reasons":["issuer_not_expected","lifetime_exceeds_max"]})"));
}

TEST(EventTest, CertificateWithoutTimestampOrUrlOmitsThem) {
  MonitorEvent e = CertificateEvent();
  e.timestamp_ms = 0;
  e.log_url.clear();
  e.names.clear();
  e.reasons.clear();
  e.verdict = "expected";
  const std::string json = EventToJson(e);
  EXPECT_EQ(json.find("\"timestamp\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"log_url\""), std::string::npos) << json;
  EXPECT_NE(json.find(R"("names":[],)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("reasons":[])"), std::string::npos) << json;
}

TEST(EventTest, MalformedEntryGoldenJson) {
  EXPECT_EQ(EventToJson(MalformedEvent()),
            R"({"id":"malformed:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=:42",)"
            R"("event":"malformed_entry","log":"Example Log 2026",)"
            R"("log_id":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","index":42,)"
            R"("timestamp":"2023-11-14T22:13:20.000Z","error":"certificate: 3 trailing bytes"})");
}

TEST(EventTest, LogMisbehaviorGoldenJson) {
  EXPECT_EQ(EventToJson(MisbehaviorEvent()),
            R"({"id":"misbehavior:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=:100",)"
            R"("event":"log_misbehavior","log":"Example Log 2026",)"
            R"("log_id":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",)"
            R"("log_url":"https://ct.example.net/2026/",)"
            R"("error":"inconsistent tree heads: size 100 does not extend size 90",)"
            R"("evidence":{"old":"{\"tree_size\":90}","new":"example.net/2026\n100\nq80=\n"}})");
}

TEST(EventTest, FieldsOfOtherKindsAreOmitted) {
  MonitorEvent e = MisbehaviorEvent();
  e.names = {"leak.example"};
  e.index = 5;
  e.timestamp_ms = 5;
  e.verdict = "unexpected";
  EXPECT_EQ(EventToJson(e), EventToJson(MisbehaviorEvent()));
}

TEST(EventTest, RoundTripsEveryKind) {
  MonitorEvent odd = CertificateEvent();
  odd.names = {"xn--bcher-kva.example", "line\nbreak", std::string("nul\0byte", 8), "\"q\"\\"};
  odd.subject = "CN=Société Générale";
  odd.not_before = absl::FromUnixMillis(1700000000500);  // a fractional second
  odd.not_after = absl::FromCivil(absl::CivilSecond(999, 1, 2, 3, 4, 5), absl::UTCTimeZone());
  odd.timestamp_ms = 1;
  MonitorEvent far = MalformedEvent();
  far.timestamp_ms = 253402300800000;  // 10000-01-01: written as a number
  MonitorEvent last = MalformedEvent();
  last.timestamp_ms = 253402300799999;  // 9999-12-31T23:59:59.999Z
  for (const MonitorEvent& e :
       {CertificateEvent(), MalformedEvent(), MisbehaviorEvent(), odd, far, last}) {
    const std::string json = EventToJson(e);
    absl::StatusOr<MonitorEvent> back = EventFromJson(json);
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << json;
    EXPECT_TRUE(SameEvent(*back, e)) << json;
    EXPECT_EQ(EventToJson(*back), json);
  }
  EXPECT_NE(EventToJson(far).find(R"("timestamp":253402300800000)"), std::string::npos);
  EXPECT_NE(EventToJson(last).find(R"("timestamp":"9999-12-31T23:59:59.999Z")"),
            std::string::npos);
  EXPECT_NE(EventToJson(odd).find(R"("not_after":"0999-01-02T03:04:05Z")"), std::string::npos);
  EXPECT_NE(EventToJson(odd).find(R"("not_before":"2023-11-14T22:13:20.5Z")"), std::string::npos);
}

TEST(EventTest, InvalidUtf8IsReplacedNotThrown) {
  MonitorEvent e = CertificateEvent();
  e.subject = "CN=\xff\xfe";
  const std::string json = EventToJson(e);
  EXPECT_NE(json.find("CN=\xef\xbf\xbd"), std::string::npos) << json;  // U+FFFD
  EXPECT_TRUE(EventFromJson(json).ok());
}

TEST(EventTest, IgnoresUnknownKeys) {
  std::string json = EventToJson(MalformedEvent());
  json.insert(1, R"("text":"MALFORMED_ENTRY ...","future":[1,{"x":null}],)");
  absl::StatusOr<MonitorEvent> back = EventFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(SameEvent(*back, MalformedEvent()));
}

TEST(EventTest, RejectsHostileInput) {
  const std::string good = EventToJson(CertificateEvent());
  auto replaced = [&](absl::string_view from, absl::string_view to) {
    std::string s = good;
    size_t at = s.find(std::string(from));
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), std::string(to));
    return s;
  };
  std::vector<std::string> bad = {
      "",
      " ",
      "null",
      "[]",
      "\"certificate\"",
      "{",
      "{}",
      R"({"id":"x"})",
      R"({"id":"x","event":"certificate"})",
      R"({"id":1,"event":"malformed_entry"})",
      R"({"id":"x","event":"surprise","log":"","log_id":""})",
      good + "x",
      good + "{}",
      good.substr(0, good.size() - 1),
      replaced(R"("index":7)", R"("index":-7)"),
      replaced(R"("index":7)", R"("index":7.0)"),
      replaced(R"("index":7)", R"("index":"7")"),
      replaced(R"("index":7)", R"("index":18446744073709551616)"),
      replaced(R"("precertificate":true)", R"("precertificate":1)"),
      replaced(R"("names":["www.example.com","example.com"])", R"("names":"www.example.com")"),
      replaced(R"("names":["www.example.com","example.com"])", R"("names":["a",2])"),
      replaced(absl::StrCat("\"tbs_sha256\":\"", kCountingHex),
               "\"tbs_sha256\":\"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"),
      replaced(absl::StrCat("\"", kAbHex, "\""), "\"abab\""),
      replaced(absl::StrCat("\"", kAbHex, "\""), "\"q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\""),
      replaced("2023-11-14T22:13:20Z", "2023-11-14 22:13:20Z"),
      replaced("2023-11-14T22:13:20Z", "2023-11-14T22:13:20+00:00"),
      replaced("2023-11-14T22:13:20Z", " 2023-11-14T22:13:20Z"),
      replaced("2023-11-14T22:13:20Z", "2023-11-14T22:13:20.Z"),
      replaced("2023-11-14T22:13:20Z", "2023-13-14T22:13:20Z"),
      replaced("2023-11-14T22:13:20Z", "infinite-past"),
      replaced("2023-11-14T22:13:20.123Z", "2023-11-14T22:13:20.1234Z"),  // sub-millisecond
      replaced(R"("timestamp":"2023-11-14T22:13:20.123Z")", R"("timestamp":1700000000123)"),
      replaced(R"("timestamp":"2023-11-14T22:13:20.123Z")", R"("timestamp":"1969-12-31T23:59:59.000Z")"),
      replaced(R"("verdict":"unexpected")", R"("verdict":null)"),
      replaced(R"("reasons":["issuer_not_expected","lifetime_exceeds_max"])", ""),
      replaced("Example Log 2026", "Example \xff Log"),  // invalid UTF-8
      std::string(100000, '['),
      std::string(100000, '[') + std::string(100000, ']'),
      "{\"id\":\"x\",\"event\":\"certificate\"" + std::string(1, '\0') + "}",
  };
  const std::string misbehavior = EventToJson(MisbehaviorEvent());
  bad.push_back(misbehavior.substr(0, misbehavior.find(",\"evidence\"")) + "}");
  bad.push_back(misbehavior.substr(0, misbehavior.find(",\"evidence\"")) + ",\"evidence\":\"x\"}");
  bad.push_back(misbehavior.substr(0, misbehavior.find(",\"evidence\"")) +
                ",\"evidence\":{\"old\":\"\"}}");
  for (const std::string& json : bad) {
    absl::StatusOr<MonitorEvent> e = EventFromJson(json);
    EXPECT_FALSE(e.ok()) << json.substr(0, 200);
    if (!e.ok()) {
      EXPECT_EQ(ErrorKindOf(e.status()), ErrorKind::kMalformed) << e.status();
      EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(EventTest, TextIsOneReadableLine) {
  EXPECT_EQ(EventText(CertificateEvent()),
            "UNEXPECTED www.example.com,example.com,192.0.2.1 "
            "(issuer_not_expected,lifetime_exceeds_max) precertificate "
            "issuer=\"Rogue CA Inc.\" log=\"Example Log 2026\" index=7");
  MonitorEvent expected = CertificateEvent();
  expected.verdict = "expected";
  expected.reasons.clear();
  expected.precertificate = false;
  expected.issuer_org.clear();
  expected.names = {"a.example", "b.example", "c.example", "d.example", "e.example",
                    "f.example", "g.example"};
  expected.ip_addresses.clear();
  EXPECT_EQ(EventText(expected),
            "EXPECTED a.example,b.example,c.example,d.example,e.example (+2 more) "
            "issuer=\"CN=Rogue CA,O=Rogue CA Inc.,C=XX\" log=\"Example Log 2026\" index=7");
  EXPECT_EQ(EventText(MalformedEvent()),
            "MALFORMED_ENTRY log=\"Example Log 2026\" index=42 "
            "error=\"certificate: 3 trailing bytes\"");
  EXPECT_EQ(EventText(MisbehaviorEvent()),
            "LOG_MISBEHAVIOR log=\"Example Log 2026\" error=\"inconsistent tree heads: size 100 "
            "does not extend size 90\" (this log is no longer monitored)");
  // Hostile names cannot break the line or fake a field.
  MonitorEvent hostile = CertificateEvent();
  hostile.names = {"evil.example\nEXPECTED www.example.com"};
  hostile.issuer_org = "A\" index=1 \x1b[2J";
  EXPECT_EQ(EventText(hostile),
            "UNEXPECTED evil.example\\x0aEXPECTED www.example.com,192.0.2.1 "
            "(issuer_not_expected,lifetime_exceeds_max) precertificate "
            "issuer=\"A\\\" index=1 \\x1b[2J\" log=\"Example Log 2026\" index=7");
}

TEST(EventTest, EnvironmentUsesCertspotterNames) {
  std::vector<std::pair<std::string, std::string>> env = EventEnvironment(CertificateEvent());
  std::map<std::string, std::string> m(env.begin(), env.end());
  EXPECT_EQ(m.size(), env.size()) << "a name appears twice";
  const std::map<std::string, std::string> want = {
      {"EVENT", "discovered_cert"},
      {"SUMMARY", EventText(CertificateEvent())},
      {"WATCH_ITEM", ".example.com"},
      {"LOG_URI", "https://ct.example.net/2026/"},
      {"ENTRY_INDEX", "7"},
      {"TBS_SHA256", kCountingHex},
      {"CERT_SHA256", kAbHex},
      {"PUBKEY_SHA256", kCdHex},
      {"SUBJECT_DN", "CN=www.example.com"},
      {"ISSUER_DN", "CN=Rogue CA,O=Rogue CA Inc.,C=XX"},
      {"SERIAL", "0badc0de"},
      {"NOT_BEFORE", "2023-11-14T22:13:20Z"},
      {"NOT_BEFORE_RFC3339", "2023-11-14T22:13:20Z"},
      {"NOT_BEFORE_UNIXTIME", "1700000000"},
      {"NOT_AFTER", "2024-02-12T22:13:19Z"},
      {"NOT_AFTER_RFC3339", "2024-02-12T22:13:19Z"},
      {"NOT_AFTER_UNIXTIME", "1707775999"},
      {"CT_EVENT", "certificate"},
      {"CT_EVENT_ID", absl::StrCat("cert:", kCountingHex)},
      {"CT_LOG", "Example Log 2026"},
      {"CT_LOG_ID", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},
      {"CT_PRECERTIFICATE", "yes"},
      {"CT_VERDICT", "unexpected"},
      {"CT_REASONS", "issuer_not_expected,lifetime_exceeds_max"},
      {"CT_MATCHED", ".example.com"},
      {"CT_DNS_NAMES", "www.example.com,example.com"},
      {"CT_IP_ADDRESSES", "192.0.2.1"},
      {"CT_ISSUER_ORG", "Rogue CA Inc."},
  };
  EXPECT_EQ(m, want);

  env = EventEnvironment(MalformedEvent());
  m = std::map<std::string, std::string>(env.begin(), env.end());
  EXPECT_EQ(m["EVENT"], "malformed_cert");
  EXPECT_EQ(m["ENTRY_INDEX"], "42");
  EXPECT_EQ(m["PARSE_ERROR"], "certificate: 3 trailing bytes");
  EXPECT_EQ(m.count("TBS_SHA256"), 0u);

  env = EventEnvironment(MisbehaviorEvent());
  m = std::map<std::string, std::string>(env.begin(), env.end());
  EXPECT_EQ(m["EVENT"], "error");
  EXPECT_EQ(m["CT_EVENT"], "log_misbehavior");
  EXPECT_EQ(m["CT_ERROR"], "inconsistent tree heads: size 100 does not extend size 90");
  EXPECT_EQ(m.count("ENTRY_INDEX"), 0u);
}

TEST(EventTest, EnvironmentValuesAreBounded) {
  MonitorEvent e = CertificateEvent();
  e.names.clear();
  for (int i = 0; i < 5000; ++i) e.names.push_back(absl::StrCat("name", i, ".example.com"));
  e.subject = std::string(100000, 'x');
  std::vector<std::pair<std::string, std::string>> env = EventEnvironment(e);
  std::map<std::string, std::string> m(env.begin(), env.end());
  EXPECT_EQ(m["SUBJECT_DN"].size(), 16384u);
  const std::string& names = m["CT_DNS_NAMES"];
  EXPECT_LE(names.size(), 16384u);
  EXPECT_GT(names.size(), 16000u);
  EXPECT_EQ(names.substr(0, 33), "name0.example.com,name1.example.c");
  EXPECT_EQ(names.back(), 'm');  // whole names only
}

TEST(EventTest, EnvironmentDropsNulBytes) {
  MonitorEvent e = CertificateEvent();
  e.subject = std::string("CN=a\0b", 6);
  std::vector<std::pair<std::string, std::string>> env = EventEnvironment(e);
  std::map<std::string, std::string> m(env.begin(), env.end());
  EXPECT_EQ(m["SUBJECT_DN"], "CN=ab");
}

}  // namespace
}  // namespace ct
