// The committed sample log (testdata/monitor/sample-log, made by
// ct/monitor/testing/make_sample_log.cc) read the way `ct monitor` reads it:
// opened with ct::OpenLog from the directory and its key, every entry
// authenticated by a ct::LogCursor against the signed checkpoint, then
// AnalyzeEntry + WatchList::Match + Assess with testdata/monitor/sample.watch,
// alerts deduplicated by tbs_sha256. The expected alerts are the table of
// testdata/monitor/README.md, written by hand from the generator's spec.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/log/cursor.h"
#include "ct/log/open_log.h"
#include "ct/log/verify_log.h"
#include "ct/merkle/hash.h"
#include "ct/monitor/entry_facts.h"
#include "ct/monitor/verdict.h"
#include "ct/monitor/watch_list.h"
#include "ct/sct/log_id.h"
#include "ct/sct/sct.h"
#include "ct/sct/sources.h"
#include "ct/testing/testdata.h"
#include "ct/x509/certificate.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

constexpr char kLogDir[] = "testdata/monitor/sample-log";
constexpr char kPubkey[] = "testdata/monitor/sample-log.pubkey.pem";
constexpr char kVkey[] = "testdata/monitor/sample-log.vkey";
constexpr char kWatch[] = "testdata/monitor/sample.watch";
constexpr char kOrigin[] = "sample.ctcore.example/2026";
constexpr uint64_t kSize = 3000;
constexpr char kExpectedOrg[] = "Example Trust Services";
constexpr char kRogueOrg[] = "Rogue CA Inc";

// One alert of testdata/monitor/README.md: the entries that carry the same
// tbs_sha256 (first sighting first) and what the alert says.
struct ExpectedAlert {
  std::vector<uint64_t> sightings;
  bool precert_first;
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  std::optional<std::string> common_name;
  std::string issuer_org;
  int validity_days;
  std::vector<std::string> matched;
  std::string verdict;
  std::vector<std::string> reasons;
};

const std::vector<ExpectedAlert>& ExpectedAlerts() {
  // clang-format off
  static const auto* alerts = new std::vector<ExpectedAlert>{
      {{211}, false, {"example.com", "www.example.com"}, {}, "example.com", kExpectedOrg, 90,
       {".example.com"}, "expected", {}},
      {{523}, false, {"a.b.c.example.com"}, {}, "a.b.c.example.com", kExpectedOrg, 90,
       {".example.com"}, "expected", {}},
      {{877}, false, {"*.example.com"}, {}, "*.example.com", kExpectedOrg, 90,
       {".example.com"}, "expected", {}},
      {{1204}, false, {"xn--bcher-kva.example.com"}, {}, "xn--bcher-kva.example.com",
       kExpectedOrg, 90, {".example.com"}, "expected", {}},
      {{1388}, false, {}, {"192.0.2.7"}, std::nullopt, kExpectedOrg, 90, {"192.0.2.0/24"},
       "expected", {}},
      {{1519}, false, {"static.example.net"}, {}, "192.0.2.8", kExpectedOrg, 90,
       {"192.0.2.0/24"}, "expected", {}},
      {{1650, 2350}, true, {"shop.example.com"}, {}, "shop.example.com", kExpectedOrg, 90,
       {".example.com"}, "expected", {}},
      {{2105}, false, {"login.example.com"}, {}, "login.example.com", kRogueOrg, 90,
       {".example.com"}, "unexpected", {"issuer_not_expected"}},
      {{2671}, false, {"old.example.com"}, {}, "old.example.com", kExpectedOrg, 400,
       {".example.com"}, "unexpected", {"lifetime_exceeds_max"}},
  };
  // clang-format on
  return *alerts;
}

// The lookalikes: in the log, matched by nothing.
const std::map<uint64_t, std::vector<std::string>>& Lookalikes() {
  static const auto* m = new std::map<uint64_t, std::vector<std::string>>{
      {1700, {"example.com.evil.test"}},
      {1830, {"notexample.com", "www.notexample.com"}},
      {1960, {"example.co", "www.example.co"}},
  };
  return *m;
}

