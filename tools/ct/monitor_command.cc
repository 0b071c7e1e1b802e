#include "tools/ct/monitor_command.h"

#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/base/errors.h"
#include "ct/log/open_log.h"
#include "ct/monitor/deliver.h"
#include "ct/monitor/delivery_loop.h"
#include "ct/monitor/entry_facts.h"
#include "ct/monitor/event.h"
#include "ct/monitor/log_source.h"
#include "ct/monitor/monitor.h"
#include "ct/monitor/state.h"
#include "ct/monitor/watch_list.h"
#include "ct/sct/log_info.h"
#include "ct/x509/certificate.h"
#include "nlohmann/json.hpp"
#include "tools/ct/args.h"

namespace ct::cli {
namespace {

constexpr char kUsage[] =
    "usage:\n"
    "  ct monitor (--watch PATTERN... | --watch-file FILE)\n"
    "             (--log-list FILE_OR_URL... [--log-list-key KEY]\n"
    "              | --log LOCATION --key KEY [--api rfc6962|static-ct] [--origin ORIGIN])...\n"
    "             [--state DB] [--backfill | --from-now]\n"
    "             [--follow [--interval 60s] [--log-list-refresh 6h]]\n"
    "             [--json] [--exec CMD] [--webhook URL] [--known-keys FILE] [--all]\n"
    "             [--parallel N] [--batch N] [--ca-file FILE] [--quiet]\n"
    "  ct monitor report [--state DB] [--json]\n"
    "  ct monitor authorize [--state DB] CERT.pem...\n"
    "\n"
    "Watches CT logs (RFC 6962 and static-ct-api) for certificates of the watched\n"
    "names and addresses; every certificate is reported once, with a verdict:\n"
    "expected, unexpected (an expectation of the watch file failed) or authorized.\n"
    "Exit 0: nothing unexpected; 1: an unexpected certificate or a misbehaving log\n"
    "was reported; 2: bad input, or some logs could not be read.\n"
    "docs/monitor.md has the watch-file syntax, events and state.\n";

int Fail(const std::string& what) {
  std::cerr << "ct monitor: " << what << "\n";
  return 2;
}

absl::StatusOr<std::string> StatePath(const Args& args) {
  if (std::optional<std::string> p = args.Get("state")) return *p;
  absl::StatusOr<std::string> p = DefaultMonitorStatePath();
  if (!p.ok()) return p.status();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(*p).parent_path(), ec);
  if (ec) return absl::FailedPreconditionError(absl::StrCat("cannot create the directory of ", *p,
                                                            ": ", ec.message()));
  return p;
}

absl::StatusOr<WatchList> LoadWatchList(const Args& args) {
  std::string text;
  if (std::optional<std::string> file = args.Get("watch-file")) {
    absl::StatusOr<std::string> t = ReadFileOrStdin(*file);
    if (!t.ok()) return t.status();
    text = *std::move(t);
  }
  for (const std::string& w : args.GetAll("watch")) absl::StrAppend(&text, "\n", w);
  return ParseWatchList(text);
}

// LogsFromArgs collects the logs of --log-list and of --log groups.
absl::StatusOr<std::vector<LogInfo>> LogsFromArgs(const Args& args, bool quiet) {
  std::vector<LogInfo> logs;
  std::vector<LogList> lists;
  LogListSourceOptions source;
  if (std::optional<std::string> key = args.Get("log-list-key")) {
    absl::StatusOr<std::string> k = ReadFileOrStdin(*key);
    if (!k.ok()) return k.status();
    source.signature_key = *std::move(k);
  }
  if (std::optional<std::string> ca = args.Get("ca-file")) source.http.ca_file = *ca;
  for (const std::string& where : args.GetAll("log-list")) {
    absl::StatusOr<LoadedLogList> l = LoadLogList(where, source);
    if (!l.ok()) return Prefix(absl::StrCat("log list ", where), l.status());
    for (const std::string& w : l->warnings) {
      if (!quiet) std::cerr << "ct monitor: " << where << ": " << w << "\n";
    }
    if (l->from_cache && !quiet) {
      std::cerr << "ct monitor: " << where << ": using the cached copy fetched "
                << absl::FormatTime(l->fetched_at) << "\n";
    }
    lists.push_back(std::move(l->list));
  }
  if (!lists.empty()) {
    SelectedLogs selected = SelectMonitoredLogs(lists, absl::Now(), LogSelection());
    for (const std::string& w : selected.warnings) {
      if (!quiet) std::cerr << "ct monitor: " << w << "\n";
    }
    logs = std::move(selected.logs);
  }
  // --log LOCATION [--key K] [--api A] [--origin O]: options after a --log
  // apply to it.
  struct Group {
    std::string location, key, api = "static-ct", origin;
  };
  std::vector<Group> groups;
  for (const auto& [name, value] : args.ordered) {
    if (name == "log") {
      groups.emplace_back();
      groups.back().location = value;
    } else if (name == "key" || name == "api" || name == "origin") {
      if (groups.empty()) {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " must follow a --log"));
      }
      Group& g = groups.back();
      (name == "key" ? g.key : name == "api" ? g.api : g.origin) = value;
    }
  }
  for (const Group& g : groups) {
    LogApi api;
    if (g.api == "rfc6962") {
      api = LogApi::kRfc6962;
    } else if (g.api == "static-ct" || g.api == "tlog-tiles") {
      api = LogApi::kStaticCt;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--api must be rfc6962 or static-ct, got ", g.api));
    }
    if (g.key.empty()) return absl::InvalidArgumentError(absl::StrCat("--log ", g.location, " needs --key"));
    absl::StatusOr<LogKey> key = ResolveLogKey(g.key, api);
    if (!key.ok()) return key.status();
    if (key->spki_der.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--key ", g.key, ": ct monitor needs the log's public key (PEM or DER), not a note key"));
    }
    absl::StatusOr<LogInfo> info = LogInfoFromLocation(g.location, api, key->spki_der, g.origin);
    if (!info.ok()) return info.status();
    logs.push_back(*std::move(info));
  }
  if (logs.empty()) {
    return absl::InvalidArgumentError("no logs: give --log-list or --log LOCATION --key KEY");
  }
  return logs;
}

