#include "ct/tiles/http_fetcher.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <memory>
#include <random>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ct/tiles/tile.h"

namespace ct {
namespace {

// Attempt is one request of a Transfer batch and its latest response.
struct Attempt {
  std::string path;
  std::string url;
  int tries = 0;
  absl::Time not_before = absl::InfinitePast();
  HttpResponse response;  // status, headers and body of the latest attempt
  bool too_large = false;
  size_t max_bytes = 0;
  char error[CURL_ERROR_SIZE] = {0};
};

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  auto* a = static_cast<Attempt*>(user);
  size_t len = size * n;
  if (a->response.body.size() + len > a->max_bytes) {
    a->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  a->response.body.append(data, len);
  return len;
}

// HeaderValue returns the value of header `line` if its name is `name`
// (ending in ':', lower case).
std::optional<absl::string_view> HeaderValue(absl::string_view line, absl::string_view name) {
  if (!absl::StartsWithIgnoreCase(line, name)) return std::nullopt;
  return absl::StripAsciiWhitespace(line.substr(name.size()));
}

size_t ReadHeader(char* data, size_t size, size_t n, void* user) {
  auto* a = static_cast<Attempt*>(user);
  absl::string_view line(data, size * n);
  if (absl::StartsWithIgnoreCase(line, "HTTP/")) {
    // A new response (e.g. after a redirect or a 100 Continue): its own headers.
    a->response.retry_after.clear();
    a->response.location.clear();
  } else if (std::optional<absl::string_view> v = HeaderValue(line, "retry-after:")) {
    a->response.retry_after = std::string(*v);
  } else if (std::optional<absl::string_view> v = HeaderValue(line, "location:")) {
    a->response.location = std::string(*v);
  } else if (std::optional<absl::string_view> v = HeaderValue(line, "content-length:")) {
    // A hint only (gzip bodies grow): one allocation instead of doubling
    // copies of a large body.
    size_t n = 0;
    if (absl::SimpleAtoi(*v, &n)) a->response.body.reserve(std::min(n, a->max_bytes));
  }
  return size * n;
}

// IsCertificateError reports whether `rc` means the server's certificate (or
// our trust anchors) failed: permanent for this configuration, so not retried.
bool IsCertificateError(CURLcode rc) {
  return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
         rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH || rc == CURLE_SSL_INVALIDCERTSTATUS;
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

struct HttpFetcher::Session {
  CURLM* multi = nullptr;
  std::vector<CURL*> idle;
  std::minstd_rand rng;

  Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() {
    for (CURL* e : idle) curl_easy_cleanup(e);
    if (multi != nullptr) curl_multi_cleanup(multi);
  }
};

HttpFetcher::HttpFetcher(HttpFetcherOptions options) : options_(std::move(options)) {}

HttpFetcher::~HttpFetcher() = default;

absl::StatusOr<std::unique_ptr<HttpFetcher>> HttpFetcher::Create(HttpFetcherOptions options) {
  if (!absl::StartsWith(options.prefix, "http://") &&
      !absl::StartsWith(options.prefix, "https://")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "monitoring prefix \"", absl::CHexEscape(options.prefix), "\" is not an http(s) URL"));
  }
  if (options.prefix.back() != '/') options.prefix.push_back('/');
  if (options.max_parallel < 1 || options.max_attempts < 1) {
    return absl::InvalidArgumentError("max_parallel and max_attempts must be at least 1");
  }
  if (!options.ca_file.empty() && access(options.ca_file.c_str(), R_OK) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ca_file \"", absl::CHexEscape(options.ca_file), "\" cannot be read"));
  }
  InitCurlOnce();
  std::unique_ptr<HttpFetcher> f(new HttpFetcher(std::move(options)));
  // The first session is made here so that a libcurl failure shows at once.
  absl::StatusOr<std::unique_ptr<Session>> session = f->TakeSession();
  if (!session.ok()) return session.status();
  f->ReturnSession(*std::move(session));
  return f;
}

absl::StatusOr<std::unique_ptr<HttpFetcher::Session>> HttpFetcher::TakeSession() {
  {
    absl::MutexLock lock(&mu_);
    if (!idle_sessions_.empty()) {
      std::unique_ptr<Session> s = std::move(idle_sessions_.back());
      idle_sessions_.pop_back();
      return s;
    }
  }
  auto s = std::make_unique<Session>();
  s->multi = curl_multi_init();
  if (s->multi == nullptr) return absl::InternalError("curl_multi_init failed");
  curl_multi_setopt(s->multi, CURLMOPT_PIPELINING, long{CURLPIPE_MULTIPLEX});
  curl_multi_setopt(s->multi, CURLMOPT_MAX_HOST_CONNECTIONS, long{options_.max_parallel});
  curl_multi_setopt(s->multi, CURLMOPT_MAXCONNECTS, long{options_.max_parallel});
  s->rng.seed(std::random_device{}());
  return s;
}

