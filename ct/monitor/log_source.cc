#include "ct/monitor/log_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/log/verify_log.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/loglist/parse_log_list.h"
#include "ct/tiles/note.h"

namespace ct {
namespace {

bool IsHttpUrl(absl::string_view s) {
  return absl::StartsWith(s, "http://") || absl::StartsWith(s, "https://");
}

std::string LogName(const LogInfo& log) {
  return absl::StrCat("\"", log.description, "\" (log ID ", HashToBase64(log.log_id), ")");
}

// Selected applies the state rules of log_source.h.
bool Selected(const LogInfo& log, absl::Time now, const LogSelection& sel) {
  if (sel.all_states) return true;
  switch (log.state) {
    case LogState::kNone:
    case LogState::kQualified:
    case LogState::kUsable:
    case LogState::kReadOnly:
      return true;
    case LogState::kRetired:
      // A retired log still matters while it may hold certificates that have
      // not expired: those whose notAfter is before its interval's end.
      return log.temporal_interval.has_value() && log.temporal_interval->end_exclusive > now;
    case LogState::kPending:
      return sel.include_pending;
    case LogState::kRejected:
      return sel.include_rejected;
  }
  return false;
}

// WhyNotOpenable returns why OpenLog would refuse `log` before any network
// I/O (the same key and URL checks, with the same owners), or "".
std::string WhyNotOpenable(const LogInfo& log) {
  if (log.api == LogApi::kRfc6962) {
    if (!IsHttpUrl(log.url)) return absl::StrCat("URL \"", log.url, "\" is not http(s)");
    absl::StatusOr<LogVerifier> key = LogVerifier::Create(log.key);
    if (!key.ok()) return absl::StrCat("key: ", key.status().message());
    return "";
  }
  const std::string& url = log.monitoring_url.empty() ? log.submission_url : log.monitoring_url;
  if (!IsHttpUrl(url)) return absl::StrCat("monitoring URL \"", url, "\" is not http(s)");
  if (!log.origin.empty()) {
    absl::StatusOr<NoteVerifier> v = NoteVerifier::ForRfc6962Log(log.origin, log.key);
    if (!v.ok()) return absl::StrCat("key: ", v.status().message());
  } else {
    absl::StatusOr<LogVerifier> key = LogVerifier::Create(log.key);
    if (!key.ok()) return absl::StrCat("key: ", key.status().message());
  }
  return "";
}

absl::string_view WithoutSlash(absl::string_view url) {
  while (absl::EndsWith(url, "/")) url.remove_suffix(1);
  return url;
}

// HowDiffers returns how two descriptions of one log ID differ in what a
// monitor reads (API and URLs), or "" if they do not. The key is the same:
// a log ID is the hash of it.
std::string HowDiffers(const LogInfo& a, const LogInfo& b) {
  if (a.api != b.api) {
    return absl::StrCat("API ", LogApiName(a.api), " vs ", LogApiName(b.api));
  }
  const std::pair<const char*, const std::string LogInfo::*> urls[] = {
      {"url", &LogInfo::url},
      {"submission_url", &LogInfo::submission_url},
      {"monitoring_url", &LogInfo::monitoring_url},
  };
  for (const auto& [name, field] : urls) {
    if (WithoutSlash(a.*field) != WithoutSlash(b.*field)) {
      return absl::StrCat(name, " \"", a.*field, "\" vs \"", b.*field, "\"");
    }
  }
  return "";
}

std::string FormatUtc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

absl::Time NowOf(const LogListSourceOptions& o) {
  return o.now == absl::InfiniteFuture() ? absl::Now() : o.now;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", path));
  return bytes;
}

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// CheckSignature verifies `sig` over `json` with `key`: kBadSignature if not.
absl::Status CheckSignature(const LogVerifier& key, absl::string_view json,
                            absl::string_view sig, absl::string_view what) {
  absl::Status s = key.VerifySha256Signature(AsBytes(json), AsBytes(sig));
  if (!s.ok()) {
    return MakeError(ErrorKind::kBadSignature,
                     absl::StrCat("log list signature of ", what, " (", sig.size(),
                                  " bytes) does not verify over ", json.size(),
                                  " bytes of JSON"));
  }
  return absl::OkStatus();
}

// UrlParts splits a URL into an HttpFetcher prefix and the request path.
struct UrlParts {
  std::string prefix;  // through the last '/' before any query
  std::string path;    // the file name and query
};

absl::StatusOr<UrlParts> SplitUrl(absl::string_view url) {
  const size_t authority = url.find("://");
  const size_t query = url.find('?');
  const size_t slash = url.substr(0, query).rfind('/');
  if (authority == absl::string_view::npos || slash == absl::string_view::npos ||
      slash < authority + 3 || slash + 1 == url.size() || slash + 1 == query) {
    return absl::InvalidArgumentError(
        absl::StrCat("log list URL \"", url, "\" does not name a file"));
  }
  return UrlParts{std::string(url.substr(0, slash + 1)), std::string(url.substr(slash + 1))};
}

// DefaultSignatureUrl replaces the final ".json" of `url`'s path with ".sig".
absl::StatusOr<std::string> DefaultSignatureUrl(absl::string_view url) {
  const size_t query = std::min(url.find('?'), url.size());
  absl::string_view path = url.substr(0, query);
  if (!absl::EndsWith(path, ".json")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "log list URL \"", url, "\" does not end in .json: give the signature URL"));
  }
  path.remove_suffix(5);
  return absl::StrCat(path, ".sig", url.substr(query));
}