// A seen alert, built as the monitor builds it.
struct Alert {
  std::vector<uint64_t> sightings;
  std::vector<bool> precert;
  EntryFacts facts;  // of the first sighting
  std::vector<std::string> matched;
  std::string verdict;
  std::vector<std::string> reasons;
};

struct SampleRead {
  TreeHead head;
  std::vector<EntryFacts> facts;  // by index
  std::vector<LogEntry> entries;  // by index
};

std::unique_ptr<OpenedLog> OpenSample(const std::string& dir, const std::string& pubkey,
                                      std::optional<std::string> vkey = std::nullopt,
                                      bool resolve_issuers = false) {
  absl::StatusOr<LogKey> key = ResolveLogKey(pubkey, LogApi::kStaticCt);
  EXPECT_TRUE(key.ok()) << key.status();
  if (!key.ok()) return nullptr;
  absl::StatusOr<LogInfo> info =
      LogInfoFromLocation(dir, LogApi::kStaticCt, key->spki_der, kOrigin);
  EXPECT_TRUE(info.ok()) << info.status();
  if (!info.ok()) return nullptr;
  OpenLogOptions options;
  options.resolve_issuers = resolve_issuers;
  if (vkey.has_value()) {
    absl::StatusOr<LogKey> note_key = ResolveLogKey(*vkey, LogApi::kStaticCt);
    EXPECT_TRUE(note_key.ok() && note_key->note_verifier.has_value()) << note_key.status();
    if (!note_key.ok() || !note_key->note_verifier.has_value()) return nullptr;
    options.note_verifiers = {*note_key->note_verifier};
  }
  absl::StatusOr<std::unique_ptr<OpenedLog>> log = OpenLog(*info, options);
  EXPECT_TRUE(log.ok()) << log.status();
  return log.ok() ? *std::move(log) : nullptr;
}

// ReadSample authenticates and analyzes every entry of the log at `dir`.
std::optional<SampleRead> ReadSample(const std::string& dir, const std::string& pubkey) {
  std::unique_ptr<OpenedLog> log = OpenSample(dir, pubkey);
  if (log == nullptr) return std::nullopt;
  SampleRead out;
  absl::StatusOr<TreeHead> head = log->reader().LatestTreeHead();
  EXPECT_TRUE(head.ok()) << head.status();
  if (!head.ok()) return std::nullopt;
  out.head = *head;
  LogCursor cursor;
  absl::StatusOr<TreeHeadUpdate> update = cursor.Update(log->reader(), *head, absl::Now());
  EXPECT_TRUE(update.ok()) << update.status();
  if (!update.ok()) return std::nullopt;
  CursorOptions options;
  options.batch_size = 1000;
  absl::Status s = cursor.Advance(
      log->reader(),
      [&](const EntryBatch& batch) {
        for (const LogEntry& e : batch.entries) {
          if (e.index != out.entries.size()) return absl::InternalError("out of order");
          absl::StatusOr<EntryFacts> f = AnalyzeEntry(e);
          if (!f.ok()) return f.status();
          out.facts.push_back(*std::move(f));
          out.entries.push_back(e);
        }
        return absl::OkStatus();
      },
      options);
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_TRUE(cursor.caught_up());
  if (!s.ok()) return std::nullopt;
  return out;
}

std::vector<Alert> Alerts(const SampleRead& sample, const WatchList& list) {
  std::vector<Alert> alerts;
  std::map<Hash, size_t> by_tbs;
  for (size_t i = 0; i < sample.facts.size(); ++i) {
    const EntryFacts& f = sample.facts[i];
    CertIdentifiers ids;
    for (const std::string& n : f.dns_names) ids.dns_names.push_back(n);
    for (const Bytes& ip : f.ip_addresses) ids.ip_addresses.push_back(ip);
    if (f.common_name.has_value()) ids.common_name = *f.common_name;
    std::vector<WatchMatch> matches = list.Match(ids);
    if (matches.empty()) continue;
    auto [it, fresh] = by_tbs.emplace(f.tbs_sha256, alerts.size());
    if (!fresh) {
      alerts[it->second].sightings.push_back(i);
      alerts[it->second].precert.push_back(f.precertificate);
      continue;
    }
    CertFacts cf;
    for (const std::string& o : f.issuer_orgs) cf.issuer_orgs.push_back(o);
    cf.not_before = f.not_before;
    cf.not_after = f.not_after;
    Assessment a = Assess(list, matches, cf, /*authorized=*/false);
    Alert alert;
    alert.sightings = {i};
    alert.precert = {f.precertificate};
    alert.facts = f;
    for (const WatchMatch& m : matches) alert.matched.push_back(m.pattern);
    alert.verdict = std::string(VerdictName(a.verdict));
    for (Reason r : a.reasons) alert.reasons.emplace_back(ReasonName(r));
    alerts.push_back(std::move(alert));
  }
  return alerts;
}

class SampleLogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sample_ = new std::optional<SampleRead>(ReadSample(kLogDir, kPubkey));
  }
  static void TearDownTestSuite() {
    delete sample_;
    sample_ = nullptr;
  }
  static std::optional<SampleRead>* sample_;
};
std::optional<SampleRead>* SampleLogTest::sample_ = nullptr;

TEST_F(SampleLogTest, EveryEntryAuthenticatesAndParses) {
  ASSERT_TRUE(sample_->has_value());
  const SampleRead& s = **sample_;
  EXPECT_EQ(s.head.size, kSize);
  ASSERT_EQ(s.facts.size(), kSize);
  // Entry i is stamped 2026-01-01T00:00:00Z + i minutes; the checkpoint 1 s
  // after the last.
  for (uint64_t i = 0; i < kSize; ++i) {
    EXPECT_EQ(s.entries[i].timestamp, 1767225600000 + 60000 * i) << i;
  }
  EXPECT_EQ(s.head.timestamp_ms, 1767225600000 + 60000 * (kSize - 1) + 1000);
  EXPECT_EQ(s.head.evidence.substr(0, strlen(kOrigin) + 1), absl::StrCat(kOrigin, "\n"));
}

TEST_F(SampleLogTest, VerifyLogAcceptsTheWholeLog) {
  // VerifyLog checks each entry's chain, so the reader resolves issuers.
  std::unique_ptr<OpenedLog> log = OpenSample(kLogDir, kPubkey, std::nullopt, true);
  ASSERT_NE(log, nullptr);
  absl::StatusOr<TreeHead> head = log->reader().LatestTreeHead();
  ASSERT_TRUE(head.ok()) << head.status();
  absl::StatusOr<VerifyLogResult> r = VerifyLog(log->reader(), LogApi::kStaticCt, *head, {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->entries, kSize);
  EXPECT_EQ(r->counts.unparsed, 0u);
}

TEST_F(SampleLogTest, NoteVerifierKeyVerifiesTheCheckpoint) {
  std::unique_ptr<OpenedLog> log = OpenSample(kLogDir, kPubkey, std::string(kVkey));
  ASSERT_NE(log, nullptr);
  absl::StatusOr<TreeHead> head = log->reader().LatestTreeHead();
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, kSize);
}

TEST_F(SampleLogTest, ChainsAreTheTwoCasAndTheirRoots) {
  ASSERT_TRUE(sample_->has_value());
  const SampleRead& s = **sample_;
  std::unique_ptr<OpenedLog> log = OpenSample(kLogDir, kPubkey);
  ASSERT_NE(log, nullptr);
  ASSERT_NE(log->tile_fetcher(), nullptr);
  std::set<Hash> fingerprints;
  for (const LogEntry& e : s.entries) {
    ASSERT_EQ(e.chain_fingerprints.size(), 2u) << e.index;
    fingerprints.insert(e.chain_fingerprints.begin(), e.chain_fingerprints.end());
  }
  ASSERT_EQ(fingerprints.size(), 4u);  // two issuing CAs, two roots
  std::map<std::string, std::string> subject_by_issuer;
  for (const Hash& fp : fingerprints) {
    absl::StatusOr<std::string> der =
        log->tile_fetcher()->Fetch(absl::StrCat("issuer/", HashToHex(fp)));
    ASSERT_TRUE(der.ok()) << der.status();
    EXPECT_EQ(Sha256(AsBytes(*der)), fp);
    absl::StatusOr<Certificate> cert = Certificate::Parse(AsBytes(*der));
    ASSERT_TRUE(cert.ok()) << cert.status();
    subject_by_issuer[*cert->SubjectText()] = *cert->IssuerText();
  }
  const std::map<std::string, std::string> want = {
      {"CN=Example Trust Services Root R1,O=Example Trust Services,C=US",
       "CN=Example Trust Services Root R1,O=Example Trust Services,C=US"},
      {"CN=Example Trust Services TLS CA 1,O=Example Trust Services,C=US",
       "CN=Example Trust Services Root R1,O=Example Trust Services,C=US"},
      {"CN=Rogue CA Inc Root,O=Rogue CA Inc,C=US", "CN=Rogue CA Inc Root,O=Rogue CA Inc,C=US"},
      {"CN=Rogue CA Inc Issuing CA 7,O=Rogue CA Inc,C=US",
       "CN=Rogue CA Inc Root,O=Rogue CA Inc,C=US"},
  };
  EXPECT_EQ(subject_by_issuer, want);
}

