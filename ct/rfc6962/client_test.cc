// Rfc6962Client against a real loopback RFC 6962 server (testing/) serving a
// tree built from make_test_log's certificates and precertificates, with each
// fault of the issue: survived (same entries and roots) or detected (named
// error kind and entry). Retry policy details use a scripted transport.
#include "ct/rfc6962/client.h"

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ct/base/errors.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/verify.h"
#include "ct/rfc6962/entry.h"
#include "ct/rfc6962/testing/test_log.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

constexpr uint64_t kSize = 600;
constexpr uint64_t kSmall = 200;

using Env = testing::RunningTestLog;

class Rfc6962ClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new Env();
    testing::StartTestLog(kSize, kSmall, env_);
    if (!env_->error.empty()) return;
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(env_->error, ""); }

  // Make returns a client for fault `mode`; sleeps are recorded, not slept.
  std::unique_ptr<Rfc6962Client> Make(const std::string& mode) {
    HttpFetcherOptions http;
    http.prefix = env_->server->Prefix(mode);
    http.timeout = absl::Seconds(1);  // "stall" times out; the client retries
    Rfc6962ClientOptions o;
    o.now = [] { return env_->log.now; };
    o.sleep = [this](absl::Duration d) { sleeps_.push_back(d); };
    auto c = Rfc6962Client::CreateHttp(http, env_->log.Verifier(), o);
    EXPECT_TRUE(c.ok()) << c.status();
    return *std::move(c);
  }

  // ExpectSameLog checks entries 0..kSize-1 equal the log's and give its root.
  void ExpectSameLog(const std::vector<Rfc6962Entry>& entries) {
    ASSERT_EQ(entries.size(), kSize);
    CompactRange range;
    for (uint64_t i = 0; i < kSize; ++i) {
      ASSERT_EQ(entries[i].index, i);
      ASSERT_EQ(entries[i].leaf_input, env_->log.entries[i].leaf_input) << i;
      ASSERT_EQ(entries[i].extra_data, env_->log.entries[i].extra_data) << i;
      range.Append(entries[i].leaf_hash);
    }
    EXPECT_EQ(range.Root(), env_->log.good.root_hash);
    EXPECT_EQ(range.Root(), env_->log.tiles_root);  // same entries as tiles, same root
  }

  // ServerRequests returns how many requests the server saw in `mode`.
  static int ServerRequests(const std::string& mode) {
    HttpFetcherOptions o;
    o.prefix = absl::StrCat("http://127.0.0.1:", env_->server->port(), "/");
    auto f = HttpFetcher::Create(o);
    EXPECT_TRUE(f.ok());
    absl::StatusOr<std::string> body = (*f)->Fetch("_stats");
    EXPECT_TRUE(body.ok()) << body.status();
    nlohmann::json j = nlohmann::json::parse(body.ok() ? *body : "{}", nullptr, false);
    return j["counts"].value("mode:" + mode, 0);
  }

  static Env* env_;
  std::vector<absl::Duration> sleeps_;
};

Env* Rfc6962ClientTest::env_ = nullptr;

