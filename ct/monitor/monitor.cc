#include "ct/monitor/monitor.h"

#include <arpa/inet.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/base/errors.h"
#include "ct/monitor/entry_facts.h"
#include "ct/monitor/verdict.h"

namespace ct {
namespace {

bool IsZero(const LogId& id) {
  return std::all_of(id.begin(), id.end(), [](uint8_t b) { return b == 0; });
}

std::string LogUrl(const LogInfo& log) {
  return log.api == LogApi::kRfc6962 ? log.url : log.monitoring_url;
}

// StateKey is the key of a log in the state database: its log ID (base64),
// or its URL for a log known only by a note verifier key.
std::string StateKey(const LogInfo& log) {
  if (!IsZero(log.log_id)) return Base64Encode(log.log_id);
  return absl::StrCat("url:", LogUrl(log));
}

// IsMisbehaviour reports whether `s` is the log contradicting itself or its
// key, rather than a transport problem.
bool IsMisbehaviour(const absl::Status& s) { return IsVerificationFailure(s); }

std::optional<std::string> IpTextOf(absl::string_view text) {
  uint8_t buf[16];
  std::string s(text);
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return IpToText(ByteSpan(buf, 4));
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return IpToText(ByteSpan(buf, 16));
  return std::nullopt;
}

}  // namespace

std::string MonitorLogName(const LogInfo& log) {
  return log.description.empty() ? LogUrl(log) : log.description;
}

namespace {

// Analyze is AnalyzeForWatchList with the names' storage (`ids`) reused
// across entries. Every entry pays for its names and the match only
// (EntryIdentifiers: a parse, no hashing, no text, no copies); the full
// analysis runs for the entries that match or are malformed.
std::optional<MonitorEvent> Analyze(const LogInfo& log, const LogEntry& entry,
                                    const WatchList& list,
                                    const std::function<bool(const Hash&, const Hash&)>& authorized,
                                    CertIdentifiers* ids) {
  absl::Status names = EntryIdentifiers(entry, ids);
  std::vector<WatchMatch> matches;
  if (names.ok()) {
    matches = list.Match(*ids);
    if (matches.empty()) return std::nullopt;
  }
  MonitorEvent e;
  e.log = MonitorLogName(log);
  e.log_id = IsZero(log.log_id) ? "" : Base64Encode(log.log_id);
  e.log_url = LogUrl(log);
  e.index = entry.index;
  e.timestamp_ms = entry.timestamp;
  absl::StatusOr<EntryFacts> facts =
      names.ok() ? AnalyzeEntry(entry) : absl::StatusOr<EntryFacts>(names);
  if (!facts.ok()) {
    e.kind = EventKind::kMalformedEntry;
    e.id = absl::StrCat("malformed:", e.log_id.empty() ? e.log_url : e.log_id, ":", entry.index);
    e.error = std::string(facts.status().message());
    return e;
  }

  e.kind = EventKind::kCertificate;
  e.id = absl::StrCat("cert:", HexEncode(facts->tbs_sha256));
  e.precertificate = facts->precertificate;
  e.names = facts->dns_names;
  for (const Bytes& ip : facts->ip_addresses) e.ip_addresses.push_back(IpToText(ip));
  if (facts->common_name.has_value()) {
    const std::string& cn = *facts->common_name;
    if (std::optional<std::string> ip = IpTextOf(cn)) {
      if (std::find(e.ip_addresses.begin(), e.ip_addresses.end(), *ip) == e.ip_addresses.end()) {
        e.ip_addresses.push_back(*ip);
      }
    } else if (std::find(e.names.begin(), e.names.end(), cn) == e.names.end()) {
      e.names.push_back(cn);
    }
  }
  for (const WatchMatch& m : matches) {
    if (std::find(e.matched.begin(), e.matched.end(), m.pattern) == e.matched.end()) {
      e.matched.push_back(m.pattern);
    }
  }
  e.tbs_sha256 = facts->tbs_sha256;
  e.cert_sha256 = facts->cert_sha256;
  e.pubkey_sha256 = facts->pubkey_sha256;
  e.subject = facts->subject;
  e.issuer = facts->issuer;
  e.issuer_org = facts->issuer_orgs.empty() ? "" : facts->issuer_orgs.front();
  e.serial = facts->serial_hex;
  e.not_before = facts->not_before;
  e.not_after = facts->not_after;
  CertFacts cf;
  for (const std::string& o : facts->issuer_orgs) cf.issuer_orgs.push_back(o);
  cf.not_before = facts->not_before;
  cf.not_after = facts->not_after;
  Assessment a = Assess(list, matches, cf, authorized(facts->tbs_sha256, facts->pubkey_sha256));
  e.verdict = std::string(VerdictName(a.verdict));
  for (Reason r : a.reasons) e.reasons.emplace_back(ReasonName(r));
  return e;
}

// NeedsAnalysis is Analyze's first step alone: whether `entry` matches the
// list or is malformed (and so needs the full analysis).
bool NeedsAnalysis(const LogEntry& entry, const WatchList& list, CertIdentifiers* ids) {
  return !EntryIdentifiers(entry, ids).ok() || !list.Match(*ids).empty();
}

}  // namespace

std::optional<MonitorEvent> AnalyzeForWatchList(
    const LogInfo& log, const LogEntry& entry, const WatchList& list,
    const std::function<bool(const Hash&, const Hash&)>& authorized) {
  CertIdentifiers ids;
  return Analyze(log, entry, list, authorized, &ids);
}

// LogTask is one log's scheduling state inside Run.
struct Monitor::LogTask {
  LogInfo info;
  std::string name;
  std::string key;
  std::unique_ptr<OpenedLog> opened;
  absl::Time next = absl::InfinitePast();
  bool running = false;
  bool finished = false;  // one-pass: done; follow: stopped or removed
  bool removed = false;
  LogResult result;
};

// Worker runs turns of logs with its own database connection.
class Monitor::Worker {
 public:
  Worker(Monitor& monitor, MonitorState& db, absl::Notification* stop)
      : m_(monitor), db_(db), stop_(stop) {}