TEST_F(SampleLogTest, WatchFileGivesExactlyTheExpectedAlerts) {
  ASSERT_TRUE(sample_->has_value());
  absl::StatusOr<WatchList> list = ParseWatchList(testing::ReadTestdata(kWatch));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->items().size(), 2u);
  std::vector<Alert> got = Alerts(**sample_, *list);
  const std::vector<ExpectedAlert>& want = ExpectedAlerts();
  ASSERT_EQ(got.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k) {
    const Alert& g = got[k];
    const ExpectedAlert& w = want[k];
    SCOPED_TRACE(absl::StrCat("alert at ", w.sightings[0]));
    EXPECT_EQ(g.sightings, w.sightings);
    EXPECT_EQ(g.precert[0], w.precert_first);
    for (size_t j = 1; j < g.precert.size(); ++j) EXPECT_FALSE(g.precert[j]);
    EXPECT_EQ(g.facts.dns_names, w.dns_names);
    std::vector<std::string> ips;
    for (const Bytes& ip : g.facts.ip_addresses) ips.push_back(IpToText(ip));
    EXPECT_EQ(ips, w.ip_addresses);
    EXPECT_EQ(g.facts.common_name, w.common_name);
    EXPECT_EQ(g.facts.issuer_orgs, std::vector<std::string>{w.issuer_org});
    EXPECT_EQ(ValidityDays(g.facts.not_before, g.facts.not_after), w.validity_days);
    EXPECT_EQ(g.matched, w.matched);
    EXPECT_EQ(g.verdict, w.verdict);
    EXPECT_EQ(g.reasons, w.reasons);
  }
}

TEST_F(SampleLogTest, PrecertAndFinalCertificateShareTheirTbs) {
  ASSERT_TRUE(sample_->has_value());
  const SampleRead& s = **sample_;
  const EntryFacts& pre = s.facts[1650];
  const EntryFacts& final = s.facts[2350];
  EXPECT_TRUE(pre.precertificate);
  EXPECT_FALSE(final.precertificate);
  EXPECT_EQ(pre.tbs_sha256, final.tbs_sha256);
  EXPECT_EQ(pre.serial_hex, final.serial_hex);
  EXPECT_EQ(pre.pubkey_sha256, final.pubkey_sha256);
  EXPECT_NE(pre.cert_sha256, final.cert_sha256);
  // The final certificate carries the SCT this log issued for entry 1650.
  absl::StatusOr<Certificate> cert = Certificate::Parse(s.entries[2350].certificate);
  ASSERT_TRUE(cert.ok()) << cert.status();
  absl::StatusOr<ByteSpan> list = EmbeddedSctList(*cert);
  ASSERT_TRUE(list.ok()) << list.status();
  absl::StatusOr<std::vector<SignedCertificateTimestamp>> scts = ParseSctList(*list);
  ASSERT_TRUE(scts.ok()) << scts.status();
  ASSERT_EQ(scts->size(), 1u);
  absl::StatusOr<LogKey> key = ResolveLogKey(kPubkey, LogApi::kStaticCt);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ((*scts)[0].log_id, LogIdFromKey(key->spki_der));
  EXPECT_EQ((*scts)[0].timestamp, s.entries[1650].timestamp);
  absl::StatusOr<std::optional<uint64_t>> leaf_index =
      ParseLeafIndexExtension((*scts)[0].extensions);
  ASSERT_TRUE(leaf_index.ok());
  EXPECT_EQ(*leaf_index, std::optional<uint64_t>(1650));
}