TEST_F(Rfc6962ClientTest, ReadsAndVerifiesTheWholeLog) {
  auto c = Make("plain");
  std::string served;
  absl::StatusOr<SignedTreeHead> sth = c->GetSth(&served);
  ASSERT_TRUE(sth.ok()) << sth.status();
  EXPECT_EQ(*sth, env_->log.good);
  EXPECT_EQ(served, *EncodeGetSthResponse(env_->log.good));  // the file the server sent

  absl::StatusOr<std::vector<Rfc6962Entry>> entries = c->GetEntries(0, kSize - 1);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ExpectSameLog(*entries);
  EXPECT_EQ(c->entry_cap(), 0u);  // no short read: one request

  int precerts = 0;
  for (const Rfc6962Entry& e : *entries) {
    absl::StatusOr<LeafInput> leaf = ParseLeafInput(e.leaf_input);
    ASSERT_TRUE(leaf.ok()) << e.index << ": " << leaf.status();
    absl::StatusOr<ExtraData> extra = ParseExtraData(leaf->entry.type, e.extra_data);
    ASSERT_TRUE(extra.ok()) << e.index << ": " << extra.status();
    ASSERT_TRUE(CheckEntryChain(*leaf, *extra).ok()) << e.index << ": " << CheckEntryChain(*leaf, *extra);
    precerts += leaf->entry.type == LogEntryType::kPrecert;
  }
  EXPECT_EQ(precerts, static_cast<int>(kSize / 3));

  for (uint64_t i : {uint64_t{0}, uint64_t{1}, kSmall, kSize - 1}) {
    absl::StatusOr<InclusionResult> p = c->GetProofByHash((*entries)[i].leaf_hash, kSize);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->index, i);
    EXPECT_TRUE(VerifyInclusion((*entries)[i].leaf_hash, i, kSize, p->proof, sth->root_hash).ok());
    absl::StatusOr<EntryAndProof> ep = c->GetEntryAndProof(i, kSize);
    ASSERT_TRUE(ep.ok()) << ep.status();
    EXPECT_EQ(ep->entry, env_->log.entries[i]);
    EXPECT_EQ(ep->audit_path, p->proof);
  }

  absl::StatusOr<std::vector<Bytes>> roots = c->GetRoots();
  ASSERT_TRUE(roots.ok()) << roots.status();
  EXPECT_EQ(roots->size(), 1u);

  EXPECT_TRUE(c->VerifyConsistency(env_->log.small, *sth).ok());
  uint64_t before = c->requests();
  EXPECT_TRUE(c->GetSthConsistency(0, kSize).ok());
  EXPECT_TRUE(c->GetSthConsistency(kSize, kSize).ok());
  EXPECT_TRUE(c->VerifyConsistency(*sth, *sth).ok());
  EXPECT_EQ(c->requests(), before);  // no request for first == 0 or first == second
  EXPECT_TRUE(c->evidence().empty());
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(Rfc6962ClientTest, LearnsCapsAndAlignsRequests) {
  for (uint64_t cap : {31, 256}) {
    auto c = Make(absl::StrCat("cap", cap));
    absl::StatusOr<std::vector<Rfc6962Entry>> entries = c->GetEntries(0, kSize - 1);
    ASSERT_TRUE(entries.ok()) << entries.status();
    ExpectSameLog(*entries);
    EXPECT_EQ(c->entry_cap(), cap);
    EXPECT_EQ(c->requests(), (kSize + cap - 1) / cap) << "cap " << cap;
    // Unaligned inclusive range.
    absl::StatusOr<std::vector<Rfc6962Entry>> mid = c->GetEntries(5, 100);
    ASSERT_TRUE(mid.ok()) << mid.status();
    ASSERT_EQ(mid->size(), 96u);
    EXPECT_EQ(mid->front().index, 5u);
    EXPECT_EQ(mid->back().leaf_input, env_->log.entries[100].leaf_input);
    absl::StatusOr<std::vector<Rfc6962Entry>> one = c->GetEntries(kSize - 1, kSize - 1);
    ASSERT_TRUE(one.ok()) << one.status();
    EXPECT_EQ(one->size(), 1u);
  }
}