absl::StatusOr<absl::flat_hash_set<Hash>> LoadKnownKeys(const Args& args) {
  if (std::optional<std::string> f = args.Get("known-keys")) {
    absl::StatusOr<std::string> text = ReadFileOrStdin(*f);
    if (!text.ok()) return text.status();
    return ParseKnownKeys(*text);
  }
  return absl::flat_hash_set<Hash>();
}

// Progress prints per-log progress to stderr, at most every few seconds per log.
class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet) {}
  void operator()(const LogProgress& p) {
    if (quiet_) return;
    absl::Time now = absl::Now();
    absl::Time& last = last_[p.log];
    if (!p.done && now - last < absl::Seconds(5)) return;
    last = now;
    if (p.done && !p.status.ok()) {
      std::cerr << "ct monitor: " << p.log << ": " << p.status.message() << "\n";
      return;
    }
    double secs = absl::ToDoubleSeconds(p.elapsed);
    double rate = secs > 0 ? static_cast<double>(p.entries) / secs : 0;
    uint64_t lag = p.tree_size > p.position ? p.tree_size - p.position : 0;
    std::cerr << absl::StrFormat("ct monitor: %s: %d/%d, %.0f entries/s, %d behind%s\n", p.log,
                                 p.position, p.tree_size, rate, lag, p.done ? " (caught up)" : "");
  }

 private:
  bool quiet_;
  absl::flat_hash_map<std::string, absl::Time> last_;
};