TEST_F(SampleLogTest, LookalikesAreLoggedButNotMatched) {
  ASSERT_TRUE(sample_->has_value());
  const SampleRead& s = **sample_;
  absl::StatusOr<WatchList> list = ParseWatchList(testing::ReadTestdata(kWatch));
  ASSERT_TRUE(list.ok()) << list.status();
  for (const auto& [index, names] : Lookalikes()) {
    EXPECT_EQ(s.facts[index].dns_names, names) << index;
    CertIdentifiers ids;
    for (const std::string& n : s.facts[index].dns_names) ids.dns_names.push_back(n);
    if (s.facts[index].common_name.has_value()) ids.common_name = *s.facts[index].common_name;
    EXPECT_TRUE(list->Match(ids).empty()) << index;
  }
}

TEST_F(SampleLogTest, NoBackgroundNameIsUnderExampleCom) {
  ASSERT_TRUE(sample_->has_value());
  const SampleRead& s = **sample_;
  std::set<uint64_t> special;
  for (const ExpectedAlert& a : ExpectedAlerts())
    special.insert(a.sightings.begin(), a.sightings.end());
  for (const auto& [index, names] : Lookalikes()) special.insert(index);
  size_t precerts = 0, rogue = 0, with_ips = 0;
  for (uint64_t i = 0; i < kSize; ++i) {
    const EntryFacts& f = s.facts[i];
    if (special.count(i) != 0) continue;
    for (const std::string& n : f.dns_names) {
      EXPECT_FALSE(n == "example.com" || absl::EndsWith(n, ".example.com") ||
                   absl::StrContains(n, "example.com"))
          << i << ": " << n;
    }
    for (const Bytes& ip : f.ip_addresses) {
      EXPECT_FALSE(ip.size() == 4 && ip[0] == 192 && ip[1] == 0 && ip[2] == 2) << i;
    }
    precerts += f.precertificate;
    rogue += f.issuer_orgs == std::vector<std::string>{kRogueOrg};
    with_ips += !f.ip_addresses.empty();
  }
  // The generator's mix (i % 7 == 3 precertificates, i % 11 == 5 rogue CA,
  // IP SANs at i % 19, 23 or 29 == 0), less the special entries.
  EXPECT_GT(precerts, 400u);
  EXPECT_GT(rogue, 250u);
  EXPECT_GT(with_ips, 300u);
}

// The committed sample is what the generator makes today: the same entry
// types, TBSCertificates (so names, keys, serials, validity), keys and
// issuers at every index (signatures are randomized and not compared).
TEST_F(SampleLogTest, GeneratorReproducesTheCommittedEntries) {
  ASSERT_TRUE(sample_->has_value());
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string out = absl::StrCat(tmp ? tmp : "/tmp", "/regenerated-sample-log");
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const std::string gen = srcdir ? absl::StrCat(srcdir, "/ctcore/ct/monitor/make_sample_log")
                                 : "ct/monitor/make_sample_log";
  const std::string cmd = absl::StrCat(gen, " ", out, " --seed 2026 >", out, ".txt 2>&1");
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << cmd;
  std::optional<SampleRead> fresh = ReadSample(out, out + ".pubkey.pem");
  ASSERT_TRUE(fresh.has_value());
  ASSERT_EQ(fresh->facts.size(), kSize);
  const SampleRead& committed = **sample_;
  for (uint64_t i = 0; i < kSize; ++i) {
    const EntryFacts& a = committed.facts[i];
    const EntryFacts& b = fresh->facts[i];
    ASSERT_EQ(a.precertificate, b.precertificate) << i;
    ASSERT_EQ(a.tbs_sha256, b.tbs_sha256) << i;
    ASSERT_EQ(a.pubkey_sha256, b.pubkey_sha256) << i;
    ASSERT_EQ(committed.entries[i].timestamp, fresh->entries[i].timestamp) << i;
  }
  std::ifstream in(out + ".pubkey.pem");
  const std::string fresh_pem((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
  EXPECT_EQ(testing::ReadTestdata(kPubkey), fresh_pem);
}

}  // namespace
}  // namespace ct
