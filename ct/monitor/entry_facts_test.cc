#include "ct/monitor/entry_facts.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/rfc6962/log_reader.h"
#include "ct/rfc6962/responses.h"
#include "ct/testing/testdata.h"
#include "ct/x509/certificate.h"
#include "ct/x509/certificate_chain.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

constexpr char kDir[] = "testdata/sct/real-google-com-2025/";

// The real Argon2025h2 log entry of the *.google.com precertificate.
LogEntry ArgonPrecertEntry() {
  absl::StatusOr<std::vector<RawLogEntry>> raw = ParseGetEntriesResponse(
      testing::ReadTestdata(absl::StrCat(kDir, "argon2025h2-get-entries-response.json")));
  EXPECT_TRUE(raw.ok()) << raw.status();
  Rfc6962Entry e;
  e.index = 42;
  e.leaf_input = (*raw)[0].leaf_input;
  e.extra_data = (*raw)[0].extra_data;
  e.leaf_hash = HashLeaf(e.leaf_input);
  return LogEntryFromRfc6962(e);
}

LogEntry FinalCertificateEntry() {
  absl::StatusOr<CertificateChain> chain =
      CertificateChain::FromPem(testing::ReadTestdata(absl::StrCat(kDir, "chain.pem")));
  EXPECT_TRUE(chain.ok()) << chain.status();
  LogEntry e;
  e.index = 7;
  e.type = LogEntryType::kX509;
  ByteSpan der = chain->leaf().der();
  e.certificate.assign(der.begin(), der.end());
  return e;
}

TEST(EntryFactsTest, PrecertificateAndFinalCertificateShareTbsSha256) {
  absl::StatusOr<EntryFacts> pre = AnalyzeEntry(ArgonPrecertEntry());
  absl::StatusOr<EntryFacts> fin = AnalyzeEntry(FinalCertificateEntry());
  ASSERT_TRUE(pre.ok()) << pre.status();
  ASSERT_TRUE(fin.ok()) << fin.status();
  EXPECT_TRUE(pre->precertificate);
  EXPECT_FALSE(fin->precertificate);
  EXPECT_EQ(pre->tbs_sha256, fin->tbs_sha256);
  EXPECT_NE(pre->cert_sha256, fin->cert_sha256);  // precertificate vs final certificate
  EXPECT_EQ(pre->pubkey_sha256, fin->pubkey_sha256);
  EXPECT_EQ(pre->dns_names, fin->dns_names);
  EXPECT_EQ(pre->serial_hex, fin->serial_hex);
  EXPECT_EQ(pre->issuer, fin->issuer);
  EXPECT_EQ(pre->not_after, fin->not_after);
  // What the certificate says (independently visible in chain.pem).
  EXPECT_EQ(fin->common_name.value_or(""), "*.google.com");
  EXPECT_EQ(fin->issuer_orgs, std::vector<std::string>{"Google Trust Services"});
  bool found = false;
  for (const std::string& n : fin->dns_names) found |= n == "*.google.com";
  EXPECT_TRUE(found);
  EXPECT_EQ(fin->cert_sha256, Sha256(FinalCertificateEntry().certificate));
}

TEST(EntryFactsTest, MalformedEntriesAreReportedNotFatal) {
  LogEntry e = FinalCertificateEntry();
  e.certificate.resize(e.certificate.size() / 2);
  absl::StatusOr<EntryFacts> f = AnalyzeEntry(e);
  EXPECT_EQ(ErrorKindOf(f.status()), ErrorKind::kMalformed) << f.status();
  EXPECT_NE(f.status().message().find("entry 7"), std::string::npos);
  LogEntry unknown;
  unknown.parse_status = absl::UnimplementedError("entry type 7");
  EXPECT_EQ(AnalyzeEntry(unknown).status().code(), absl::StatusCode::kUnimplemented);
}

// EntryIdentifiers: the same names as AnalyzeEntry, as views, for both kinds.
TEST(EntryIdentifiersTest, GivesTheNamesAnalyzeEntryGives) {
  for (const LogEntry& e : {ArgonPrecertEntry(), FinalCertificateEntry()}) {
    absl::StatusOr<EntryFacts> facts = AnalyzeEntry(e);
    ASSERT_TRUE(facts.ok()) << facts.status();
    CertIdentifiers ids;
    ids.dns_names = {"stale"};  // cleared first
    ids.common_name = "stale";
    ASSERT_TRUE(EntryIdentifiers(e, &ids).ok());
    EXPECT_EQ(std::vector<std::string>(ids.dns_names.begin(), ids.dns_names.end()),
              facts->dns_names);
    EXPECT_EQ(ids.dns_names.size(), 137u);  // chain.pem's leaf: 137 dNSNames
    EXPECT_EQ(ids.dns_names[0], "*.google.com");
    EXPECT_TRUE(ids.ip_addresses.empty());
    EXPECT_EQ(ids.common_name.value_or(""), "*.google.com");
    // Views into the entry's own bytes, not copies.
    const char* begin = reinterpret_cast<const char*>(e.certificate.data());
    EXPECT_GE(ids.dns_names[0].data(), begin);
    EXPECT_LT(ids.dns_names[0].data(), begin + e.certificate.size());
  }
}

// Every entry EntryIdentifiers rejects, AnalyzeEntry rejects with the same
// status: the monitor's first step never hides a malformed entry.
TEST(EntryIdentifiersTest, RejectsWhatAnalyzeEntryRejects) {
  std::vector<LogEntry> bad;
  LogEntry truncated = FinalCertificateEntry();
  truncated.certificate.resize(truncated.certificate.size() / 2);
  bad.push_back(truncated);
  LogEntry pre_truncated = ArgonPrecertEntry();
  pre_truncated.certificate.pop_back();
  bad.push_back(pre_truncated);
  LogEntry unknown;
  unknown.parse_status = absl::UnimplementedError("entry type 7");
  bad.push_back(unknown);
  // The subjectAltName's GeneralNames SEQUENCE tag (30) made a SET (31): the
  // certificate still parses, its names do not.
  LogEntry bad_san = FinalCertificateEntry();
  {
    absl::StatusOr<Certificate> c = Certificate::Parse(bad_san.certificate);
    ASSERT_TRUE(c.ok());
    std::optional<X509Extension> san = c->FindExtension(kOidSubjectAltName);
    ASSERT_TRUE(san.has_value());
    const size_t at = static_cast<size_t>(san->value.data() - bad_san.certificate.data());
    ASSERT_EQ(bad_san.certificate[at], 0x30);
    bad_san.certificate[at] = 0x31;
    ASSERT_TRUE(Certificate::Parse(bad_san.certificate).ok());
  }
  bad.push_back(bad_san);
  for (const LogEntry& e : bad) {
    CertIdentifiers ids;
    absl::Status names = EntryIdentifiers(e, &ids);
    absl::StatusOr<EntryFacts> facts = AnalyzeEntry(e);
    EXPECT_FALSE(names.ok());
    EXPECT_EQ(names, facts.status());
  }
  CertIdentifiers ids;
  EXPECT_EQ(ErrorKindOf(EntryIdentifiers(bad_san, &ids)), ErrorKind::kMalformed);
}

TEST(EntryFactsTest, IpText) {
  const uint8_t v4[] = {192, 0, 2, 7};
  uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8};
  v6[15] = 1;
  EXPECT_EQ(IpToText(v4), "192.0.2.7");
  EXPECT_EQ(IpToText(v6), "2001:db8::1");
  EXPECT_EQ(IpToText(ByteSpan(v4, 3)), "");
}

}  // namespace
}  // namespace ct