  // Turn reads `task`'s log up to its current tree head (or the per-turn
  // limit). Returns true when the log is caught up or must not be retried
  // soon (stopped), false when more entries wait.
  bool Turn(LogTask& task) {
    LogResult& r = task.result;
    absl::StatusOr<std::optional<std::string>> stopped = db_.StoppedReason(task.key);
    if (!stopped.ok()) {
      r.status = stopped.status();
      return true;
    }
    if (stopped->has_value()) {
      r.stopped = true;
      r.status = absl::FailedPreconditionError(
          absl::StrCat("log stopped after misbehaving: ", **stopped));
      return true;
    }
    if (task.opened == nullptr) {
      absl::StatusOr<std::unique_ptr<OpenedLog>> opened = OpenLog(task.info, m_.options_.open);
      if (!opened.ok()) {
        r.status = Prefix("cannot open log", opened.status());
        return true;
      }
      task.opened = *std::move(opened);
    }
    LogReader& reader = task.opened->reader();
    const absl::Time start = absl::Now();
    uint64_t entries_this_turn = 0;

    absl::StatusOr<TreeHead> head = reader.LatestTreeHead();
    if (!head.ok()) {
      if (IsMisbehaviour(head.status())) {
        Misbehave(task, LogCursor(), head.status(), "", "", 0);
      } else {
        r.status = Prefix("latest tree head", head.status());
      }
      return true;
    }

    absl::StatusOr<std::optional<std::string>> stored = db_.LoadCursor(task.key);
    if (!stored.ok()) {
      r.status = stored.status();
      return true;
    }
    LogCursor cursor;
    bool fresh = !stored->has_value();
    if (!fresh) {
      absl::StatusOr<LogCursor> c = LogCursor::Deserialize(AsBytes(**stored));
      if (!c.ok()) {
        r.status = Prefix("stored cursor", c.status());
        return true;
      }
      cursor = *std::move(c);
    } else if (!m_.options_.backfill && head->size > 0) {
      absl::StatusOr<LogCursor> c = LogCursor::AtTreeHead(reader, *head);
      if (!c.ok()) {
        if (IsMisbehaviour(c.status())) {
          Misbehave(task, LogCursor(), c.status(), "", head->evidence, head->size);
        } else {
          r.status = Prefix("starting at the tree head", c.status());
        }
        return true;
      }
      cursor = *std::move(c);
    }

    const std::optional<TreeHead> old_head = cursor.tree_head();
    absl::StatusOr<TreeHeadUpdate> update =
        cursor.Update(reader, *head, m_.options_.now(), m_.options_.cursor);
    if (!update.ok()) {
      if (IsMisbehaviour(update.status())) {
        Misbehave(task, cursor, update.status(), old_head ? old_head->evidence : "",
                  head->evidence, head->size);
      } else {
        r.status = Prefix("tree head update", update.status());
      }
      return true;
    }
    if (fresh || !(old_head.has_value() && *old_head == *cursor.tree_head())) {
      absl::Status s = db_.CommitBatch(task.key, cursor.Serialize(), {});
      if (!s.ok()) {
        r.status = s;
        return true;
      }
    }
    r.tree_size = cursor.tree_head()->size;
    r.position = cursor.position();
    Report(task, cursor.position(), entries_this_turn, start, false, absl::OkStatus());

    std::shared_ptr<const WatchList> list = m_.watch_list();
    auto authorized = [&](const Hash& tbs, const Hash& key) {
      if (m_.options_.known_keys.contains(key)) return true;
      absl::StatusOr<bool> a = db_.IsAuthorized(tbs);
      return a.ok() && *a;
    };
    // Names and the match run on each entry as it arrives (cursor Scan, while
    // its bytes are in cache), and only the entries that need the full
    // analysis are kept; once their batch is authenticated they are analysed
    // and recorded with the new position.
    CertIdentifiers ids;          // reused: views into the entry being looked at
    std::vector<LogEntry> kept;   // entries of the current batch to analyse
    absl::Status advance = cursor.Scan(
        reader,
        [&](LogEntry& entry) {
          if (NeedsAnalysis(entry, *list, &ids)) kept.push_back(std::move(entry));
          return absl::OkStatus();
        },
        [&](uint64_t begin, const LogCursor& state) -> absl::Status {
          if (stop_ != nullptr && stop_->HasBeenNotified()) {
            return absl::CancelledError("stopping");
          }
          std::vector<Record> records;
          for (const LogEntry& entry : kept) {
            std::optional<MonitorEvent> e = Analyze(task.info, entry, *list, authorized, &ids);
            if (!e.has_value()) continue;
            Record rec;
            rec.event_id = e->id;
            rec.event_json = EventToJson(*e);
            rec.index = entry.index;
            if (e->kind == EventKind::kCertificate) {
              rec.kind = Record::kCertificate;
              rec.tbs_sha256 = e->tbs_sha256;
              rec.precertificate = e->precertificate;
              rec.verdict = e->verdict;
              rec.alert = e->verdict != "authorized" || m_.options_.all;
              ++r.matches;
            } else {
              rec.kind = Record::kEvent;
              ++r.malformed;
            }
            records.push_back(std::move(rec));
          }
          kept.clear();
          CT_RETURN_IF_ERROR(db_.CommitBatch(task.key, state.Serialize(), records));
          entries_this_turn += state.position() - begin;
          r.entries += state.position() - begin;
          r.position = state.position();
          if (!records.empty() && m_.options_.on_commit) m_.options_.on_commit();
          Report(task, r.position, entries_this_turn, start, false, absl::OkStatus());
          return absl::OkStatus();
        },
        m_.options_.cursor, m_.options_.max_entries_per_turn);
    if (!advance.ok()) {
      if (absl::IsCancelled(advance) && stop_ != nullptr && stop_->HasBeenNotified()) {
        r.status = absl::OkStatus();
        return true;
      }
      if (IsMisbehaviour(advance)) {
        Misbehave(task, cursor, advance, cursor.tree_head()->evidence, "", cursor.tree_head()->size);
      } else {
        r.status = Prefix("reading entries", advance);
      }
      return true;
    }
    r.status = absl::OkStatus();
    return r.position >= r.tree_size;
  }