void HttpFetcher::ReturnSession(std::unique_ptr<Session> session) {
  absl::MutexLock lock(&mu_);
  idle_sessions_.push_back(std::move(session));
}

std::optional<std::string> HttpFetcher::CacheLookup(const std::string& path) {
  absl::MutexLock lock(&mu_);
  auto hit = cache_.find(path);
  if (hit == cache_.end()) return std::nullopt;
  ++stats_.cache_hits;
  return hit->second;
}

void HttpFetcher::CacheStore(const std::string& path, const std::string& body) {
  if (options_.cache_bytes == 0 || body.size() > options_.cache_bytes ||
      !IsImmutablePath(path)) {
    return;
  }
  absl::MutexLock lock(&mu_);
  while (cache_size_ + body.size() > options_.cache_bytes && !cache_order_.empty()) {
    auto it = cache_.find(cache_order_.front());
    cache_size_ -= it->second.size();
    cache_.erase(it);
    cache_order_.pop_front();
  }
  if (cache_.emplace(path, body).second) {
    cache_order_.push_back(path);
    cache_size_ += body.size();
  }
}

bool HttpFetcher::IsImmutablePath(absl::string_view path) {
  absl::StatusOr<TileId> t = ParseTilePath(path);
  if (t.ok()) return !t->is_partial();
  return ParseIssuerPath(path).ok();
}

HttpFetcher::Stats HttpFetcher::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

absl::StatusOr<std::string> HttpFetcher::Fetch(absl::string_view path) {
  std::string p(path);
  return std::move(FetchAll(absl::MakeConstSpan(&p, 1))[0]);
}

absl::StatusOr<HttpResponse> HttpFetcher::Get(absl::string_view path) {
  if (!IsValidRequestPath(path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid request path \"", absl::CHexEscape(path), "\""));
  }
  std::string p(path);
  return std::move(Transfer(absl::MakeConstSpan(&p, 1), /*retry=*/false)[0].response);
}

absl::StatusOr<HttpResponse> HttpFetcher::Post(absl::string_view url_or_path,
                                               absl::string_view body,
                                               absl::string_view content_type) {
  const bool is_url =
      absl::StartsWith(url_or_path, "http://") || absl::StartsWith(url_or_path, "https://");
  if (is_url ? std::any_of(url_or_path.begin(), url_or_path.end(),
                           [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; })
             : !IsValidRequestPath(url_or_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid POST target \"", absl::CHexEscape(url_or_path), "\""));
  }
  if (std::any_of(content_type.begin(), content_type.end(),
                  [](char c) { return c == '\r' || c == '\n' || c == '\0'; })) {
    return absl::InvalidArgumentError("content type holds a line break");
  }
  std::string p(url_or_path);
  PostBody post{std::string(body), std::string(content_type)};
  return std::move(Transfer(absl::MakeConstSpan(&p, 1), /*retry=*/false, &post)[0].response);
}

std::vector<absl::StatusOr<std::string>> HttpFetcher::FetchAll(
    absl::Span<const std::string> paths) {
  std::vector<absl::StatusOr<std::string>> results(paths.size(),
                                                   absl::UnknownError("not fetched"));
  std::vector<std::string> todo;  // cache misses, in order
  std::vector<size_t> todo_index;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (!IsValidRequestPath(paths[i])) {
      results[i] = absl::InvalidArgumentError(
          absl::StrCat("invalid resource path \"", absl::CHexEscape(paths[i]), "\""));
    } else if (std::optional<std::string> hit = CacheLookup(paths[i])) {
      results[i] = *std::move(hit);
    } else {
      todo.push_back(paths[i]);
      todo_index.push_back(i);
    }
  }
  if (todo.empty()) return results;
  std::vector<Outcome> outcomes = Transfer(todo, /*retry=*/true);
  for (size_t k = 0; k < todo.size(); ++k) {
    const std::string& path = todo[k];
    Outcome& o = outcomes[k];
    absl::StatusOr<std::string>& result = results[todo_index[k]];
    const std::string after = absl::StrCat(" (after ", o.tries, " attempts)");
    if (!o.response.ok()) {
      const absl::Status& s = o.response.status();
      result = IsRetryableFetchError(s) ? absl::Status(s.code(), absl::StrCat(s.message(), after)) : s;
      continue;
    }
    const int code = o.response->status;
    if (code == 200) {
      CacheStore(path, o.response->body);
      result = std::move(o.response->body);
    } else if (code == 404 || code == 410) {
      result = absl::NotFoundError(absl::StrCat(path, ": HTTP ", code));
    } else if (code == 429 || code >= 500) {
      result = absl::UnavailableError(absl::StrCat(path, ": HTTP ", code, after));
    } else if (code >= 300 && code < 400) {
      result = absl::FailedPreconditionError(
          absl::StrCat(path, ": HTTP ", code, " redirect to \"",
                       absl::CHexEscape(o.response->location), "\" not followed"));
    } else {
      result = absl::FailedPreconditionError(absl::StrCat(path, ": HTTP ", code));
    }
  }
  return results;
}

