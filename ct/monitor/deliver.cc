#include "ct/monitor/deliver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"

extern char** environ;

namespace ct {
namespace {

// The status payload that carries a Retry-After wait, in milliseconds.
constexpr char kRetryAfterPayload[] = "type.ctcore.dev/monitor.retry_after_ms";

// --- stdout ---

class StdoutChannelImpl final : public EventChannel {
 public:
  StdoutChannelImpl(std::FILE* out, bool json) : out_(out), json_(json) {}
  std::string name() const override { return "stdout"; }
  absl::Status Deliver(const MonitorEvent& e, absl::string_view json) override {
    const std::string line = absl::StrCat(json_ ? json : EventText(e), "\n");
    if (std::fwrite(line.data(), 1, line.size(), out_) != line.size() ||
        std::fflush(out_) != 0) {
      return absl::InternalError(absl::StrCat("writing an event: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }

 private:
  std::FILE* out_;
  bool json_;
};

// --- exec ---

// Fd closes a file descriptor on destruction.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

class ExecChannelImpl final : public EventChannel {
 public:
  ExecChannelImpl(std::string command, ExecOptions options)
      : command_(std::move(command)), options_(options) {}
  std::string name() const override { return absl::StrCat("exec:", command_); }

  absl::Status Deliver(const MonitorEvent& e, absl::string_view json) override {
    // The environment: ours, with the event's variables replacing any of the
    // same name.
    std::vector<std::string> env_strings;
    std::set<std::string> names;
    for (auto& [k, v] : EventEnvironment(e)) {
      names.insert(k);
      env_strings.push_back(absl::StrCat(k, "=", v));
    }
    for (char** p = environ; p != nullptr && *p != nullptr; ++p) {
      absl::string_view kv(*p);
      if (names.count(std::string(kv.substr(0, kv.find('=')))) == 0) env_strings.emplace_back(kv);
    }
    std::vector<char*> envp;
    for (std::string& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);

    // stdin is a socket, not a pipe, so that writing to a command that exits
    // without reading gives EPIPE (MSG_NOSIGNAL) instead of a SIGPIPE.
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
      return absl::InternalError(absl::StrCat("exec: socketpair: ", std::strerror(errno)));
    }
    Fd ours(sv[0]);
    Fd theirs(sv[1]);
    ::shutdown(theirs.get(), SHUT_WR);  // the command only reads

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, theirs.get(), 0);
    posix_spawn_file_actions_adddup2(&fa, 2, 1);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    sigset_t pipe_default;
    sigemptyset(&pipe_default);
    sigaddset(&pipe_default, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &pipe_default);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr,
                             POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    std::string sh = "/bin/sh";
    std::string dash_c = "-c";
    std::string cmd = command_;
    char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, sh.c_str(), &fa, &attr, argv, envp.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    theirs.Close();
    if (rc != 0) {
      return absl::InternalError(absl::StrCat("exec: cannot start /bin/sh: ", std::strerror(rc)));
    }

    const absl::Time deadline = absl::Now() + options_.timeout;
    // Step 1: the JSON line on stdin, without blocking on a command that
    // does not read it.
    const std::string input = absl::StrCat(json, "\n");
    size_t sent = 0;
    ::fcntl(ours.get(), F_SETFL, ::fcntl(ours.get(), F_GETFL) | O_NONBLOCK);
    int status = 0;
    bool exited = false;
    while (sent < input.size() && absl::Now() < deadline) {
      ssize_t n = ::send(ours.get(), input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        pollfd p{ours.get(), POLLOUT, 0};
        ::poll(&p, 1, 10);
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          exited = true;
          break;
        }
      } else {
        break;  // EPIPE: the command stopped reading; its exit status decides
      }
    }
    ours.Close();
    // Step 2: its exit status, within the timeout.
    while (!exited) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        exited = true;
      } else if (w < 0 && errno != EINTR) {
        return absl::InternalError(absl::StrCat("exec: waitpid: ", std::strerror(errno)));
      } else if (absl::Now() >= deadline) {
        ::kill(-pid, SIGKILL);  // its process group: the shell and what it started
        ::waitpid(pid, &status, 0);
        return absl::DeadlineExceededError(absl::StrCat(
            "exec: command still running after ", absl::FormatDuration(options_.timeout),
            "; killed"));
      } else {
        absl::SleepFor(absl::Milliseconds(5));
      }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
    if (WIFEXITED(status) && (WEXITSTATUS(status) == 126 || WEXITSTATUS(status) == 127)) {
      // The shell's "not executable" / "not found": retrying cannot help.
      return absl::FailedPreconditionError(absl::StrCat(
          "exec: command not found or not executable (status ", WEXITSTATUS(status), ")"));
    }
    if (WIFEXITED(status)) {
      return RetryLaterError(absl::StrCat("exec: command exited with status ", WEXITSTATUS(status)));
    }
    return RetryLaterError(absl::StrCat("exec: command killed by signal ", WTERMSIG(status)));
  }