TEST_F(Rfc6962ClientTest, SurvivesTransientFaults) {
  for (const char* mode : {"flaky429", "flaky500", "html200", "empty200", "truncate", "stall"}) {
    sleeps_.clear();
    auto c = Make(mode);
    absl::StatusOr<SignedTreeHead> sth = c->GetSth();
    ASSERT_TRUE(sth.ok()) << mode << ": " << sth.status();
    EXPECT_EQ(*sth, env_->log.good) << mode;
    absl::StatusOr<std::vector<Rfc6962Entry>> entries = c->GetEntries(0, kSize - 1);
    ASSERT_TRUE(entries.ok()) << mode << ": " << entries.status();
    ExpectSameLog(*entries);
    // The fault fired and the client retried it (the transport does not): it
    // made every request the server saw, and slept before each retry.
    const int want = std::string(mode) == "flaky500" ? 6 : 4;
    EXPECT_EQ(ServerRequests(mode), want) << mode;
    EXPECT_EQ(c->requests(), static_cast<uint64_t>(want)) << mode;
    ASSERT_EQ(sleeps_.size(), static_cast<size_t>(want - 2)) << mode;
    if (std::string(mode) == "flaky429") {
      for (absl::Duration d : sleeps_) EXPECT_EQ(d, absl::Seconds(1));  // Retry-After: 1
    }
  }
}

TEST_F(Rfc6962ClientTest, DoesNotFollowRedirects) {
  auto c = Make("redirect");
  absl::StatusOr<SignedTreeHead> sth = c->GetSth();
  EXPECT_TRUE(absl::IsFailedPrecondition(sth.status())) << sth.status();
  EXPECT_TRUE(absl::StrContains(sth.status().message(), "/plain/ct/v1/get-sth")) << sth.status();
  EXPECT_EQ(ServerRequests("redirect"), 1);  // one request, no retry, not followed
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(Rfc6962ClientTest, SendsPercentEncodedHashes) {
  // A leaf hash whose base64 has '+', '/' and '=' reaches the server intact.
  auto c = Make("plain");
  for (uint64_t i = 0; i < kSize; ++i) {
    std::string b64 = HashToBase64(env_->log.leaf_hashes[i]);
    if (b64.find_first_of("+/") == std::string::npos) continue;
    absl::StatusOr<InclusionResult> p = c->GetProofByHash(env_->log.leaf_hashes[i], kSize);
    ASSERT_TRUE(p.ok()) << b64 << ": " << p.status();
    EXPECT_EQ(p->index, i);
    return;
  }
  FAIL() << "no leaf hash with '+' or '/' in its base64";
}

TEST_F(Rfc6962ClientTest, DetectsMoreEntriesThanAsked) {
  auto c = Make("more");
  absl::StatusOr<std::vector<Rfc6962Entry>> entries = c->GetEntries(0, 99);
  EXPECT_EQ(ErrorKindOf(entries.status()), ErrorKind::kMalformed) << entries.status();
  EXPECT_TRUE(absl::StrContains(entries.status().message(), "entry 100")) << entries.status();
}

TEST_F(Rfc6962ClientTest, DetectsZeroEntriesAfterRetries) {
  auto c = Make("zero");
  absl::StatusOr<std::vector<Rfc6962Entry>> entries = c->GetEntries(10, 20);
  EXPECT_EQ(ErrorKindOf(entries.status()), ErrorKind::kMalformed) << entries.status();
  EXPECT_EQ(c->requests(), 5u);
  EXPECT_EQ(sleeps_.size(), 4u);
}

TEST_F(Rfc6962ClientTest, DetectsBadTreeHeadSignature) {
  auto c = Make("badsig");
  absl::StatusOr<SignedTreeHead> sth = c->GetSth();
  EXPECT_EQ(ErrorKindOf(sth.status()), ErrorKind::kBadSignature) << sth.status();
}

TEST_F(Rfc6962ClientTest, KeepsMisbehavingTreeHeadsAsEvidence) {
  for (const char* mode : {"fork", "shrink"}) {
    auto c = Make(mode);
    ASSERT_TRUE(c->GetSth().ok());
    absl::StatusOr<SignedTreeHead> second = c->GetSth();
    EXPECT_EQ(ErrorKindOf(second.status()), ErrorKind::kInconsistent) << mode << second.status();
    std::vector<Misbehaviour> ev = c->evidence();
    ASSERT_EQ(ev.size(), 1u) << mode;
    EXPECT_EQ(ev[0].older, env_->log.good);
    EXPECT_NE(ev[0].newer, env_->log.good);
    EXPECT_EQ(ErrorKindOf(ev[0].why), ErrorKind::kInconsistent);
  }
  auto future = Make("future");
  EXPECT_EQ(ErrorKindOf(future->GetSth().status()), ErrorKind::kInconsistent);
  EXPECT_EQ(future->evidence().size(), 1u);

  auto forkbig = Make("forkbig");
  absl::StatusOr<SignedTreeHead> small = forkbig->GetSth();
  absl::StatusOr<SignedTreeHead> big = forkbig->GetSth();
  ASSERT_TRUE(small.ok() && big.ok()) << big.status();
  EXPECT_EQ(*small, env_->log.small);
  absl::Status s = forkbig->VerifyConsistency(*small, *big);
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kInconsistent) << s;
  ASSERT_EQ(forkbig->evidence().size(), 1u);
  EXPECT_EQ(forkbig->evidence()[0].newer, *big);
}