absl::StatusOr<std::string> FetchUrl(absl::string_view url, HttpFetcherOptions http) {
  CT_ASSIGN_OR_RETURN(UrlParts parts, SplitUrl(url));
  http.prefix = parts.prefix;
  CT_ASSIGN_OR_RETURN(std::unique_ptr<HttpFetcher> fetcher, HttpFetcher::Create(http));
  absl::StatusOr<std::string> body = fetcher->Fetch(parts.path);
  if (!body.ok()) return Prefix(absl::StrCat("fetching ", url), body.status());
  return body;
}

// CacheFiles are the cached list and signature of one URL.
struct CacheFiles {
  std::string json;
  std::string sig;
};

CacheFiles CacheFilesFor(const std::string& dir, absl::string_view url) {
  const std::string name = HashToHex(Sha256(AsBytes(url)));
  return {absl::StrCat(dir, "/", name, ".json"), absl::StrCat(dir, "/", name, ".sig")};
}

// WriteCache stores `json` (and `sig`, if any) atomically; the JSON file's
// modification time records `fetched_at`. The signature is written first, so
// a crash in between leaves a pair that does not verify, never an unchecked list.
absl::Status WriteCache(const std::string& dir, const CacheFiles& files, absl::string_view json,
                        const std::optional<std::string>& sig, absl::Time fetched_at) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::FailedPreconditionError(absl::StrCat("cannot create ", dir, ": ", ec.message()));
  if (sig.has_value()) {
    CT_RETURN_IF_ERROR(WriteFileAtomically(files.sig, *sig));
  } else if (unlink(files.sig.c_str()) != 0 && errno != ENOENT) {
    return absl::FailedPreconditionError(absl::StrCat("cannot remove ", files.sig));
  }
  CT_RETURN_IF_ERROR(WriteFileAtomically(files.json, json));
  const timespec t = absl::ToTimespec(fetched_at);
  const timespec times[2] = {t, t};
  if (utimensat(AT_FDCWD, files.json.c_str(), times, 0) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot set the time of ", files.json, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// ReadCache returns the cached copy of `url` if it is no older than
// `max_age` at `now`, verifies (with `key`, if any) and parses.
absl::StatusOr<LoadedLogList> ReadCache(const CacheFiles& files, const std::string& url,
                                        const std::optional<LogVerifier>& key, absl::Time now,
                                        absl::Duration max_age) {
  struct stat st;
  if (stat(files.json.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat("no cached copy (", files.json, ")"));
  }
  const absl::Time fetched_at = absl::TimeFromTimespec(st.st_mtim);
  if (now - fetched_at > max_age) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the cached copy (", files.json, ") was fetched at ", FormatUtc(fetched_at),
        ", more than ", absl::FormatDuration(max_age), " ago"));
  }
  CT_ASSIGN_OR_RETURN(std::string json, ReadFile(files.json));
  if (key.has_value()) {
    absl::StatusOr<std::string> sig = ReadFile(files.sig);
    if (!sig.ok()) return absl::NotFoundError("the cached copy has no signature");
    CT_RETURN_IF_ERROR(CheckSignature(*key, json, *sig, "the cached copy"));
  }
  absl::StatusOr<LogList> list = ParseLogList(json);
  if (!list.ok()) return Prefix("the cached copy", list.status());
  return LoadedLogList{*std::move(list), std::move(json), url, fetched_at,
                       /*from_cache=*/true, /*signature_verified=*/key.has_value(), {}};
}

