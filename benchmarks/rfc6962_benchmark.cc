// rfc6962_benchmark: entries/s of a full verified read (what `ct log verify`
// does: ct::LogCursor over a ct::LogReader, every entry parsed and
// authenticated against the signed tree head) of one test log of kEntries
// real-shaped certificates and precertificates (ct/rfc6962/testing), read
//   BM_Rfc6962Verify/P  over the loopback RFC 6962 server (cap 256,
//                       Rfc6962LogReader with P parallel get-entries requests)
//   BM_TilesVerify      as local tiles (TileLogReader + DirectoryFetcher)
//   BM_ServerOnly/P     raw get-entries bodies, unparsed (HttpFetcher::Get,
//                       P threads): how fast the loopback server itself is
//   BM_Rfc6962Speedup   parallel 2 against parallel 1, interleaved
// vs_floor: against base64-decoding every leaf_input and extra_data of the
// server's responses (its entries.json) plus SHA-256 of each leaf (HashLeaf),
// the work no verified RFC 6962 reader can avoid. BM_Rfc6962Speedup reports
// speedup_2v1 = time(parallel 1) / time(parallel 2) instead.
// client_cpu_ms / server_cpu_ms: CPU time per full read of this process (all
// threads) and of the Python server process (/proc, 10 ms ticks: averaged over
// the run); floor_cpu_ms: the floor's. CPU times hardly change with the load
// of a shared machine, wall times do: client_cpu_ms / floor_cpu_ms is the
// client's own cost, and with 2 cores a read cannot take less than
// max(server, (client + server) / 2), whatever the parallelism.
//
//   bazel run -c opt //benchmarks:rfc6962_benchmark
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/log/cursor.h"
#include "ct/merkle/hash.h"
#include "ct/rfc6962/client.h"
#include "ct/rfc6962/log_reader.h"
#include "ct/rfc6962/responses.h"
#include "ct/rfc6962/testing/test_log.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/http_fetcher.h"
#include "ct/tiles/tile_log_reader.h"

