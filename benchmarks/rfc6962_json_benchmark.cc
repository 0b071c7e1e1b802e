// rfc6962_json_benchmark: the JSON library for RFC 6962 get-entries
// responses, chosen by measurement (docs/logs.md). Input: a realistic
// 256-entry get-entries body (the real Argon2025h2 precert entry, each copy
// with its leaf_input timestamp changed so no two entries are equal; about
// 2.8 MB). Each benchmark produces the same thing, 256 decoded
// (leaf_input, extra_data) pairs:
//   BM_GetEntries_Simdjson   ct::ParseGetEntriesResponse (simdjson DOM)
//   BM_GetEntries_Nlohmann   nlohmann::json::parse + the same base64 decoder
// Both report vs_floor against base64-decoding the same 512 strings, already
// cut out of the body (the work no JSON library can avoid).
//
//   bazel run -c opt //benchmarks:rfc6962_json_benchmark
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/base/bytes.h"
#include "ct/rfc6962/responses.h"
#include "nlohmann/json.hpp"

namespace {

std::string ReadFile(const std::string& path) {
  std::string out;
  FILE* f = fopen(path.c_str(), "rb");
  if (f == nullptr) abort();
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
  fclose(f);
  return out;
}

struct Input {
  std::string body;
  std::vector<std::string> b64;  // leaf_input, extra_data, ... in order
};

const Input& GetInput() {
  static const Input* in = [] {
    auto* in = new Input;
    auto one = ct::ParseGetEntriesResponse(
        ReadFile("testdata/sct/real-google-com-2025/argon2025h2-get-entries-response.json"));
    if (!one.ok() || one->size() != 1) abort();
    std::vector<ct::RawLogEntry> entries(256, (*one)[0]);
    for (size_t i = 0; i < entries.size(); ++i) entries[i].leaf_input[9] = static_cast<uint8_t>(i);
    in->body = ct::EncodeGetEntriesResponse(entries);
    for (const ct::RawLogEntry& e : entries) {
      in->b64.push_back(absl::Base64Escape(ct::AsChars(e.leaf_input)));
      in->b64.push_back(absl::Base64Escape(ct::AsChars(e.extra_data)));
    }
    return in;
  }();
  return *in;
}

void Floor() {
  size_t total = 0;
  for (const std::string& s : GetInput().b64) {
    auto b = ct::DecodeBase64Strict("b64", s);
    if (!b.ok()) abort();
    total += b->size();
  }
  benchmark::DoNotOptimize(total);
}

void BM_GetEntries_Simdjson(benchmark::State& state) {
  const Input& in = GetInput();
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        auto r = ct::ParseGetEntriesResponse(in.body);
        if (!r.ok() || r->size() != 256) abort();
        benchmark::DoNotOptimize(r);
      },
      Floor);
  state.SetBytesProcessed(state.iterations() * in.body.size());
}
BENCHMARK(BM_GetEntries_Simdjson)->Unit(benchmark::kMicrosecond);

void BM_GetEntries_Nlohmann(benchmark::State& state) {
  const Input& in = GetInput();
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        nlohmann::json j = nlohmann::json::parse(in.body, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded()) abort();
        std::vector<ct::RawLogEntry> out;
        const nlohmann::json& entries = j["entries"];
        out.reserve(entries.size());
        for (const nlohmann::json& e : entries) {
          ct::RawLogEntry r;
          auto leaf = ct::DecodeBase64Strict("leaf_input", e["leaf_input"].get_ref<const std::string&>());
          auto extra = ct::DecodeBase64Strict("extra_data", e["extra_data"].get_ref<const std::string&>());
          if (!leaf.ok() || !extra.ok()) abort();
          r.leaf_input = *std::move(leaf);
          r.extra_data = *std::move(extra);
          out.push_back(std::move(r));
        }
        if (out.size() != 256) abort();
        benchmark::DoNotOptimize(out);
      },
      Floor);
  state.SetBytesProcessed(state.iterations() * in.body.size());
}
BENCHMARK(BM_GetEntries_Nlohmann)->Unit(benchmark::kMicrosecond);

}  // namespace