absl::StatusOr<LoadedLogList> LoadFromUrl(const std::string& url, const LogListSourceOptions& o,
                                          const std::optional<LogVerifier>& key) {
  const absl::Time now = NowOf(o);
  std::string sig_url;
  if (key.has_value()) {
    if (!o.signature_url.empty()) {
      sig_url = o.signature_url;
    } else {
      CT_ASSIGN_OR_RETURN(sig_url, DefaultSignatureUrl(url));
    }
  }
  std::vector<std::string> warnings;
  std::string cache_dir;
  if (o.use_cache) {
    if (!o.cache_dir.empty()) {
      cache_dir = o.cache_dir;
    } else {
      absl::StatusOr<std::string> dir = DefaultLogListCacheDir();
      if (dir.ok()) {
        cache_dir = *std::move(dir);
      } else {
        warnings.push_back(absl::StrCat("log list not cached: ", dir.status().message()));
      }
    }
  }

  absl::StatusOr<std::string> json = FetchUrl(url, o.http);
  std::optional<std::string> sig;
  absl::Status fetch_error = json.status();
  if (json.ok() && key.has_value()) {
    absl::StatusOr<std::string> s = FetchUrl(sig_url, o.http);
    if (s.ok()) {
      sig = *std::move(s);
    } else {
      fetch_error = s.status();
    }
  }
  if (fetch_error.ok()) {
    // What the server serves is checked and parsed as is: a list that does not
    // verify or parse is an error, not a reason to fall back to the cache.
    if (key.has_value()) CT_RETURN_IF_ERROR(CheckSignature(*key, *json, *sig, url));
    absl::StatusOr<LogList> list = ParseLogList(*json);
    if (!list.ok()) return Prefix(url, list.status());
    if (!cache_dir.empty()) {
      absl::Status s = WriteCache(cache_dir, CacheFilesFor(cache_dir, url), *json, sig, now);
      if (!s.ok()) warnings.push_back(absl::StrCat("log list cache not written: ", s.message()));
    }
    return LoadedLogList{*std::move(list), *std::move(json), url, now, /*from_cache=*/false,
                         /*signature_verified=*/key.has_value(), std::move(warnings)};
  }
  // A bad URL or transport option is the caller's to fix, not an outage.
  if (cache_dir.empty() || absl::IsInvalidArgument(fetch_error)) return fetch_error;
  absl::StatusOr<LoadedLogList> cached =
      ReadCache(CacheFilesFor(cache_dir, url), url, key, now, o.max_cache_age);
  if (!cached.ok()) {
    // The fetch error is what the caller branches on; the cache says why it
    // did not help.
    return absl::Status(fetch_error.code(), absl::StrCat(fetch_error.message(), "; not using the cache: ",
                                                         cached.status().message()));
  }
  warnings.push_back(absl::StrCat(fetch_error.message(), "; using the copy cached at ",
                                  FormatUtc(cached->fetched_at)));
  cached->warnings = std::move(warnings);
  return cached;
}

absl::StatusOr<LoadedLogList> LoadFromFile(const std::string& path, const LogListSourceOptions& o,
                                           const std::optional<LogVerifier>& key) {
  CT_ASSIGN_OR_RETURN(std::string json, ReadFile(path));
  if (key.has_value()) {
    std::string sig_path = o.signature_path;
    if (sig_path.empty()) {
      sig_path = path + ".sig";
      if (!FileExists(sig_path) && absl::EndsWith(path, ".json")) {
        sig_path = absl::StrCat(path.substr(0, path.size() - 5), ".sig");  // Chrome's naming
      }
    }
    CT_ASSIGN_OR_RETURN(std::string sig, ReadFile(sig_path));
    CT_RETURN_IF_ERROR(CheckSignature(*key, json, sig, path));
  }
  absl::StatusOr<LogList> list = ParseLogList(json);
  if (!list.ok()) return Prefix(path, list.status());
  return LoadedLogList{*std::move(list), std::move(json), path, NowOf(o), /*from_cache=*/false,
                       /*signature_verified=*/key.has_value(), {}};
}

}  // namespace

SelectedLogs SelectMonitoredLogs(absl::Span<const LogList> lists, absl::Time now,
                                 const LogSelection& sel) {
  SelectedLogs out;
  struct First {
    size_t index;  // in out.logs
    size_t list;   // in lists
  };
  absl::flat_hash_map<LogId, First> first;
  for (size_t li = 0; li < lists.size(); ++li) {
    for (const LogInfo& log : lists[li].logs()) {
      if (!Selected(log, now, sel)) continue;
      auto it = first.find(log.log_id);
      if (it != first.end()) {
        const std::string diff = HowDiffers(out.logs[it->second.index], log);
        if (!diff.empty()) {
          out.warnings.push_back(absl::StrCat("log ", LogName(log), " differs between log lists ",
                                              it->second.list + 1, " and ", li + 1, " (", diff,
                                              "); using list ", it->second.list + 1, "'s"));
        }
        continue;
      }
      const std::string why = WhyNotOpenable(log);
      if (!why.empty()) {
        out.warnings.push_back(absl::StrCat("log ", LogName(log), " of log list ", li + 1,
                                            " skipped: cannot be opened: ", why));
        continue;
      }
      first.emplace(log.log_id, First{out.logs.size(), li});
      out.logs.push_back(log);
    }
  }
  return out;
}

absl::StatusOr<LoadedLogList> LoadLogList(const std::string& file_or_url,
                                          const LogListSourceOptions& o) {
  std::optional<LogVerifier> key;
  if (!o.signature_key.empty()) {
    absl::StatusOr<LogVerifier> k =
        LogVerifier::CreateFromPemOrDer(o.signature_key, LogVerifier::KeyUse::kLogList);
    if (!k.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("log list signature key: ", k.status().message()));
    }
    key = *std::move(k);
  }
  if (IsHttpUrl(file_or_url)) return LoadFromUrl(file_or_url, o, key);
  return LoadFromFile(file_or_url, o, key);
}

absl::StatusOr<std::string> DefaultLogListCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return absl::StrCat(xdg, "/ctcore/loglists");
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return absl::StrCat(home, "/.cache/ctcore/loglists");
  return absl::FailedPreconditionError("neither XDG_CACHE_HOME nor HOME is set");
}

}  // namespace ct