// SignalThread turns SIGINT/SIGTERM into `stop` and SIGHUP or a changed
// watch file into a watch-list reload.
class SignalThread {
 public:
  SignalThread(absl::Notification* stop, std::function<void()> reload, std::string watch_file)
      : stop_(stop), reload_(std::move(reload)), watch_file_(std::move(watch_file)) {
    set_ = BlockedSignals();
    mtime_ = MTime();
    thread_ = std::thread([this] { Loop(); });
  }
  ~SignalThread() {
    done_ = true;
    thread_.join();
  }

  // BlockedSignals blocks SIGINT, SIGTERM and SIGHUP in the calling thread
  // (and so in the threads it starts later): only SignalThread takes them.
  static sigset_t BlockedSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return set;
  }

 private:
  int64_t MTime() const {
    struct stat st;
    if (watch_file_.empty() || ::stat(watch_file_.c_str(), &st) != 0) return 0;
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
  void Loop() {
    while (!done_) {
      struct timespec ts = {0, 50 * 1000 * 1000};
      int sig = sigtimedwait(&set_, nullptr, &ts);
      if (sig == SIGINT || sig == SIGTERM) {
        if (!stop_->HasBeenNotified()) stop_->Notify();
      } else if (sig == SIGHUP) {
        reload_();
        mtime_ = MTime();
      } else if (int64_t m = MTime(); m != mtime_) {
        mtime_ = m;
        reload_();
      }
    }
  }

  absl::Notification* stop_;
  std::function<void()> reload_;
  std::string watch_file_;
  sigset_t set_;
  int64_t mtime_ = 0;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

int Watch(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(
      argv,
      {"watch", "watch-file", "log-list", "log-list-key", "log", "key", "api", "origin", "state",
       "interval", "log-list-refresh", "exec", "webhook", "known-keys", "parallel", "batch", "ca-file"},
      {"backfill", "from-now", "follow", "json", "all", "quiet", "help"});
  if (!args.ok()) return Fail(absl::StrCat(args.status().message(), "\n", kUsage));
  if (args->Has("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!args->positional.empty()) {
    return Fail(absl::StrCat("unexpected argument ", args->positional[0], "\n", kUsage));
  }
  if (!args->Get("watch-file") && args->GetAll("watch").empty()) {
    return Fail("give --watch PATTERN or --watch-file FILE");
  }
  if (args->Has("backfill") && args->Has("from-now")) return Fail("--backfill or --from-now, not both");
  const bool quiet = args->Has("quiet");
  absl::StatusOr<WatchList> list = LoadWatchList(*args);
  if (!list.ok()) return Fail(std::string(list.status().message()));
  absl::StatusOr<std::vector<LogInfo>> logs = LogsFromArgs(*args, quiet);
  if (!logs.ok()) return Fail(std::string(logs.status().message()));
  absl::StatusOr<absl::flat_hash_set<Hash>> known = LoadKnownKeys(*args);
  if (!known.ok()) return Fail(std::string(known.status().message()));
  absl::StatusOr<std::string> path = StatePath(*args);
  if (!path.ok()) return Fail(std::string(path.status().message()));

  MonitorOptions options;
  options.backfill = args->Has("backfill");
  options.all = args->Has("all");
  options.known_keys = *std::move(known);
  if (std::optional<std::string> ca = args->Get("ca-file")) options.open.http.ca_file = *ca;
  if (std::optional<std::string> p = args->Get("parallel")) {
    absl::StatusOr<uint64_t> n = ParseUint64("parallel", *p);
    if (!n.ok() || *n == 0 || *n > 64) return Fail("--parallel must be 1..64");
    options.parallel_logs = static_cast<int>(*n);
  }
  if (std::optional<std::string> b = args->Get("batch")) {
    absl::StatusOr<uint64_t> n = ParseUint64("batch", *b);
    if (!n.ok() || *n == 0 || *n > 65536) return Fail("--batch must be 1..65536");
    options.cursor.batch_size = *n;
  }
  const bool follow = args->Has("follow");
  if (std::optional<std::string> iv = args->Get("interval")) {
    if (!follow) return Fail("--interval needs --follow");
    if (!absl::ParseDuration(*iv, &options.interval) || options.interval < absl::Seconds(1)) {
      return Fail(absl::StrCat("--interval must be a duration of at least 1s (e.g. 60s), got ", *iv));
    }
  }
  if (follow) options.max_entries_per_turn = 16 * options.cursor.batch_size;
  absl::Duration refresh = absl::Hours(6);
  if (std::optional<std::string> r = args->Get("log-list-refresh")) {
    if (!follow) return Fail("--log-list-refresh needs --follow");
    if (!absl::ParseDuration(*r, &refresh) || refresh < absl::Minutes(1)) {
      return Fail(absl::StrCat("--log-list-refresh must be a duration of at least 1m, got ", *r));
    }
  }

  absl::StatusOr<std::unique_ptr<MonitorState>> db =
      MonitorState::Open(*path, MonitorState::kMonitor);
  if (!db.ok()) return Fail(std::string(db.status().message()));

  SignalThread::BlockedSignals();  // before any thread starts
  std::vector<std::unique_ptr<EventChannel>> channels;
  channels.push_back(StdoutChannel(stdout, args->Has("json")));
  for (const std::string& cmd : args->GetAll("exec")) channels.push_back(ExecChannel(cmd));
  for (const std::string& url : args->GetAll("webhook")) {
    HttpFetcherOptions http;
    if (std::optional<std::string> ca = args->Get("ca-file")) http.ca_file = *ca;
    absl::StatusOr<std::unique_ptr<EventChannel>> w = WebhookChannel(url, http);
    if (!w.ok()) return Fail(std::string(w.status().message()));
    channels.push_back(*std::move(w));
  }
  absl::StatusOr<std::unique_ptr<DeliveryLoop>> delivery =
      DeliveryLoop::Start(*path, std::move(channels), DeliveryOptions());
  if (!delivery.ok()) return Fail(std::string(delivery.status().message()));

  Progress progress(quiet);
  options.progress = [&progress](const LogProgress& p) { progress(p); };
  DeliveryLoop* loop = delivery->get();
  options.on_commit = [loop] { loop->Wake(); };

  absl::Notification stop;
  Monitor monitor(*path, std::make_shared<const WatchList>(*std::move(list)), options);
  std::string watch_file = args->Get("watch-file").value_or("");
  auto reload = [&]() {
    absl::StatusOr<WatchList> l = LoadWatchList(*args);
    if (!l.ok()) {
      std::cerr << "ct monitor: watch list not reloaded: " << l.status().message() << "\n";
      return;
    }
    if (!quiet) std::cerr << "ct monitor: watch list reloaded (" << l->items().size() << " items)\n";
    monitor.SetWatchList(std::make_shared<const WatchList>(*std::move(l)));
  };
  // With --follow, log lists are read again every --log-list-refresh: logs
  // that came start, logs that went stop.
  absl::Notification refresher_stop;
  std::thread refresher;
  if (follow && !args->GetAll("log-list").empty()) {
    refresher = std::thread([&] {
      while (!refresher_stop.WaitForNotificationWithTimeout(refresh)) {
        absl::StatusOr<std::vector<LogInfo>> l = LogsFromArgs(*args, quiet);
        if (!l.ok()) {
          std::cerr << "ct monitor: log lists not refreshed: " << l.status().message() << "\n";
          continue;
        }
        if (!quiet) std::cerr << "ct monitor: log lists refreshed: " << l->size() << " logs\n";
        monitor.SetLogs(*std::move(l));
      }
    });
  }
  PassSummary summary;
  DeliveryTotals totals;
  {
    SignalThread signals(&stop, reload, watch_file == "-" ? "" : watch_file);
    summary = monitor.Run(*logs, follow, &stop);
    refresher_stop.Notify();
    if (refresher.joinable()) refresher.join();
    totals = loop->Finish(absl::Now() + absl::Seconds(follow ? 5 : 30));
  }

  int errors = 0;
  for (const LogResult& r : summary.logs) {
    if (!r.status.ok() && !r.stopped) ++errors;
    if (r.stopped && !r.misbehaved && !quiet) {
      std::cerr << "ct monitor: " << r.log << ": " << r.status.message() << "\n";
    }
  }
  if (!quiet) {
    std::cerr << absl::StrFormat(
        "ct monitor: %d logs, %d entries read, %d matching entries, %d events delivered "
        "(%d unexpected, %d log misbehaviour), %d still pending, %d logs with errors\n",
        summary.logs.size(), summary.entries, summary.matches, totals.delivered,
        totals.unexpected, totals.misbehavior, totals.pending, errors);
  }
  if (totals.unexpected > 0 || totals.misbehavior > 0 || summary.misbehaving > 0) return 1;
  return errors > 0 ? 2 : 0;
}

int Report(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"state"}, {"json"});
  if (!args.ok()) return Fail(absl::StrCat(args.status().message(), "\n", kUsage));
  absl::StatusOr<std::string> path = StatePath(*args);
  if (!path.ok()) return Fail(std::string(path.status().message()));
  absl::StatusOr<std::unique_ptr<MonitorState>> db = MonitorState::Open(*path, MonitorState::kShared);
  if (!db.ok()) return Fail(std::string(db.status().message()));
  absl::StatusOr<std::vector<CertificateReport>> report = (*db)->Report();
  if (!report.ok()) return Fail(std::string(report.status().message()));
  for (const CertificateReport& c : *report) {
    absl::StatusOr<MonitorEvent> e = EventFromJson(c.event_json);
    if (!e.ok()) return Fail(absl::StrCat("corrupt state: ", e.status().message()));
    e->verdict = c.authorized ? "authorized" : c.verdict;
    if (args->Has("json")) {
      nlohmann::json j = nlohmann::json::parse(EventToJson(*e));
      nlohmann::json seen = nlohmann::json::array();
      for (const auto& [log, index] : c.sightings) seen.push_back({{"log", log}, {"index", index}});
      j["sightings"] = seen;
      j["authorized"] = c.authorized;
      std::cout << j.dump() << "\n";
    } else {
      std::cout << EventText(*e) << " (" << c.sightings.size() << " sighting"
                << (c.sightings.size() == 1 ? "" : "s") << ")\n";
    }
  }
  return 0;
}

