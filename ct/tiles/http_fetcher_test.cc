#include "ct/tiles/http_fetcher.h"

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/testing/loopback_server.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/tile_reader.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;
using ::ct::testing::Runfile;

const char kDir[] = "testdata/tiles/static-ct-navigli2025h2";

// FaultServer runs http_fetcher_test_server.py on 127.0.0.1 for one test suite.
class FaultServer {
 public:
  FaultServer() : server_("ct/tiles/http_fetcher_test_server.py", {Runfile(kDir)}) {}
  int port() const { return server_.port(); }
  std::string Prefix(const std::string& mode) const { return server_.Url(mode + "/"); }
  nlohmann::json Stats() {
    auto f = HttpFetcher::Create({server_.Url("")});
    absl::StatusOr<std::string> body = (*f)->Fetch("_stats");
    EXPECT_TRUE(body.ok()) << body.status();
    return nlohmann::json::parse(body.ok() ? *body : "{}");
  }

 private:
  testing::LoopbackServer server_;
};

class HttpFetcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new FaultServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(server_->port(), 0) << "fault server did not start"; }

  std::unique_ptr<HttpFetcher> Make(const std::string& mode, HttpFetcherOptions o = {}) {
    o.prefix = server_->Prefix(mode);
    if (o.initial_backoff == HttpFetcherOptions().initial_backoff) {
      o.initial_backoff = absl::Milliseconds(10);
    }
    absl::StatusOr<std::unique_ptr<HttpFetcher>> f = HttpFetcher::Create(o);
    EXPECT_TRUE(f.ok()) << f.status();
    return *std::move(f);
  }
  int Count(const std::string& path) {
    nlohmann::json s = server_->Stats();
    return s["counts"].contains(path) ? s["counts"][path].get<int>() : 0;
  }

  static FaultServer* server_;
};
FaultServer* HttpFetcherTest::server_ = nullptr;

TEST_F(HttpFetcherTest, FetchesFilesAndReportsNotFound) {
  auto f = Make("plain");
  absl::StatusOr<std::string> body = f->Fetch("tile/0/000");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, ReadTestdata(absl::StrCat(kDir, "/tile/0/000")));
  EXPECT_EQ(f->Fetch("tile/0/999").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(f->Fetch("../etc/passwd").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(f->Fetch("/abs").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(HttpFetcherTest, DecodesUnaskedGzipAndSendsAcceptEncoding) {
  auto f = Make("gzip");
  absl::StatusOr<std::string> body = f->Fetch("tile/data/001");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, ReadTestdata(absl::StrCat(kDir, "/tile/data/001")));
  nlohmann::json s = server_->Stats();
  EXPECT_EQ(s["accept"]["gzip/tile/data/001"].get<std::string>(), "gzip, identity");
}

TEST_F(HttpFetcherTest, HonoursRetryAfterOn429) {
  auto f = Make("flaky429");
  absl::Time start = absl::Now();
  absl::StatusOr<std::string> body = f->Fetch("tile/0/001");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(900));  // Retry-After: 1
  EXPECT_EQ(Count("flaky429/tile/0/001"), 2);
  EXPECT_EQ(f->stats().retries, 1u);
}

TEST_F(HttpFetcherTest, HonoursRetryAfterHttpDate) {
  auto f = Make("flaky503date");
  absl::Time start = absl::Now();
  absl::StatusOr<std::string> body = f->Fetch("tile/0/002");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(900));  // a date >= 1 s ahead
  EXPECT_EQ(Count("flaky503date/tile/0/002"), 2);
}

TEST_F(HttpFetcherTest, RetriesServerErrors) {
  auto f = Make("flaky500");
  absl::StatusOr<std::string> body = f->Fetch("tile/0/002");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(Count("flaky500/tile/0/002"), 3);
  HttpFetcherOptions o;
  o.max_attempts = 3;
  auto g = Make("always500", o);
  EXPECT_EQ(g->Fetch("tile/0/002").status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Count("always500/tile/0/002"), 3);
}