  // Report sends progress (serialised).
  void Report(const LogTask& task, uint64_t position, uint64_t entries, absl::Time start,
              bool done, const absl::Status& status) {
    if (!m_.options_.progress) return;
    LogProgress p;
    p.log = task.name;
    p.position = position;
    p.tree_size = task.result.tree_size;
    p.entries = entries;
    p.elapsed = absl::Now() - start;
    p.done = done;
    p.status = status;
    absl::MutexLock l(&m_.progress_mu_);
    m_.options_.progress(p);
  }

 private:
  // Misbehave records a log_misbehavior event and stops the log.
  void Misbehave(LogTask& task, const LogCursor& cursor, const absl::Status& why,
                 const std::string& evidence_old, const std::string& evidence_new,
                 uint64_t size) {
    LogResult& r = task.result;
    MonitorEvent e;
    e.kind = EventKind::kLogMisbehavior;
    e.log = task.name;
    e.log_id = IsZero(task.info.log_id) ? "" : Base64Encode(task.info.log_id);
    e.log_url = LogUrl(task.info);
    e.id = absl::StrCat("misbehavior:", e.log_id.empty() ? e.log_url : e.log_id, ":", size);
    e.index = cursor.position();
    e.error = std::string(why.message());
    e.evidence_old = evidence_old;
    e.evidence_new = evidence_new;
    Record rec;
    rec.kind = Record::kEvent;
    rec.event_id = e.id;
    rec.event_json = EventToJson(e);
    absl::StatusOr<std::optional<std::string>> stored = db_.LoadCursor(task.key);
    std::string state = stored.ok() && stored->has_value() ? **stored : cursor.Serialize();
    absl::Status s = db_.CommitBatch(task.key, state, {rec});
    if (s.ok()) s = db_.StopLog(task.key, e.error);
    r.stopped = true;
    r.misbehaved = true;
    r.status = s.ok() ? why : s;
    if (m_.options_.on_commit) m_.options_.on_commit();
  }