int Authorize(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"state", "note"}, {});
  if (!args.ok()) return Fail(absl::StrCat(args.status().message(), "\n", kUsage));
  if (args->positional.empty()) return Fail("give the certificates to authorize (PEM files)");
  absl::StatusOr<std::string> path = StatePath(*args);
  if (!path.ok()) return Fail(std::string(path.status().message()));
  absl::StatusOr<std::unique_ptr<MonitorState>> db = MonitorState::Open(*path, MonitorState::kShared);
  if (!db.ok()) return Fail(std::string(db.status().message()));
  int n = 0;
  for (const std::string& file : args->positional) {
    absl::StatusOr<std::string> pem = ReadFileOrStdin(file);
    if (!pem.ok()) return Fail(std::string(pem.status().message()));
    absl::StatusOr<std::vector<std::string>> ders = PemToDer(*pem);
    if (!ders.ok()) return Fail(absl::StrCat(file, ": ", ders.status().message()));
    if (ders->empty()) return Fail(absl::StrCat(file, ": no certificate"));
    for (const std::string& der : *ders) {
      absl::StatusOr<Hash> tbs = CertificateTbsSha256(AsBytes(der));
      if (!tbs.ok()) return Fail(absl::StrCat(file, ": ", tbs.status().message()));
      absl::Status s = (*db)->Authorize(*tbs, args->Get("note").value_or(file));
      if (!s.ok()) return Fail(std::string(s.message()));
      std::cout << "authorized tbs_sha256 " << HexEncode(*tbs) << " (" << file << ")\n";
      ++n;
    }
  }
  return 0;
}

}  // namespace

int MonitorCommand(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "report") return Report({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "authorize") return Authorize({args.begin() + 1, args.end()});
  return Watch(args);
}

}  // namespace ct::cli