TEST_F(HttpFetcherTest, RetriesTruncatedBodies) {
  auto f = Make("truncate");
  absl::StatusOr<std::string> body = f->Fetch("tile/data/002");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, ReadTestdata(absl::StrCat(kDir, "/tile/data/002")));
  HttpFetcherOptions o;
  o.max_attempts = 2;
  auto g = Make("alwaystruncate", o);
  EXPECT_EQ(g->Fetch("tile/data/002").status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(HttpFetcherTest, TimesOutSlowResponses) {
  HttpFetcherOptions o;
  o.timeout = absl::Milliseconds(500);
  o.max_attempts = 1;
  auto f = Make("slow", o);
  EXPECT_EQ(f->Fetch("tile/0/000").status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(HttpFetcherTest, BoundsResponseSize) {
  HttpFetcherOptions o;
  o.max_response_bytes = 1000;
  auto f = Make("plain", o);
  EXPECT_EQ(f->Fetch("tile/0/000").status().code(), absl::StatusCode::kResourceExhausted);
  auto g = Make("gzip", o);  // the decoded size counts
  EXPECT_EQ(g->Fetch("tile/data/000").status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(HttpFetcherTest, FallsBackFromMissingPartialTiles) {
  auto f = Make("nopartial");
  std::string bytes;
  absl::StatusOr<std::vector<TileLeaf>> leaves =
      FetchDataTileLeaves(*f, TileId{kDataTileLevel, 3, 10}, &bytes);
  ASSERT_TRUE(leaves.ok()) << leaves.status();
  ASSERT_EQ(leaves->size(), 10u);
  const std::string tile0 = ReadTestdata(absl::StrCat(kDir, "/tile/0/003.p/10"));
  std::vector<Hash> want = *ParseHashTile(AsBytes(tile0), 10);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(LeafHash((*leaves)[i]), want[i]);
  EXPECT_EQ(Count("nopartial/tile/data/003.p/10"), 1);
  EXPECT_EQ(Count("nopartial/tile/data/003"), 1);
}

TEST_F(HttpFetcherTest, FetchesInParallelReusesConnectionsAndCachesFullTiles) {
  HttpFetcherOptions o;
  o.max_parallel = 4;
  auto f = Make("plain", o);
  std::vector<std::string> paths = {"tile/data/000", "tile/data/001", "tile/data/002",
                                    "tile/data/003", "tile/0/000",    "tile/0/001",
                                    "tile/0/002",    "tile/0/003",    "tile/0/003.p/10"};
  std::vector<absl::StatusOr<std::string>> got = f->FetchAll(paths);
  for (size_t i = 0; i < paths.size(); ++i) {
    ASSERT_TRUE(got[i].ok()) << paths[i] << ": " << got[i].status();
    EXPECT_EQ(*got[i], ReadTestdata(absl::StrCat(kDir, "/", paths[i])));
  }
  HttpFetcher::Stats s = f->stats();
  EXPECT_EQ(s.requests, paths.size());
  EXPECT_LE(s.connections, 4u);  // at most max_parallel connections, then reused
  EXPECT_EQ(s.http2_responses, 0u);  // plain http stays HTTP/1.1
  got = f->FetchAll(paths);
  for (size_t i = 0; i < paths.size(); ++i) ASSERT_TRUE(got[i].ok());
  s = f->stats();
  EXPECT_EQ(s.cache_hits, 8u);  // every full tile; the partial tile is fetched again
  EXPECT_EQ(s.requests, paths.size() + 1);
  EXPECT_LE(s.connections, 4u);
}

TEST_F(HttpFetcherTest, ConcurrentCallersOverlapOnTheNetwork) {
  // Each "delay" response takes a second at the server; callers on separate
  // threads must be in flight together, not queued behind one another.
  constexpr int kThreads = 4;
  auto f = Make("delay");
  std::vector<absl::StatusOr<std::string>> got(kThreads, absl::UnknownError("unset"));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { got[t] = f->Fetch(absl::StrCat("tile/0/00", t)); });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_TRUE(got[t].ok()) << got[t].status();
    EXPECT_EQ(*got[t], ReadTestdata(absl::StrCat(kDir, "/tile/0/00", t)));
  }
  EXPECT_EQ(server_->Stats()["max_in_flight"].get<int>(), kThreads);
  HttpFetcher::Stats s = f->stats();
  EXPECT_EQ(s.requests, static_cast<uint64_t>(kThreads));
  EXPECT_EQ(s.retries, 0u);
}

TEST_F(HttpFetcherTest, FetchAndGetTakeAQuery) {
  auto f = Make("echo");
  const std::string path = absl::StrCat("ct/v1/get-proof-by-hash?hash=", QueryEscape("a+b/c=="),
                                        "&tree_size=5");
  absl::StatusOr<std::string> body = f->Fetch(path);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, "/echo/ct/v1/get-proof-by-hash?hash=a%2Bb%2Fc%3D%3D&tree_size=5");
  absl::StatusOr<HttpResponse> r = f->Get("ct/v1/get-entries?start=0&end=9");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "/echo/ct/v1/get-entries?start=0&end=9");
  for (const char* bad : {"a?b#c", "a?b c", "a?%zz", "a?%4", "a?", "../a?b", "a?\x7f"}) {
    EXPECT_EQ(f->Fetch(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(f->Get(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  // A query is not a cacheable resource, even after a tile path.
  EXPECT_FALSE(HttpFetcher::IsImmutablePath("tile/0/000?x=1"));
}

TEST_F(HttpFetcherTest, GetReturnsStatusAndHeadersWithoutRetrying) {
  auto f = Make("flaky429");
  absl::StatusOr<HttpResponse> r = f->Get("tile/0/003");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->retry_after, "1");
  EXPECT_EQ(r->body, "slow down");
  EXPECT_EQ(Count("flaky429/tile/0/003"), 1);  // no retry, no wait
  r = f->Get("tile/0/003");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->retry_after, "");
  EXPECT_EQ(r->body, ReadTestdata(absl::StrCat(kDir, "/tile/0/003")));

  r = Make("always500")->Get("tile/0/003");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(Count("always500/tile/0/003"), 1);
  r = Make("plain")->Get("tile/0/999");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 404);

  // Transport failures are errors, still without retrying.
  absl::StatusOr<HttpResponse> cut = Make("alwaystruncate")->Get("tile/data/003");
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kUnavailable) << cut.status();
  EXPECT_EQ(Count("alwaystruncate/tile/data/003"), 1);
  HttpFetcherOptions o;
  o.timeout = absl::Milliseconds(500);
  EXPECT_EQ(Make("slow", o)->Get("tile/0/003").status().code(),
            absl::StatusCode::kDeadlineExceeded);
  o = HttpFetcherOptions();
  o.max_response_bytes = 1000;
  EXPECT_EQ(Make("plain", o)->Get("tile/0/003").status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST_F(HttpFetcherTest, PostsOnceToAPathOrAUrl) {
  auto f = Make("echo");
  const std::string body("{\"a\":1}\n\x00\xff", 10);
  absl::StatusOr<HttpResponse> r = f->Post("hook/x?token=1", body, "application/json");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  nlohmann::json echo = nlohmann::json::parse(r->body);
  EXPECT_EQ(echo["method"], "POST");
  EXPECT_EQ(echo["path"], "/echo/hook/x?token=1");
  EXPECT_EQ(echo["content_type"], "application/json");
  EXPECT_EQ(echo["body_hex"], "7b2261223a317d0a00ff");
  // A full URL is used as it is, not under the prefix.
  r = f->Post(absl::StrCat("http://127.0.0.1:", server_->port(), "/echo/elsewhere"), "", "text/plain");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(nlohmann::json::parse(r->body)["path"], "/echo/elsewhere");
  EXPECT_EQ(nlohmann::json::parse(r->body)["body_hex"], "");

  // No retry and no redirect: the response is returned as it is.
  r = Make("always500")->Post("hook", "x", "application/json");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->retry_after, "7");
  r = Make("redirect")->Post("hook", "x", "application/json");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(r->location, "/echo/");

  EXPECT_EQ(f->Post("a b", "", "text/plain").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(f->Post("http://x/a b", "", "text/plain").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(f->Post("hook", "", "text/plain\r\nX-Evil: 1").status().code(),
            absl::StatusCode::kInvalidArgument);
  // A GET after a POST on the same connection is a plain GET again.
  absl::StatusOr<HttpResponse> g = f->Get("tile/0/001");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->body, "/echo/tile/0/001");
}

TEST_F(HttpFetcherTest, FollowsRedirectsUnlessTurnedOff) {
  const std::string want = ReadTestdata(absl::StrCat(kDir, "/tile/0/001"));
  auto follow = Make("redirect");
  absl::StatusOr<std::string> body = follow->Fetch("tile/0/001");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, want);
  absl::StatusOr<HttpResponse> r = follow->Get("tile/0/001");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->location, "");  // the final response's headers

  HttpFetcherOptions o;
  o.follow_redirects = false;
  auto stay = Make("redirect", o);
  const int followed = Count("plain/tile/0/001");
  body = stay->Fetch("tile/0/001");
  EXPECT_EQ(body.status().code(), absl::StatusCode::kFailedPrecondition) << body.status();
  r = stay->Get("tile/0/001");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(r->location, "/plain/tile/0/001");
  EXPECT_EQ(Count("plain/tile/0/001"), followed);  // never went there
  EXPECT_EQ(Count("redirect/tile/0/001"), 4);
}

TEST(ParseRetryAfterTest, SecondsAndHttpDates) {
  const absl::Time now = absl::FromUnixSeconds(784111777);
  EXPECT_EQ(ParseRetryAfter("120", now), absl::Seconds(120));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now), absl::Seconds(10));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now), absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter("", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47", now), std::nullopt);
}

