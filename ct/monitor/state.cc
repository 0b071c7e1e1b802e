#include "ct/monitor/state.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"

namespace ct {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS logs (
  log TEXT PRIMARY KEY,
  cursor BLOB NOT NULL,
  stopped TEXT
);
CREATE TABLE IF NOT EXISTS certificates (
  tbs_sha256 BLOB PRIMARY KEY,
  first_log TEXT NOT NULL,
  first_index INTEGER NOT NULL,
  precertificate INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  event_json TEXT NOT NULL,
  seen_at INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);
CREATE TABLE IF NOT EXISTS sightings (
  log TEXT NOT NULL,
  idx INTEGER NOT NULL,
  tbs_sha256 BLOB NOT NULL,
  precertificate INTEGER NOT NULL,
  PRIMARY KEY (log, idx)
);
CREATE INDEX IF NOT EXISTS sightings_by_tbs ON sightings (tbs_sha256);
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER NOT NULL,
  channel TEXT NOT NULL,
  PRIMARY KEY (seq, channel)
);
CREATE TABLE IF NOT EXISTS channels (
  channel TEXT PRIMARY KEY,
  from_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS authorized (
  tbs_sha256 BLOB PRIMARY KEY,
  note TEXT NOT NULL
);
)sql";

// Stmt is one prepared statement, finalized on destruction.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = prepare_rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  // Borrows a statement prepared earlier (kept by its owner across calls):
  // reset and unbound on destruction instead of finalized.
  Stmt(sqlite3* db, sqlite3_stmt* prepared) : db_(db), stmt_(prepared), owned_(false) {}
  // Release hands the prepared statement over to the caller (to keep across
  // calls and borrow with the constructor above); null if preparing failed.
  sqlite3_stmt* Release() {
    sqlite3_stmt* stmt = prepare_rc_ == SQLITE_OK ? stmt_ : nullptr;
    if (stmt != nullptr) stmt_ = nullptr;  // finalize(nullptr) is a no-op
    return stmt;
  }
  // Reset makes the statement ready to be bound and run again.
  Stmt& Reset() {
    if (prepare_rc_ == SQLITE_OK) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
      rc_ = SQLITE_OK;
    }
    return *this;
  }
  ~Stmt() {
    if (owned_) {
      sqlite3_finalize(stmt_);
    } else {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  absl::Status status() const { return Check(rc_, "prepare"); }
  Stmt& Text(int i, absl::string_view v) {
    // An empty view may have a null data(), which SQLite would bind as NULL.
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_text(stmt_, i, v.empty() ? "" : v.data(), v.size(),
                                                  SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Blob(int i, ByteSpan v) {
    if (rc_ == SQLITE_OK) {
      rc_ = v.empty() ? sqlite3_bind_zeroblob(stmt_, i, 0)
                      : sqlite3_bind_blob(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT);
    }
    return *this;
  }
  Stmt& Int(int i, int64_t v) {
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // Step returns true while there is a row; errors go to status().
  bool Step() {
    if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW && rc_ != SQLITE_DONE) return false;
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_ROW;
  }
  absl::Status Run() {
    Step();
    return rc_ == SQLITE_DONE || rc_ == SQLITE_ROW ? absl::OkStatus() : Check(rc_, "step");
  }
  absl::Status Done() const {
    return rc_ == SQLITE_DONE || rc_ == SQLITE_ROW || rc_ == SQLITE_OK ? absl::OkStatus()
                                                                        : Check(rc_, "step");
  }
  std::string ColText(int i) const {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t == nullptr ? "" : ToString(ByteSpan(t, sqlite3_column_bytes(stmt_, i)));
  }
  std::string ColBlob(int i) const {
    const void* b = sqlite3_column_blob(stmt_, i);
    return b == nullptr ? "" : std::string(static_cast<const char*>(b), sqlite3_column_bytes(stmt_, i));
  }
  int64_t ColInt(int i) const { return sqlite3_column_int64(stmt_, i); }
  bool ColNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

 private:
  absl::Status Check(int rc, absl::string_view what) const {
    if (rc == SQLITE_OK) return absl::OkStatus();
    return absl::InternalError(absl::StrCat("monitor state: ", what, ": ", sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool owned_ = true;
  int prepare_rc_ = SQLITE_OK;
  int rc_ = SQLITE_OK;
};

ByteSpan HashBytes(const Hash& h) { return ByteSpan(h.data(), h.size()); }

}  // namespace

void MonitorState::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }
void MonitorState::Finalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

absl::StatusOr<std::string> DefaultMonitorStatePath() {
  const char* xdg = std::getenv("XDG_STATE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return absl::StrCat(xdg, "/ctcore/monitor.db");
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return absl::StrCat(home, "/.local/state/ctcore/monitor.db");
  return absl::FailedPreconditionError("neither XDG_STATE_HOME nor HOME is set: give --state");
}

absl::StatusOr<std::unique_ptr<MonitorState>> MonitorState::Open(const std::string& path,
                                                                 Mode mode) {
  int lock_fd = -1;
  if (mode == kMonitor) {
    const std::string lock_path = path + ".lock";
    lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot open ", lock_path, ": ", std::strerror(errno)));
    }
    if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(lock_fd);
      return absl::FailedPreconditionError(
          absl::StrCat("state database ", path, " is in use by another ct monitor"));
    }
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, Closer> db(raw);
  if (rc != SQLITE_OK) {
    std::string why = raw != nullptr ? sqlite3_errmsg(raw) : "out of memory";
    if (lock_fd >= 0) ::close(lock_fd);
    return absl::FailedPreconditionError(absl::StrCat("cannot open ", path, ": ", why));
  }
  std::unique_ptr<MonitorState> state(new MonitorState(std::move(db), lock_fd));
  sqlite3_busy_timeout(state->db_.get(), 10000);
  CT_RETURN_IF_ERROR(state->Exec("PRAGMA journal_mode=WAL"));
  CT_RETURN_IF_ERROR(state->Exec("PRAGMA synchronous=NORMAL"));
  CT_RETURN_IF_ERROR(state->Exec("PRAGMA foreign_keys=ON"));
  Stmt version(state->db_.get(), "PRAGMA user_version");
  if (!version.Step()) return version.Done().ok() ? absl::InternalError("no user_version") : version.Done();
  const int64_t v = version.ColInt(0);
  if (v != 0 && v != kMonitorStateSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " has state schema version ", v, "; this ct understands ", kMonitorStateSchemaVersion));
  }
  if (v == 0) {
    CT_RETURN_IF_ERROR(state->Exec("BEGIN IMMEDIATE"));
    absl::Status s = state->Exec(kSchema);
    if (s.ok()) s = state->Exec("PRAGMA user_version=1");
    if (!s.ok()) {
      state->Exec("ROLLBACK").IgnoreError();
      return s;
    }
    CT_RETURN_IF_ERROR(state->Exec("COMMIT"));
  } else {
    // Tables added within schema version 1 (channels), for databases made
    // before them; a no-op once they exist.
    CT_RETURN_IF_ERROR(state->Exec(kSchema));
  }
  return state;
}

MonitorState::~MonitorState() {
  is_authorized_.reset();
  db_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

absl::Status MonitorState::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err != nullptr ? err : sqlite3_errmsg(db_.get());
    sqlite3_free(err);
    return absl::InternalError(absl::StrCat("monitor state: ", why));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> MonitorState::LoadCursor(absl::string_view log) {
  Stmt q(db_.get(), "SELECT cursor FROM logs WHERE log = ?");
  q.Text(1, log);
  if (q.Step()) return std::optional<std::string>(q.ColBlob(0));
  CT_RETURN_IF_ERROR(q.Done());
  return std::optional<std::string>();
}

absl::Status MonitorState::CommitBatch(absl::string_view log, absl::string_view cursor,
                                       absl::Span<const Record> records) {
  CT_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto body = [&]() -> absl::Status {
    Stmt up(db_.get(),
            "INSERT INTO logs (log, cursor) VALUES (?, ?) "
            "ON CONFLICT(log) DO UPDATE SET cursor = excluded.cursor");
    CT_RETURN_IF_ERROR(up.Text(1, log).Blob(2, AsBytes(cursor)).Run());
    if (records.empty()) return absl::OkStatus();
    // Prepared once per batch, reset per record.
    Stmt cert(db_.get(),
              "INSERT OR IGNORE INTO certificates (tbs_sha256, first_log, first_index, "
              "precertificate, verdict, event_json) VALUES (?, ?, ?, ?, ?, ?)");
    Stmt seen(db_.get(),
              "INSERT OR IGNORE INTO sightings (log, idx, tbs_sha256, precertificate) "
              "VALUES (?, ?, ?, ?)");
    Stmt out(db_.get(), "INSERT OR IGNORE INTO outbox (id, json) VALUES (?, ?)");
    for (const Record& r : records) {
      bool queue = r.kind == Record::kEvent;
      if (r.kind == Record::kCertificate) {
        CT_RETURN_IF_ERROR(cert.Reset()
                               .Blob(1, HashBytes(r.tbs_sha256))
                               .Text(2, log)
                               .Int(3, static_cast<int64_t>(r.index))
                               .Int(4, r.precertificate)
                               .Text(5, r.verdict)
                               .Text(6, r.event_json)
                               .Run());
        queue = sqlite3_changes(db_.get()) == 1 && r.alert;
        CT_RETURN_IF_ERROR(seen.Reset()
                               .Text(1, log)
                               .Int(2, static_cast<int64_t>(r.index))
                               .Blob(3, HashBytes(r.tbs_sha256))
                               .Int(4, r.precertificate)
                               .Run());
      }
      if (queue) {
        CT_RETURN_IF_ERROR(out.Reset().Text(1, r.event_id).Text(2, r.event_json).Run());
      }
    }
    return absl::OkStatus();
  };
  absl::Status s = body();
  if (!s.ok()) {
    Exec("ROLLBACK").IgnoreError();
    return s;
  }
  return Exec("COMMIT");
}

absl::Status MonitorState::StopLog(absl::string_view log, absl::string_view reason) {
  Stmt q(db_.get(),
         "INSERT INTO logs (log, cursor, stopped) VALUES (?, x'', ?) "
         "ON CONFLICT(log) DO UPDATE SET stopped = excluded.stopped");
  return q.Text(1, log).Text(2, reason).Run();
}

absl::StatusOr<std::optional<std::string>> MonitorState::StoppedReason(absl::string_view log) {
  Stmt q(db_.get(), "SELECT stopped FROM logs WHERE log = ? AND stopped IS NOT NULL");
  q.Text(1, log);
  if (q.Step()) return std::optional<std::string>(q.ColText(0));
  CT_RETURN_IF_ERROR(q.Done());
  return std::optional<std::string>();
}

absl::StatusOr<std::vector<PendingEvent>> MonitorState::Pending(absl::string_view channel,
                                                                int limit) {
  Stmt q(db_.get(),
         "SELECT seq, id, json FROM outbox "
         "WHERE seq > COALESCE((SELECT from_seq FROM channels WHERE channel = ?1), 0) "
         "AND seq NOT IN (SELECT seq FROM deliveries WHERE channel = ?1) ORDER BY seq LIMIT ?2");
  q.Text(1, channel).Int(2, limit);
  std::vector<PendingEvent> out;
  while (q.Step()) out.push_back({q.ColInt(0), q.ColText(1), q.ColText(2)});
  CT_RETURN_IF_ERROR(q.Done());
  return out;
}

absl::StatusOr<int64_t> MonitorState::CountPending(absl::string_view channel) {
  Stmt q(db_.get(),
         "SELECT COUNT(*) FROM outbox "
         "WHERE seq > COALESCE((SELECT from_seq FROM channels WHERE channel = ?1), 0) "
         "AND seq NOT IN (SELECT seq FROM deliveries WHERE channel = ?1)");
  q.Text(1, channel);
  if (q.Step()) return q.ColInt(0);
  CT_RETURN_IF_ERROR(q.Done());
  return absl::InternalError("monitor state: COUNT returned no row");
}

absl::StatusOr<int64_t> MonitorState::RegisterChannel(absl::string_view channel) {
  Stmt add(db_.get(),
           "INSERT OR IGNORE INTO channels (channel, from_seq) "
           "VALUES (?, (SELECT COALESCE(MAX(seq), 0) FROM outbox))");
  CT_RETURN_IF_ERROR(add.Text(1, channel).Run());
  Stmt q(db_.get(), "SELECT from_seq FROM channels WHERE channel = ?");
  q.Text(1, channel);
  if (q.Step()) return q.ColInt(0);
  CT_RETURN_IF_ERROR(q.Done());
  return absl::InternalError("monitor state: channel not recorded");
}

absl::Status MonitorState::MarkDelivered(int64_t seq, absl::string_view channel) {
  return MarkDelivered(absl::MakeConstSpan(&seq, 1), channel);
}

absl::Status MonitorState::MarkDelivered(absl::Span<const int64_t> seqs,
                                         absl::string_view channel) {
  if (seqs.empty()) return absl::OkStatus();
  CT_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Stmt q(db_.get(), "INSERT OR IGNORE INTO deliveries (seq, channel) VALUES (?, ?)");
  for (int64_t seq : seqs) {
    absl::Status s = q.Reset().Int(1, seq).Text(2, channel).Run();
    if (!s.ok()) {
      Exec("ROLLBACK").IgnoreError();
      return s;
    }
  }
  return Exec("COMMIT");
}

absl::Status MonitorState::Authorize(const Hash& tbs_sha256, absl::string_view note) {
  Stmt q(db_.get(), "INSERT OR REPLACE INTO authorized (tbs_sha256, note) VALUES (?, ?)");
  return q.Blob(1, HashBytes(tbs_sha256)).Text(2, note).Run();
}

absl::StatusOr<bool> MonitorState::IsAuthorized(const Hash& tbs_sha256) {
  if (is_authorized_ == nullptr) {
    Stmt prepared(db_.get(), "SELECT 1 FROM authorized WHERE tbs_sha256 = ?");
    CT_RETURN_IF_ERROR(prepared.status());
    is_authorized_.reset(prepared.Release());
  }
  Stmt q(db_.get(), is_authorized_.get());
  q.Blob(1, HashBytes(tbs_sha256));
  if (q.Step()) return true;
  CT_RETURN_IF_ERROR(q.Done());
  return false;
}

absl::StatusOr<std::vector<CertificateReport>> MonitorState::Report() {
  Stmt q(db_.get(),
         "SELECT c.tbs_sha256, c.verdict, c.event_json, "
         "EXISTS (SELECT 1 FROM authorized a WHERE a.tbs_sha256 = c.tbs_sha256) "
         "FROM certificates c ORDER BY c.rowid");
  std::vector<CertificateReport> out;
  while (q.Step()) {
    CertificateReport r;
    std::string tbs = q.ColBlob(0);
    if (tbs.size() == kHashSize) std::copy(tbs.begin(), tbs.end(), r.tbs_sha256.begin());
    r.verdict = q.ColText(1);
    r.event_json = q.ColText(2);
    r.authorized = q.ColInt(3) != 0;
    out.push_back(std::move(r));
  }
  CT_RETURN_IF_ERROR(q.Done());
  for (CertificateReport& r : out) {
    Stmt s(db_.get(), "SELECT log, idx FROM sightings WHERE tbs_sha256 = ? ORDER BY rowid");
    s.Blob(1, HashBytes(r.tbs_sha256));
    while (s.Step()) r.sightings.emplace_back(s.ColText(0), static_cast<uint64_t>(s.ColInt(1)));
    CT_RETURN_IF_ERROR(s.Done());
  }
  return out;
}

}  // namespace ct