 private:
  const std::string command_;
  const ExecOptions options_;
};

// --- webhook ---

// UrlForMessages returns `url` up to its path, so that a token in the path
// or query (Slack puts one there) does not end up in error messages.
std::string UrlForMessages(absl::string_view url) {
  size_t scheme = url.find("://");
  size_t host_end = url.find_first_of("/?#", scheme == absl::string_view::npos ? 0 : scheme + 3);
  if (host_end == absl::string_view::npos) return absl::CHexEscape(url);
  return absl::StrCat(absl::CHexEscape(url.substr(0, host_end)), "/...");
}

class WebhookChannelImpl final : public EventChannel {
 public:
  WebhookChannelImpl(std::string url, std::unique_ptr<HttpFetcher> fetcher)
      : url_(std::move(url)), fetcher_(std::move(fetcher)) {}
  std::string name() const override { return absl::StrCat("webhook:", url_); }
  std::string display_name() const override {
    return absl::StrCat("webhook:", UrlForMessages(url_));
  }

  absl::Status Deliver(const MonitorEvent& e, absl::string_view json) override {
    using Json = nlohmann::ordered_json;
    Json body = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
    if (!body.is_object()) return MalformedError("monitor event", "outbox JSON is not an object");
    body["text"] = EventText(e);
    const std::string payload = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    const std::string where = absl::StrCat("webhook ", UrlForMessages(url_));
    absl::StatusOr<HttpResponse> r = fetcher_->Post(url_, payload, "application/json");
    if (!r.ok()) {
      if (IsRetryableFetchError(r.status())) return RetryLaterError(Prefix(where, r.status()).message());
      return Prefix(where, r.status());
    }
    if (r->status >= 200 && r->status < 300) return absl::OkStatus();
    std::string excerpt = absl::CHexEscape(r->body.substr(0, 200));
    const std::string message = absl::StrCat(where, ": HTTP ", r->status,
                                             excerpt.empty() ? "" : ": ", excerpt);
    if (r->status == 408 || r->status == 429 || r->status >= 500) {
      return RetryLaterError(message, ParseRetryAfter(r->retry_after, absl::Now()));
    }
    return absl::FailedPreconditionError(message);
  }

 private:
  const std::string url_;
  std::unique_ptr<HttpFetcher> fetcher_;
};

// Sleep waits `d`, or less if `stop` is notified; true if it was.
bool Sleep(absl::Duration d, absl::Notification* stop) {
  if (stop != nullptr) return stop->WaitForNotificationWithTimeout(d);
  absl::SleepFor(d);
  return false;
}

bool Stopped(absl::Notification* stop) { return stop != nullptr && stop->HasBeenNotified(); }

}  // namespace

std::unique_ptr<EventChannel> StdoutChannel(std::FILE* out, bool json) {
  return std::make_unique<StdoutChannelImpl>(out, json);
}

std::unique_ptr<EventChannel> ExecChannel(std::string command, ExecOptions options) {
  return std::make_unique<ExecChannelImpl>(std::move(command), options);
}

absl::StatusOr<std::unique_ptr<EventChannel>> WebhookChannel(std::string url,
                                                             HttpFetcherOptions options) {
  if (!absl::StartsWith(url, "http://") && !absl::StartsWith(url, "https://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("webhook URL \"", UrlForMessages(url), "\" is not an http(s) URL"));
  }
  options.prefix = url;
  absl::StatusOr<std::unique_ptr<HttpFetcher>> f = HttpFetcher::Create(std::move(options));
  if (!f.ok()) return f.status();
  return std::unique_ptr<EventChannel>(
      std::make_unique<WebhookChannelImpl>(std::move(url), *std::move(f)));
}