TEST(QueryEscapeTest, EscapesAllButUnreserved) {
  EXPECT_EQ(QueryEscape(""), "");
  EXPECT_EQ(QueryEscape("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(QueryEscape("+/= &?#%"), "%2B%2F%3D%20%26%3F%23%25");
  EXPECT_EQ(QueryEscape(absl::string_view("\0\xff", 2)), "%00%FF");
  EXPECT_TRUE(IsValidRequestPath(absl::StrCat("a?h=", QueryEscape("\x01 +/#?&"))));
}

TEST(IsValidRequestPathTest, ResourcePathAndOptionalQuery) {
  for (const char* good : {"checkpoint", "tile/0/000", "ct/v1/get-sth",
                           "ct/v1/get-entries?start=0&end=9", "a?h=%2B%2f&x=:@/?!$'()*,;~"}) {
    EXPECT_TRUE(IsValidRequestPath(good)) << good;
  }
  for (const char* bad : {"", "/a", "a/../b", "a//b", "a?", "?x=1", "a?x=1#f", "a?x=%",
                          "a?x=%4", "a?x=%g0", "a?x=1 2", "a?x=\"", "a?x=<", "a?x=\\",
                          "a?x=\x80", "a b?x=1", "a%20b"}) {
    EXPECT_FALSE(IsValidRequestPath(bad)) << bad;
  }
  // Files have no query: a resource path never contains '?'.
  EXPECT_FALSE(IsValidResourcePath("ct/v1/get-entries?start=0&end=9"));
}

TEST(HttpFetcherOptionsTest, RejectsNonHttpPrefixes) {
  EXPECT_EQ(HttpFetcher::Create({"ftp://x/"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HttpFetcher::Create({"/some/dir"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HttpFetcher::IsImmutablePath("tile/0/000"));
  EXPECT_TRUE(HttpFetcher::IsImmutablePath("tile/data/x001/000"));
  EXPECT_FALSE(HttpFetcher::IsImmutablePath("tile/0/000.p/5"));
  EXPECT_FALSE(HttpFetcher::IsImmutablePath("checkpoint"));
}

}  // namespace
}  // namespace ct
