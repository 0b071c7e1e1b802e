// File: ct/log/open_log.h
// -----------------------------------------------------------------------------
// Opening a log of either kind as a ct::LogReader from its ct::LogInfo: an
// RFC 6962 log (LogApi::kRfc6962, `url`) through an Rfc6962Client, or a
// static-ct-api log (LogApi::kStaticCt, `monitoring_url`: an http(s) prefix
// or a directory) through a TileLogReader. Also: finding a log in a log list
// by description or log ID, and describing a log given on a command line.
//
// Example:
//   CT_ASSIGN_OR_RETURN(const ct::LogInfo* info, ct::FindLogInList(list, "Google 'Argon2025h2'"));
//   CT_ASSIGN_OR_RETURN(std::unique_ptr<ct::OpenedLog> log, ct::OpenLog(*info, {}));
//   CT_ASSIGN_OR_RETURN(ct::TreeHead head, log->reader().LatestTreeHead());
#ifndef CT_LOG_OPEN_LOG_H_
#define CT_LOG_OPEN_LOG_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"
#include "ct/log/log_reader.h"
#include "ct/rfc6962/client.h"
#include "ct/sct/log_info.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/http_fetcher.h"
#include "ct/tiles/note.h"

namespace ct {

// OpenLogOptions configures OpenLog.
struct OpenLogOptions {
  // http: transport options (ca_file, timeouts...); `prefix` is ignored (the
  // log's URL is used).
  HttpFetcherOptions http;
  // parallel: get-entries requests or data tiles in flight.
  int parallel = 1;
  Rfc6962ClientOptions rfc6962;  // RFC 6962 client options (retries, clock)
  // note_verifiers: for static-ct-api logs, checkpoint verifiers to use
  // instead of the one built from LogInfo::key (e.g. Ed25519 note keys).
  std::vector<NoteVerifier> note_verifiers;
  // resolve_issuers: static-ct-api entries carry their issuers' DER in
  // `chain` (fetched by fingerprint), so per-entry checks treat both kinds
  // alike (TileLogReader's resolve_issuers). RFC 6962 entries always do.
  bool resolve_issuers = false;
};

// OpenedLog is an open log: its reader and what the reader needs to live.
// Not copyable.
class OpenedLog final {
 public:
  // reader returns the log's reader (valid as long as this object).
  LogReader& reader() { return *reader_; }
  // info returns the log's description; for a static-ct-api log whose origin
  // was unknown, origin is the checkpoint's (OriginSource::kCheckpoint).
  const LogInfo& info() const { return info_; }
  // rfc6962_client returns the RFC 6962 client, or nullptr for tiles.
  Rfc6962Client* rfc6962_client() { return client_.get(); }
  // tile_fetcher returns the tile fetcher, or nullptr for RFC 6962.
  Fetcher* tile_fetcher() { return fetcher_.get(); }

 private:
  friend absl::StatusOr<std::unique_ptr<OpenedLog>> OpenLog(const LogInfo&,
                                                            const OpenLogOptions&);
  OpenedLog() = default;
  LogInfo info_;
  std::unique_ptr<Fetcher> fetcher_;
  std::unique_ptr<Rfc6962Client> client_;
  std::unique_ptr<LogReader> reader_;  // declared last: destroyed first
};

// OpenLog opens `log` for reading. A static-ct-api log without a known
// origin gets the first line of its checkpoint (kCheckpoint). Errors:
// kInvalidArgument for a bad key, URL or option; fetch errors passed through.
absl::StatusOr<std::unique_ptr<OpenedLog>> OpenLog(const LogInfo& log,
                                                   const OpenLogOptions& options);

// FindLogInList returns the log of `list` whose description equals
// `name_or_log_id` (case-insensitively), or whose log ID it is (base64 or
// hex). kNotFound if none; kInvalidArgument if several descriptions match.
absl::StatusOr<const LogInfo*> FindLogInList(const LogList& list,
                                             absl::string_view name_or_log_id);

// LogInfoFromLocation describes a log given as `location` (an RFC 6962 base
// URL, or a static-ct-api monitoring prefix or directory), its DER
// SubjectPublicKeyInfo `key_der` (may be empty for static-ct-api logs opened
// with note_verifiers) and a user `origin` (may be empty). kInvalidArgument
// for an RFC 6962 location that is not http(s) or a missing RFC 6962 key.
absl::StatusOr<LogInfo> LogInfoFromLocation(absl::string_view location, LogApi api,
                                            ByteSpan key_der, absl::string_view origin);

// LogKey is a log key given by the user: a public key (DER SPKI) or, for a
// static-ct-api log, a note verifier key.
struct LogKey {
  Bytes spki_der;
  std::optional<NoteVerifier> note_verifier;
};

// ResolveLogKey reads `key` as a PEM or DER public key file when a file of
// that name exists (for static-ct-api logs the file may hold a note verifier
// key string instead), else (static-ct-api only) as a note verifier key string.
// kInvalidArgument for a key that does not parse; read errors passed through.
absl::StatusOr<LogKey> ResolveLogKey(const std::string& key, LogApi api);

}  // namespace ct

#endif  // CT_LOG_OPEN_LOG_H_