  Monitor& m_;
  MonitorState& db_;
  absl::Notification* stop_;
};

Monitor::Monitor(std::string state_path, std::shared_ptr<const WatchList> watch_list,
                 MonitorOptions options)
    : state_path_(std::move(state_path)),
      options_(std::move(options)),
      watch_list_(std::move(watch_list)) {}

void Monitor::SetWatchList(std::shared_ptr<const WatchList> watch_list) {
  absl::MutexLock l(&mu_);
  watch_list_ = std::move(watch_list);
}

std::shared_ptr<const WatchList> Monitor::watch_list() const {
  absl::MutexLock l(&mu_);
  return watch_list_;
}

void Monitor::SetLogs(std::vector<LogInfo> logs) {
  absl::MutexLock l(&mu_);
  pending_logs_ = std::move(logs);
  logs_changed_ = true;
}

absl::StatusOr<absl::flat_hash_set<Hash>> ParseKnownKeys(absl::string_view text) {
  absl::flat_hash_set<Hash> keys;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    absl::StatusOr<Bytes> b = HexDecode(line);
    if (!b.ok() || b->size() != kHashSize) {
      return MalformedError(absl::StrCat("known keys line ", line_no),
                            "want the SHA-256 of a SubjectPublicKeyInfo in hex (64 digits)");
    }
    Hash h;
    std::copy(b->begin(), b->end(), h.begin());
    keys.insert(h);
  }
  return keys;
}