std::vector<HttpFetcher::Outcome> HttpFetcher::Transfer(absl::Span<const std::string> paths,
                                                        bool retry, const PostBody* post) {
  std::vector<Outcome> outcomes(paths.size());
  std::vector<Attempt> attempts(paths.size());
  std::deque<size_t> waiting;
  // A POST's headers, shared by its attempts; freed when the transfer ends.
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> post_headers(nullptr,
                                                                           &curl_slist_free_all);
  if (post != nullptr) {
    const std::string type = absl::StrCat("Content-Type: ", post->content_type);
    curl_slist* h = curl_slist_append(nullptr, type.c_str());
    // No "Expect: 100-continue" round trip for larger bodies.
    if (h != nullptr) h = curl_slist_append(h, "Expect:");
    post_headers.reset(h);
  }
  for (size_t i = 0; i < paths.size(); ++i) {
    const bool is_url = post != nullptr && (absl::StartsWith(paths[i], "http://") ||
                                            absl::StartsWith(paths[i], "https://"));
    attempts[i].path = paths[i];
    attempts[i].url = is_url ? paths[i] : options_.prefix + paths[i];
    attempts[i].max_bytes = options_.max_response_bytes;
    waiting.push_back(i);
  }
  if (waiting.empty()) return outcomes;
  // This call's session: no lock is held while it does network I/O or waits.
  absl::StatusOr<std::unique_ptr<Session>> session = TakeSession();
  if (!session.ok()) {
    for (Outcome& o : outcomes) o.response = session.status();
    return outcomes;
  }
  Session& impl = **session;
  std::map<CURL*, size_t> active;
  // Counts a finished attempt in stats_ (a short lock, no I/O under it).
  auto count_attempt = [&](bool retry, long conns, bool http2) {
    absl::MutexLock lock(&mu_);
    ++stats_.requests;
    if (retry) ++stats_.retries;
    stats_.connections += static_cast<uint64_t>(conns);
    if (http2) ++stats_.http2_responses;
  };

  auto start = [&](size_t i) {
    Attempt& a = attempts[i];
    a.response = HttpResponse();
    a.too_large = false;
    a.error[0] = '\0';
    ++a.tries;
    CURL* e;
    if (!impl.idle.empty()) {
      e = impl.idle.back();
      impl.idle.pop_back();
      curl_easy_reset(e);
    } else {
      e = curl_easy_init();
    }
    curl_easy_setopt(e, CURLOPT_URL, a.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, options_.follow_redirects ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_2TLS});
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) {
      // The given CAs replace the system's (bundle and directory).
      curl_easy_setopt(e, CURLOPT_CAINFO, options_.ca_file.c_str());
      curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
    }
    // Decodes gzip whether or not the server was asked for it.
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, identity");
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options_.max_response_bytes));
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &WriteBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &ReadHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &a);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, a.error);
    if (post != nullptr) {
      // libcurl reads the body from `post`, which outlives the transfer.
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post->data.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, post->data.data());
      curl_easy_setopt(e, CURLOPT_HTTPHEADER, post_headers.get());
      curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    }
    curl_multi_add_handle(impl.multi, e);
    active[e] = i;
  };

  // finish records attempt i's outcome: final, or (with `retry`, for a
  // retryable one with attempts left) scheduled again after a backoff.
  auto finish = [&](size_t i, absl::StatusOr<HttpResponse> response) {
    Attempt& a = attempts[i];
    const bool retryable = response.ok()
                               ? response->status == 429 || response->status >= 500
                               : IsRetryableFetchError(response.status());
    if (retry && retryable && a.tries < options_.max_attempts) {
      absl::Duration backoff =
          options_.initial_backoff * (int64_t{1} << std::min(a.tries - 1, 20));
      std::uniform_real_distribution<double> jitter(0.75, 1.25);
      backoff = backoff * jitter(impl.rng);
      if (response.ok()) {
        if (std::optional<absl::Duration> ra =
                ParseRetryAfter(response->retry_after, absl::Now())) {
          backoff = std::max(backoff, *ra);
        }
      }
      backoff = std::min(backoff, options_.max_backoff);
      a.not_before = absl::Now() + backoff;
      waiting.push_back(i);
      return;
    }
    outcomes[i].response = std::move(response);
    outcomes[i].tries = a.tries;
  };

  while (!waiting.empty() || !active.empty()) {
    absl::Time now = absl::Now();
    absl::Time next_wake = absl::InfiniteFuture();
    for (size_t k = waiting.size(); k > 0 && static_cast<int>(active.size()) < options_.max_parallel; --k) {
      size_t i = waiting.front();
      waiting.pop_front();
      if (attempts[i].not_before <= now) {
        start(i);
      } else {
        next_wake = std::min(next_wake, attempts[i].not_before);
        waiting.push_back(i);
      }
    }
    for (size_t i : waiting) next_wake = std::min(next_wake, attempts[i].not_before);
    if (active.empty()) {
      if (next_wake > now) absl::SleepFor(std::min(next_wake - now, absl::Seconds(1)));
      continue;
    }
    int running = 0;
    curl_multi_perform(impl.multi, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(impl.multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      CURLcode rc = msg->data.result;
      size_t i = active[e];
      active.erase(e);
      long code = 0;
      long conns = 0;
      long version = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
      curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &conns);
      curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
      count_attempt(attempts[i].tries > 1, conns, code != 0 && version == CURL_HTTP_VERSION_2_0);
      curl_multi_remove_handle(impl.multi, e);
      impl.idle.push_back(e);
      Attempt& a = attempts[i];
      if (a.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        finish(i, absl::ResourceExhaustedError(absl::StrCat(
                      a.path, ": response larger than ", options_.max_response_bytes, " bytes")));
      } else if (IsCertificateError(rc)) {
        std::string why = a.error[0] != '\0' ? a.error : curl_easy_strerror(rc);
        finish(i, absl::FailedPreconditionError(absl::StrCat(
                      a.path, ": TLS certificate verification failed (trusted CAs: ",
                      options_.ca_file.empty() ? "system default" : options_.ca_file, "): ", why)));
      } else if (rc != CURLE_OK) {
        std::string why = a.error[0] != '\0' ? a.error : curl_easy_strerror(rc);
        finish(i, rc == CURLE_OPERATION_TIMEDOUT
                      ? absl::DeadlineExceededError(absl::StrCat(a.path, ": ", why))
                      : absl::UnavailableError(absl::StrCat(a.path, ": ", why)));
      } else {
        a.response.status = static_cast<int>(code);
        finish(i, std::move(a.response));
      }
    }
    if (!active.empty()) {
      int wait_ms = 100;
      if (!waiting.empty() && next_wake != absl::InfiniteFuture()) {
        wait_ms = static_cast<int>(std::clamp<int64_t>(
            absl::ToInt64Milliseconds(next_wake - absl::Now()), 0, 100));
      }
      curl_multi_poll(impl.multi, nullptr, 0, wait_ms, nullptr);
    }
  }
  ReturnSession(*std::move(session));
  return outcomes;
}