TEST_F(Rfc6962ClientTest, NamesATamperedEntry) {
  auto c = Make("tamper");
  absl::StatusOr<std::vector<Rfc6962Entry>> entries = c->GetEntries(0, kSize - 1);
  ASSERT_TRUE(entries.ok()) << entries.status();
  CompactRange range;
  for (const Rfc6962Entry& e : *entries) range.Append(e.leaf_hash);
  EXPECT_NE(range.Root(), env_->log.good.root_hash);
  std::vector<uint64_t> bad;
  for (const Rfc6962Entry& e : *entries) {
    absl::Status s = c->VerifyEntryInclusion(e, env_->log.good);
    if (!s.ok()) {
      EXPECT_EQ(ErrorKindOf(s), ErrorKind::kTampered) << s;
      EXPECT_TRUE(absl::StrContains(s.message(), absl::StrCat("entry ", e.index))) << s;
      bad.push_back(e.index);
    }
  }
  EXPECT_EQ(bad, std::vector<uint64_t>{env_->log.tamper_index});
}

TEST_F(Rfc6962ClientTest, NamesAnExtraDataThatDoesNotChain) {
  auto c = Make("badchain");
  absl::StatusOr<std::vector<Rfc6962Entry>> entries = c->GetEntries(0, kSize - 1);
  ASSERT_TRUE(entries.ok()) << entries.status();
  std::vector<uint64_t> bad;
  for (const Rfc6962Entry& e : *entries) {
    absl::StatusOr<LeafInput> leaf = ParseLeafInput(e.leaf_input);
    ASSERT_TRUE(leaf.ok());
    absl::StatusOr<ExtraData> extra = ParseExtraData(leaf->entry.type, e.extra_data);
    ASSERT_TRUE(extra.ok());
    absl::Status s = CheckEntryChain(*leaf, *extra);
    if (!s.ok()) {
      EXPECT_EQ(ErrorKindOf(s), ErrorKind::kTampered) << s;
      bad.push_back(e.index);
    }
  }
  EXPECT_EQ(bad, std::vector<uint64_t>{env_->log.badchain_index});
}

// ScriptedTransport answers from a queue (retry-policy details only; the
// behaviours above run against the real server).
class ScriptedTransport final : public Rfc6962Transport {
 public:
  explicit ScriptedTransport(std::deque<absl::StatusOr<HttpResponse>> script)
      : script_(std::move(script)) {}
  absl::StatusOr<HttpResponse> Get(absl::string_view path) override {
    paths.push_back(std::string(path));
    if (script_.empty()) return absl::UnavailableError("script exhausted");
    auto r = std::move(script_.front());
    script_.pop_front();
    return r;
  }
  std::vector<std::string> paths;

 private:
  std::deque<absl::StatusOr<HttpResponse>> script_;
};