PassSummary Monitor::Run(std::vector<LogInfo> logs, bool follow, absl::Notification* stop) {
  // Tasks live in a deque-like vector of unique_ptrs so that workers keep
  // stable references while new logs are appended.
  std::vector<std::unique_ptr<LogTask>> tasks;
  absl::Mutex tmu;
  absl::CondVar cv;
  auto add = [&](const LogInfo& info) {
    auto t = std::make_unique<LogTask>();
    t->info = info;
    t->name = MonitorLogName(info);
    t->key = StateKey(info);
    t->result.log = t->name;
    for (const auto& other : tasks) {
      if (other->key == t->key && !other->removed) return;  // listed twice
    }
    tasks.push_back(std::move(t));
  };
  for (const LogInfo& info : logs) add(info);

  auto all_finished = [&]() {
    for (const auto& t : tasks) {
      if (!t->finished) return false;
    }
    return true;
  };

  auto worker_main = [&]() {
    absl::StatusOr<std::unique_ptr<MonitorState>> db =
        MonitorState::Open(state_path_, MonitorState::kShared);
    if (!db.ok()) {
      absl::MutexLock l(&tmu);
      for (auto& t : tasks) {
        if (!t->running && !t->finished) {
          t->result.status = db.status();
          t->finished = true;
        }
      }
      cv.SignalAll();
      return;
    }
    Worker worker(*this, **db, stop);
    while (true) {
      LogTask* task = nullptr;
      {
        absl::MutexLock l(&tmu);
        while (true) {
          if (stop != nullptr && stop->HasBeenNotified()) return;
          if (follow) {
            absl::MutexLock l2(&mu_);
            if (logs_changed_) {
              logs_changed_ = false;
              for (auto& t : tasks) {
                bool listed = false;
                for (const LogInfo& info : pending_logs_) listed |= StateKey(info) == t->key;
                if (!listed) t->removed = t->finished = true;
              }
              for (const LogInfo& info : pending_logs_) {
                bool known = false;
                for (auto& t : tasks) known |= (t->key == StateKey(info) && !t->removed);
                if (!known) add(info);
              }
            }
          }
          if (!follow && all_finished()) return;
          absl::Time now = absl::Now();
          absl::Time earliest = absl::InfiniteFuture();
          for (auto& t : tasks) {
            if (t->running || t->finished) continue;
            if (t->next <= now && (task == nullptr || t->next < task->next)) task = t.get();
            earliest = std::min(earliest, t->next);
          }
          if (task != nullptr) break;
          if (!follow && earliest == absl::InfiniteFuture()) {
            cv.Wait(&tmu);  // others are running the remaining logs
          } else {
            cv.WaitWithDeadline(&tmu, std::min(earliest, now + absl::Seconds(1)));
          }
        }
        task->running = true;
      }
      absl::Time start = absl::Now();
      bool caught_up = worker.Turn(*task);
      worker.Report(*task, task->result.position, task->result.entries, start, caught_up,
                    task->result.status);
      {
        absl::MutexLock l(&tmu);
        task->running = false;
        if (task->result.stopped) {
          task->finished = true;
        } else if (follow) {
          task->next = caught_up ? absl::Now() + options_.interval : absl::Now();
        } else if (caught_up) {
          task->finished = true;
        }
        cv.SignalAll();
      }
    }
  };

  const int n = std::max(1, options_.parallel_logs);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back(worker_main);
  for (std::thread& t : threads) t.join();

  PassSummary summary;
  for (const auto& t : tasks) {
    if (t->removed) continue;
    summary.entries += t->result.entries;
    summary.matches += t->result.matches;
    summary.malformed += t->result.malformed;
    if (t->result.misbehaved) ++summary.misbehaving;
    summary.logs.push_back(t->result);
  }
  return summary;
}

}  // namespace ct