bool IsRetryableFetchError(const absl::Status& s) {
  return absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s);
}

std::optional<absl::Duration> ParseRetryAfter(absl::string_view value, absl::Time now) {
  value = absl::StripAsciiWhitespace(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), absl::ascii_isdigit)) {
    uint64_t secs = 0;
    if (!absl::SimpleAtoi(value, &secs)) return absl::InfiniteDuration();  // huge
    return absl::Seconds(static_cast<double>(secs));
  }
  // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
  absl::string_view v = value;
  if (!absl::ConsumeSuffix(&v, " GMT")) return std::nullopt;
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%a, %d %b %Y %H:%M:%S", v, absl::UTCTimeZone(), &t, &err)) {
    return std::nullopt;
  }
  return std::max(absl::ZeroDuration(), t - now);
}

std::string QueryEscape(absl::string_view value) {
  if (value.empty()) return "";  // curl_easy_escape reads a C string for length 0
  InitCurlOnce();
  // libcurl >= 7.82 ignores the handle; it escapes all but [A-Za-z0-9-._~].
  char* escaped = curl_easy_escape(nullptr, value.data(), static_cast<int>(value.size()));
  if (escaped == nullptr) abort();  // out of memory
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

absl::StatusOr<std::unique_ptr<Fetcher>> OpenFetcher(absl::string_view location,
                                                     HttpFetcherOptions options) {
  if (absl::StartsWith(location, "http://") || absl::StartsWith(location, "https://")) {
    options.prefix = std::string(location);
    absl::StatusOr<std::unique_ptr<HttpFetcher>> f = HttpFetcher::Create(std::move(options));
    if (!f.ok()) return f.status();
    return std::unique_ptr<Fetcher>(*std::move(f));
  }
  absl::StatusOr<std::unique_ptr<DirectoryFetcher>> f =
      DirectoryFetcher::Create(std::string(location), options.max_response_bytes);
  if (!f.ok()) return f.status();
  return std::unique_ptr<Fetcher>(*std::move(f));
}

}  // namespace ct
