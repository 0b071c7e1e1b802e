// File: ct/tiles/http_fetcher.h
// -----------------------------------------------------------------------------
// HttpFetcher: a Fetcher over HTTP(S) with libcurl, for a log's URL prefix.
// Connections are reused (HTTP/2 multiplexing where the server offers it),
// FetchAll runs requests in parallel, gzip bodies are decoded (logs may send
// gzip unasked), responses are size-bounded, and immutable resources (full
// tiles, issuers) are cached in memory. Paths may carry a query
// ("ct/v1/get-entries?start=0&end=9", IsValidRequestPath).
//
// Two ways to GET, and one to POST:
//   - Fetch / FetchAll return a body: 429/5xx and transport errors are
//     retried with exponential backoff honouring Retry-After (the tile
//     readers' policy);
//   - Get makes exactly one attempt and returns the status code, Retry-After
//     and Location headers and the body, so that a caller with its own retry
//     policy (the RFC 6962 client) decides; only transport failures are errors;
//   - Post makes exactly one POST (the monitor's webhook) and returns the
//     response like Get.
// Redirects are followed unless `follow_redirects` is false (RFC 6962 clients
// must not follow them).
//
// Example:
//   ct::HttpFetcherOptions opts;
//   opts.prefix = "https://navigli2025h2.skylight.geomys.org/";
//   absl::StatusOr<std::unique_ptr<ct::HttpFetcher>> f = ct::HttpFetcher::Create(opts);
//   absl::StatusOr<std::string> cp = (*f)->Fetch("checkpoint");
//   absl::StatusOr<ct::HttpResponse> r = (*f)->Get("checkpoint");  // r->status, r->retry_after
//   // or, for a URL or a directory:
//   absl::StatusOr<std::unique_ptr<ct::Fetcher>> g = ct::OpenFetcher(location, opts);
#ifndef CT_TILES_HTTP_FETCHER_H_
#define CT_TILES_HTTP_FETCHER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/tiles/fetcher.h"

namespace ct {

// HttpFetcherOptions configures an HttpFetcher.
struct HttpFetcherOptions {
  std::string prefix;                          // http(s) URL prefix ('/' appended)
  int max_parallel = 8;                        // concurrent requests in FetchAll
  absl::Duration timeout = absl::Seconds(60);  // per attempt, whole transfer
  absl::Duration connect_timeout = absl::Seconds(10);
  int max_attempts = 5;                        // Fetch: per resource, first try included
  absl::Duration initial_backoff = absl::Milliseconds(250);
  absl::Duration max_backoff = absl::Seconds(30);  // also caps Retry-After
  size_t max_response_bytes = kDefaultMaxResponseBytes;  // decoded body
  size_t cache_bytes = size_t{256} << 20;      // immutable-resource cache; 0 = off
  std::string user_agent = "ctcore-tiles/0.1";
  // ca_file is a PEM file of the CAs trusted for https, e.g. a private or test
  // log's CA; empty = libcurl's system default. Certificates are always
  // verified (peer and host name); there is no switch to turn that off.
  std::string ca_file;
  // follow_redirects: follow 3xx to http(s) URLs (at most 5). If false, Get
  // returns the 3xx (with its Location) and Fetch fails kFailedPrecondition.
  bool follow_redirects = true;
};

// HttpResponse is one HTTP response: the final one if redirects are followed.
struct HttpResponse {
  int status = 0;           // HTTP status code
  std::string body;         // decoded (gzip), at most max_response_bytes
  std::string retry_after;  // the Retry-After header value, empty if none
  std::string location;     // the Location header value, empty if none
};

// IsRetryableFetchError reports whether a transport failure of Get or Fetch
// may succeed if tried again: kUnavailable or kDeadlineExceeded.
bool IsRetryableFetchError(const absl::Status& s);

// ParseRetryAfter reads a Retry-After value (RFC 9110 §10.2.3): delay-seconds
// or an IMF-fixdate, relative to `now` (a past date gives zero).
// std::nullopt if it is neither.
std::optional<absl::Duration> ParseRetryAfter(absl::string_view value, absl::Time now);

// QueryEscape percent-encodes `value` for a URL query: every byte but ASCII
// letters, digits and "-._~" becomes %XX (base64 "+/=" included).
std::string QueryEscape(absl::string_view value);

// HttpFetcher fetches from one monitoring prefix. Thread-safe: concurrent
// calls run in parallel, each on its own session (a libcurl multi handle and
// its connections) taken from a pool, so no lock is held across network I/O
// or a retry wait. Within one call, FetchAll runs up to max_parallel requests
// at once; a thread that calls again reuses a session's open connections.
class HttpFetcher final : public Fetcher {
 public:
  // Create validates `options` (an http:// or https:// prefix, a readable
  // ca_file if set) and sets up libcurl.
  static absl::StatusOr<std::unique_ptr<HttpFetcher>> Create(HttpFetcherOptions options);
  ~HttpFetcher() override;