TEST(Rfc6962ClientPolicyTest, HonoursRetryAfterAndBacksOffWithJitter) {
  const absl::Time now = absl::FromUnixSeconds(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  std::string roots = "{\"certificates\":[]}";
  std::deque<absl::StatusOr<HttpResponse>> script = {
      HttpResponse{429, "slow down", "7"},
      HttpResponse{429, "", "Sun, 06 Nov 1994 08:50:07 GMT"},
      HttpResponse{503, "<html>down</html>", ""},
      absl::UnavailableError("connection reset"),
      HttpResponse{200, roots, ""},
  };
  auto* transport = new ScriptedTransport(script);
  std::vector<absl::Duration> sleeps;
  Rfc6962ClientOptions o;
  o.now = [now] { return now; };
  o.sleep = [&](absl::Duration d) { sleeps.push_back(d); };
  o.initial_backoff = absl::Seconds(1);
  auto key = testing::MakeRfc6962TestLog(8, 4);  // any valid key will do
  ASSERT_TRUE(key.ok()) << key.status();
  auto c = Rfc6962Client::Create(std::unique_ptr<Rfc6962Transport>(transport), key->Verifier(), o);
  ASSERT_TRUE(c.ok());
  absl::StatusOr<std::vector<Bytes>> r = (*c)->GetRoots();
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(sleeps.size(), 4u);
  EXPECT_EQ(sleeps[0], absl::Seconds(7));
  EXPECT_EQ(sleeps[1], absl::Seconds(30));
  EXPECT_GE(sleeps[2], absl::Seconds(2));  // attempt 3: 4 s with jitter in [0.5, 1]
  EXPECT_LE(sleeps[2], absl::Seconds(4));
  EXPECT_GE(sleeps[3], absl::Seconds(4));
  EXPECT_LE(sleeps[3], absl::Seconds(8));
}

TEST(Rfc6962ClientPolicyTest, DoesNotFollowRedirectsAndBoundsRetries) {
  auto key = testing::MakeRfc6962TestLog(8, 4);
  ASSERT_TRUE(key.ok()) << key.status();
  Rfc6962ClientOptions o;
  o.sleep = [](absl::Duration) {};
  auto* redirect = new ScriptedTransport({HttpResponse{302, "", ""}});
  auto c = Rfc6962Client::Create(std::unique_ptr<Rfc6962Transport>(redirect), key->Verifier(), o);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition((*c)->GetSth().status()));
  EXPECT_EQ(redirect->paths.size(), 1u);

  auto* down = new ScriptedTransport({});
  auto d = Rfc6962Client::Create(std::unique_ptr<Rfc6962Transport>(down), key->Verifier(), o);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(absl::IsUnavailable((*d)->GetSth().status()));
  EXPECT_EQ(down->paths.size(), 5u);
  EXPECT_TRUE(absl::IsInvalidArgument((*d)->GetEntries(5, 4).status()));
}

TEST(CheckTreeHeadOrderTest, NamesEachMisbehaviour) {
  SignedTreeHead a{10, 1000, HashLeaf(absl::string_view("a")), {}};
  SignedTreeHead b = a;
  EXPECT_TRUE(CheckTreeHeadOrder(a, b).ok());
  b.tree_size = 9;
  EXPECT_EQ(ErrorKindOf(CheckTreeHeadOrder(a, b)), ErrorKind::kInconsistent);
  b = a;
  b.timestamp = 999;
  EXPECT_EQ(ErrorKindOf(CheckTreeHeadOrder(a, b)), ErrorKind::kInconsistent);
  b = a;
  b.root_hash[0] ^= 1;
  EXPECT_EQ(ErrorKindOf(CheckTreeHeadOrder(a, b)), ErrorKind::kInconsistent);
  b.tree_size = 11;
  EXPECT_TRUE(CheckTreeHeadOrder(a, b).ok());  // growth: needs a consistency proof
}

}  // namespace
}  // namespace ct