absl::Status RetryLaterError(absl::string_view message, std::optional<absl::Duration> retry_after) {
  absl::Status s = absl::UnavailableError(message);
  if (retry_after.has_value()) {
    const int64_t ms = *retry_after == absl::InfiniteDuration()
                           ? std::numeric_limits<int64_t>::max()
                           : absl::ToInt64Milliseconds(*retry_after);
    s.SetPayload(kRetryAfterPayload, absl::Cord(absl::StrCat(ms)));
  }
  return s;
}

bool IsRetryableDelivery(const absl::Status& s) {
  return absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s);
}

std::optional<absl::Duration> RetryAfterOf(const absl::Status& s) {
  auto p = s.GetPayload(kRetryAfterPayload);  // absl::optional in the pinned Abseil
  int64_t ms = 0;
  if (!p.has_value() || !absl::SimpleAtoi(std::string(*p), &ms) || ms < 0) return std::nullopt;
  return absl::Milliseconds(ms);
}

absl::StatusOr<DeliveryStats> DeliverPending(MonitorState& db, EventChannel& channel,
                                             const DeliveryOptions& options) {
  DeliveryStats stats;
  const std::string name = channel.name();
  const absl::Time deadline = absl::Now() + options.deadline;  // Infinite stays infinite
  std::minstd_rand rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  const int max_attempts = std::max(1, options.max_attempts);

  std::vector<int64_t> delivered;  // delivered in this read batch, not yet marked
  // deliver_one delivers one event with retries; false ends the call.
  auto deliver_one = [&](const PendingEvent& pe) -> absl::StatusOr<bool> {
    absl::StatusOr<MonitorEvent> event = EventFromJson(pe.json);
    if (!event.ok()) {
      stats.last_error = Prefix(absl::StrCat("outbox event ", pe.id), event.status());
      stats.permanent = true;
      return false;
    }
    for (int tries = 1;; ++tries) {
      if (Stopped(options.stop) || absl::Now() >= deadline) return false;
      ++stats.attempts;
      absl::Status s = channel.Deliver(*event, pe.json);
      if (s.ok()) {
        // Delivered, then marked (with the rest of its read batch): a crash
        // in between delivers it again.
        delivered.push_back(pe.seq);
        ++stats.delivered;
        stats.last_error = absl::OkStatus();
        stats.permanent = false;
        return true;
      }
      stats.last_error = Prefix(absl::StrCat("event ", pe.id), s);
      stats.permanent = !IsRetryableDelivery(s);
      if (stats.permanent || tries >= max_attempts) return false;
      absl::Duration backoff =
          options.initial_backoff * (int64_t{1} << std::min(tries - 1, 30)) * jitter(rng);
      if (std::optional<absl::Duration> ra = RetryAfterOf(s)) backoff = std::max(backoff, *ra);
      backoff = std::min(backoff, options.max_backoff);
      if (absl::Now() + backoff > deadline) return false;
      stats.waited += backoff;
      if (Sleep(backoff, options.stop)) return false;
    }
  };

  bool go_on = true;
  while (go_on && !Stopped(options.stop)) {
    CT_ASSIGN_OR_RETURN(std::vector<PendingEvent> batch,
                        db.Pending(name, std::max(1, options.batch)));
    if (batch.empty()) break;
    for (const PendingEvent& pe : batch) {
      absl::StatusOr<bool> more = deliver_one(pe);
      if (!more.ok() || !*more) {
        go_on = false;
        if (!more.ok()) return more.status();
        break;
      }
    }
    CT_RETURN_IF_ERROR(db.MarkDelivered(delivered, name));
    delivered.clear();
  }
  CT_ASSIGN_OR_RETURN(stats.pending, db.CountPending(name));
  return stats;
}

}  // namespace ct