  absl::StatusOr<std::string> Fetch(absl::string_view path) override;
  std::vector<absl::StatusOr<std::string>> FetchAll(
      absl::Span<const std::string> paths) override;

  // Get makes one GET of `path` (IsValidRequestPath) without retrying or
  // caching and returns the response whatever its status. Errors:
  // kInvalidArgument (path), kResourceExhausted (body too large),
  // kFailedPrecondition (TLS certificate), kDeadlineExceeded (timeout),
  // kUnavailable (other transport failures: refused, reset, truncated).
  absl::StatusOr<HttpResponse> Get(absl::string_view path);

  // Post makes one POST of `body` with header "Content-Type: `content_type`"
  // to `url_or_path` (a full http(s) URL, or a path under the prefix) and
  // returns the response whatever its status: no retry, no cache, redirects
  // not followed (a 3xx is returned). Errors as for Get.
  absl::StatusOr<HttpResponse> Post(absl::string_view url_or_path, absl::string_view body,
                                    absl::string_view content_type);

  // IsImmutablePath reports whether `path` names a resource that never
  // changes (full hash/data tiles, issuers) and so may be cached.
  static bool IsImmutablePath(absl::string_view path);

  // Stats counts network activity since creation.
  struct Stats {
    uint64_t requests = 0;     // HTTP attempts made
    uint64_t retries = 0;      // attempts after the first, per resource
    uint64_t cache_hits = 0;
    uint64_t connections = 0;  // new connections opened
    // http2_responses counts responses received over HTTP/2 (negotiated with
    // ALPN on https; plain http stays HTTP/1.1).
    uint64_t http2_responses = 0;
  };
  Stats stats() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  // Session is one libcurl multi handle with its idle easy handles (and so
  // its open connections); used by one FetchAll call at a time.
  struct Session;
  explicit HttpFetcher(HttpFetcherOptions options);

  // Outcome is the result of one request: the last response or transport
  // error, and how many attempts were made.
  struct Outcome {
    absl::StatusOr<HttpResponse> response = absl::UnknownError("not fetched");
    int tries = 0;
  };
  // PostBody is what Post sends.
  struct PostBody {
    std::string data;
    std::string content_type;
  };
  // Transfer GETs every path on one session, up to max_parallel at once;
  // with `retry`, 429/5xx and retryable transport errors are attempted again
  // (up to max_attempts, with backoff) before the outcome is final. With
  // `post`, each request is instead a POST of it (paths may be full URLs).
  std::vector<Outcome> Transfer(absl::Span<const std::string> paths, bool retry,
                                const PostBody* post = nullptr) ABSL_LOCKS_EXCLUDED(mu_);

  // TakeSession returns an idle session, or a new one if none is idle.
  absl::StatusOr<std::unique_ptr<Session>> TakeSession() ABSL_LOCKS_EXCLUDED(mu_);
  // ReturnSession puts `session` back for the next call.
  void ReturnSession(std::unique_ptr<Session> session) ABSL_LOCKS_EXCLUDED(mu_);
  // CacheLookup returns the cached body of `path` (counting a hit), if any.
  std::optional<std::string> CacheLookup(const std::string& path) ABSL_LOCKS_EXCLUDED(mu_);
  // CacheStore keeps `body` of immutable `path`, evicting oldest entries.
  void CacheStore(const std::string& path, const std::string& body) ABSL_LOCKS_EXCLUDED(mu_);

  const HttpFetcherOptions options_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Session>> idle_sessions_ ABSL_GUARDED_BY(mu_);
  Stats stats_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string, std::less<>> cache_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> cache_order_ ABSL_GUARDED_BY(mu_);
  size_t cache_size_ ABSL_GUARDED_BY(mu_) = 0;
};

// OpenFetcher returns a Fetcher for a log `location`: an HttpFetcher for an
// http:// or https:// monitoring prefix (`options` with prefix = `location`),
// else a DirectoryFetcher for a directory (kNotFound if it is not one).
absl::StatusOr<std::unique_ptr<Fetcher>> OpenFetcher(absl::string_view location,
                                                     HttpFetcherOptions options = {});

}  // namespace ct

#endif  // CT_TILES_HTTP_FETCHER_H_