namespace {

constexpr uint64_t kCap = 256;

// Entries in the test log: CT_RFC6962_BENCH_ENTRIES, a multiple of kCap
// (default 16,384: 64 requests, so starting and draining the pipeline of
// parallel requests is a small part of a read, as in a real backfill).
const uint64_t kEntries = [] {
  const char* v = std::getenv("CT_RFC6962_BENCH_ENTRIES");
  const uint64_t n = v != nullptr ? std::strtoull(v, nullptr, 10) : 16384;
  return n >= kCap && n % kCap == 0 ? n : 16384;
}();

struct Env {
  ct::testing::Rfc6962TestLog log;
  std::unique_ptr<ct::testing::LoopbackRfc6962Server> server;
  std::vector<std::string> b64;  // leaf_input, extra_data, ... as served
};

Env& GetEnv() {
  static Env* env = [] {
    auto* e = new Env;
    absl::StatusOr<ct::testing::Rfc6962TestLog> log =
        ct::testing::MakeRfc6962TestLog(kEntries, kEntries / 2);
    if (!log.ok()) {
      fprintf(stderr, "MakeRfc6962TestLog: %s\n", std::string(log.status().message()).c_str());
      abort();
    }
    e->log = *std::move(log);
    e->server = std::make_unique<ct::testing::LoopbackRfc6962Server>(e->log.dir);
    if (e->server->port() == 0) abort();
    // Env is never destroyed: stop the server process at exit.
    std::atexit([] { GetEnv().server.reset(); });
    // The floor's input: the base64 strings the server sends (its file holds
    // them canonically encoded, so re-encoding gives the same bytes).
    std::ifstream file(e->log.dir + "/entries.json", std::ios::binary);
    const std::string json((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    absl::StatusOr<std::vector<ct::RawLogEntry>> raw = ct::ParseGetEntriesResponse(json);
    if (!raw.ok()) abort();
    for (const ct::RawLogEntry& r : *raw) {
      e->b64.push_back(ct::Base64Encode(r.leaf_input));
      e->b64.push_back(ct::Base64Encode(r.extra_data));
    }
    if (e->b64.size() != 2 * kEntries) {
      fprintf(stderr, "entries.json: %zu strings\n", e->b64.size());
      abort();
    }
    return e;
  }();
  return *env;
}

void Floor() {
  const Env& env = GetEnv();
  uint64_t total = 0;
  for (size_t i = 0; i < env.b64.size(); ++i) {
    absl::StatusOr<ct::Bytes> b = ct::DecodeBase64Strict("b64", env.b64[i]);
    if (!b.ok()) abort();
    if (i % 2 == 0) {
      ct::Hash h = ct::HashLeaf(*b);
      total += h[0];
    }
    total += b->size();
  }
  benchmark::DoNotOptimize(total);
}

// ProcessCpuSeconds is the CPU time of this process, all threads.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// ServerCpuSeconds is the CPU time (utime + stime) of the server process.
double ServerCpuSeconds() {
  std::ifstream f(absl::StrCat("/proc/", GetEnv().server->pid(), "/stat"));
  std::string stat((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  // Fields after the parenthesised command: state is field 3, utime 14, stime 15.
  size_t p = stat.rfind(')');
  if (p == std::string::npos) return 0;
  std::vector<std::string> fields = absl::StrSplit(stat.substr(p + 2), ' ');
  if (fields.size() < 13) return 0;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
}

// CpuMeter accumulates the client's and the server's CPU time around calls.
struct CpuMeter {
  double client = 0, server = 0;
  int64_t calls = 0;
  template <typename Fn>
  void Measure(Fn&& fn) {
    const double c0 = ProcessCpuSeconds(), s0 = ServerCpuSeconds();
    fn();
    client += ProcessCpuSeconds() - c0;
    server += ServerCpuSeconds() - s0;
    ++calls;
  }
  void Report(benchmark::State& state, const std::string& suffix = "") const {
    if (calls == 0) return;
    state.counters["client_cpu_ms" + suffix] = client * 1e3 / static_cast<double>(calls);
    state.counters["server_cpu_ms" + suffix] = server * 1e3 / static_cast<double>(calls);
  }
};

// VerifyAll reads and authenticates the whole log through `reader`.
void VerifyAll(ct::LogReader& reader, const ct::TreeHead& head) {
  ct::LogCursor cursor;
  if (!cursor.Update(reader, head, GetEnv().log.now).ok()) abort();
  uint64_t n = 0;
  absl::Status s = cursor.Advance(reader, [&](const ct::EntryBatch& b) {
    for (const ct::LogEntry& e : b.entries) {
      if (!e.parse_status.ok()) abort();
    }
    n += b.entries.size();
    return absl::OkStatus();
  });
  if (!s.ok()) {
    fprintf(stderr, "Advance: %s\n", std::string(s.message()).c_str());
    abort();
  }
  if (n != kEntries || cursor.range().Root() != GetEnv().log.tiles_root) abort();
}

std::unique_ptr<ct::Rfc6962Client> Client() {
  ct::HttpFetcherOptions http;
  http.prefix = GetEnv().server->Prefix(absl::StrCat("cap", kCap));
  ct::Rfc6962ClientOptions o;
  o.now = [] { return GetEnv().log.now; };
  auto c = ct::Rfc6962Client::CreateHttp(http, GetEnv().log.Verifier(), o);
  if (!c.ok()) abort();
  return *std::move(c);
}

// Rfc6962Verify is one full verified read over RFC 6962 with `parallel` requests.
void Rfc6962Verify(ct::Rfc6962Client* client, int parallel) {
  ct::Rfc6962ReaderOptions ro;
  ro.entries_per_request = kCap;
  ro.parallel_requests = parallel;
  ct::Rfc6962LogReader reader(client, ro);
  absl::StatusOr<ct::TreeHead> head = reader.LatestTreeHead();
  if (!head.ok()) abort();
  VerifyAll(reader, *head);
}

void BM_Rfc6962Verify(benchmark::State& state) {
  const int parallel = static_cast<int>(state.range(0));
  std::unique_ptr<ct::Rfc6962Client> client = Client();  // connections reused
  CpuMeter cpu, floor;
  ct::bench::RunAgainstFloor(
      state, [&] { cpu.Measure([&] { Rfc6962Verify(client.get(), parallel); }); },
      [&] { floor.Measure(Floor); });
  cpu.Report(state);
  state.counters["floor_cpu_ms"] = floor.client * 1e3 / static_cast<double>(floor.calls);
  state.SetItemsProcessed(state.iterations() * kEntries);
}
BENCHMARK(BM_Rfc6962Verify)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Rfc6962Speedup(benchmark::State& state) {
  std::unique_ptr<ct::Rfc6962Client> client = Client();
  CpuMeter cpu1, cpu2;
  ct::bench::RunAgainstFloor(
      state, [&] { cpu2.Measure([&] { Rfc6962Verify(client.get(), 2); }); },
      [&] { cpu1.Measure([&] { Rfc6962Verify(client.get(), 1); }); });
  cpu1.Report(state, "_1");
  cpu2.Report(state, "_2");
  state.counters["speedup_2v1"] = state.counters["vs_floor"];
  state.counters.erase("vs_floor");
  state.counters.erase("floor_ns");
  state.SetItemsProcessed(state.iterations() * kEntries);
}
BENCHMARK(BM_Rfc6962Speedup)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TilesVerify(benchmark::State& state) {
  absl::StatusOr<std::unique_ptr<ct::DirectoryFetcher>> dir =
      ct::DirectoryFetcher::Create(GetEnv().log.tiles_dir);
  if (!dir.ok()) abort();
  ct::TileLogReader reader(dir->get(), {}, "");
  ct::TreeHead head;
  head.size = kEntries;
  head.root = GetEnv().log.tiles_root;
  ct::bench::RunAgainstFloor(state, [&] { VerifyAll(reader, head); }, Floor);
  state.SetItemsProcessed(state.iterations() * kEntries);
}
BENCHMARK(BM_TilesVerify)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ServerOnly(benchmark::State& state) {
  const int parallel = static_cast<int>(state.range(0));
  ct::HttpFetcherOptions http;
  http.prefix = GetEnv().server->Prefix(absl::StrCat("cap", kCap));
  auto f = ct::HttpFetcher::Create(http);
  if (!f.ok()) abort();
  auto fetch_all = [&] {
    std::atomic<uint64_t> next{0};
    auto work = [&] {
      for (uint64_t c; (c = next++) < kEntries / kCap;) {
        absl::StatusOr<ct::HttpResponse> r = (*f)->Get(absl::StrCat(
            "ct/v1/get-entries?start=", c * kCap, "&end=", (c + 1) * kCap - 1));
        if (!r.ok() || r->status != 200) abort();
        benchmark::DoNotOptimize(r->body.data());
      }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < parallel; ++t) threads.emplace_back(work);
    work();
    for (std::thread& t : threads) t.join();
  };
  CpuMeter cpu;
  ct::bench::RunAgainstFloor(state, [&] { cpu.Measure(fetch_all); }, Floor);
  cpu.Report(state);
  state.SetItemsProcessed(state.iterations() * kEntries);
}
BENCHMARK(BM_ServerOnly)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
