#include "ct/log/open_log.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ct/base/encoding.h"
#include "ct/base/errors.h"
#include "ct/rfc6962/log_reader.h"
#include "ct/sct/log_id.h"
#include "ct/sct/log_verifier.h"
#include "ct/tiles/tile_log_reader.h"

namespace ct {
namespace {

bool IsHttpUrl(absl::string_view s) {
  return absl::StartsWith(s, "http://") || absl::StartsWith(s, "https://");
}

std::string WithSlash(absl::string_view url) {
  std::string s(url);
  if (!absl::EndsWith(s, "/")) s += '/';
  return s;
}

}  // namespace

absl::StatusOr<std::unique_ptr<OpenedLog>> OpenLog(const LogInfo& log,
                                                   const OpenLogOptions& options) {
  if (options.parallel < 1 || options.parallel > 256) {
    return absl::InvalidArgumentError("parallel must be 1..256");
  }
  std::unique_ptr<OpenedLog> opened(new OpenedLog());
  opened->info_ = log;
  if (log.api == LogApi::kRfc6962) {
    if (!IsHttpUrl(log.url)) {
      return absl::InvalidArgumentError(
          absl::StrCat("RFC 6962 log URL is not http(s): \"", log.url, "\""));
    }
    absl::StatusOr<LogVerifier> key = LogVerifier::Create(log.key);
    if (!key.ok()) return Prefix("log key", key.status());
    HttpFetcherOptions http = options.http;
    http.prefix = WithSlash(log.url);
    CT_ASSIGN_OR_RETURN(opened->client_,
                        Rfc6962Client::CreateHttp(http, *std::move(key), options.rfc6962));
    Rfc6962ReaderOptions ro;
    ro.parallel_requests = options.parallel;
    opened->reader_ = std::make_unique<Rfc6962LogReader>(opened->client_.get(), ro);
    return opened;
  }
  const std::string& location = log.monitoring_url.empty() ? log.submission_url
                                                           : log.monitoring_url;
  if (location.empty()) return absl::InvalidArgumentError("static-ct-api log without a URL");
  CT_ASSIGN_OR_RETURN(opened->fetcher_, OpenFetcher(location, options.http));
  if (opened->info_.origin.empty()) {
    absl::StatusOr<std::string> note = opened->fetcher_->Fetch("checkpoint");
    if (!note.ok()) return Prefix("checkpoint", note.status());
    CT_RETURN_IF_ERROR(ResolveCheckpointOrigin("", *note, &opened->info_));
  }
  std::vector<NoteVerifier> verifiers = options.note_verifiers;
  if (verifiers.empty()) {
    absl::StatusOr<NoteVerifier> v = NoteVerifier::ForRfc6962Log(opened->info_.origin, log.key);
    if (!v.ok()) return Prefix("log key", v.status());
    verifiers.push_back(*std::move(v));
  }
  opened->reader_ = std::make_unique<TileLogReader>(
      opened->fetcher_.get(), std::move(verifiers), opened->info_.origin,
      std::max(16, options.parallel), options.resolve_issuers);
  return opened;
}

absl::StatusOr<const LogInfo*> FindLogInList(const LogList& list,
                                             absl::string_view name_or_log_id) {
  const std::string want(absl::StripAsciiWhitespace(name_or_log_id));
  const LogInfo* found = nullptr;
  for (const LogInfo& log : list.logs()) {
    if (!absl::EqualsIgnoreCase(log.description, want)) continue;
    if (found != nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("several logs are described as \"", want, "\"; give a log ID"));
    }
    found = &log;
  }
  if (found != nullptr) return found;
  for (auto decode : {Base64Decode, HexDecode}) {
    absl::StatusOr<Bytes> id = decode(want);
    if (!id.ok() || id->size() != LogId().size()) continue;
    if (const LogInfo* log = list.FindLog(*id)) return log;
  }
  return absl::NotFoundError(
      absl::StrCat("no log described as or with log ID \"", want, "\" in the log list"));
}

absl::StatusOr<LogInfo> LogInfoFromLocation(absl::string_view location, LogApi api,
                                            ByteSpan key_der, absl::string_view origin) {
  LogInfo log;
  log.api = api;
  log.key.assign(key_der.begin(), key_der.end());
  if (!key_der.empty()) log.log_id = LogIdFromKey(key_der);
  if (api == LogApi::kRfc6962) {
    if (!IsHttpUrl(location)) {
      return absl::InvalidArgumentError(
          absl::StrCat("an RFC 6962 log is an http(s) URL, not \"", location, "\""));
    }
    if (key_der.empty()) return absl::InvalidArgumentError("an RFC 6962 log needs its key");
    log.url = WithSlash(location);
    log.description = log.url;
  } else {
    log.monitoring_url = std::string(location);
    log.description = log.monitoring_url;
  }
  if (!origin.empty()) {
    log.origin = std::string(origin);
    log.origin_source = OriginSource::kUser;
  }
  return log;
}

absl::StatusOr<LogKey> ResolveLogKey(const std::string& key, LogApi api) {
  LogKey out;
  struct stat st;
  if (stat(key.c_str(), &st) == 0) {
    std::ifstream in(key, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", key));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", key));
    absl::StatusOr<LogVerifier> v = LogVerifier::CreateFromPemOrDer(bytes);
    if (v.ok()) {
      out.spki_der.assign(v->spki().begin(), v->spki().end());
      return out;
    }
    if (api == LogApi::kStaticCt) {  // a file holding a note verifier key string
      absl::StatusOr<NoteVerifier> n =
          NoteVerifier::FromVerifierKey(absl::StripAsciiWhitespace(bytes));
      if (n.ok()) {
        out.note_verifier = *std::move(n);
        return out;
      }
    }
    return absl::InvalidArgumentError(absl::StrCat(key, ": ", v.status().message()));
  }
  if (api != LogApi::kStaticCt) {
    return absl::InvalidArgumentError("an RFC 6962 log's key is a PEM or DER file");
  }
  absl::StatusOr<NoteVerifier> v = NoteVerifier::FromVerifierKey(key);
  if (!v.ok()) return absl::InvalidArgumentError(v.status().message());
  out.note_verifier = *std::move(v);
  return out;
}

}  // namespace ct
