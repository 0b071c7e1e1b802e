// File: ct/log/testing/memory_log.h
// -----------------------------------------------------------------------------
// MemoryLog: a LogReader over an in-memory tree, with switchable faults, for
// tests of code written against ct::LogReader. Test-only.
#ifndef CT_LOG_TESTING_MEMORY_LOG_H_
#define CT_LOG_TESTING_MEMORY_LOG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ct/log/log_reader.h"
#include "ct/merkle/hash_source.h"
#include "ct/merkle/prove.h"

namespace ct::testing {

// MemoryLog holds entries whose leaf hash is HashLeaf of their certificate
// bytes (a stand-in for the MerkleTreeLeaf), and serves them.
class MemoryLog final : public LogReader {
 public:
  // Add appends an entry whose certificate is `cert`.
  void Add(const std::string& cert) {
    LogEntry e;
    e.index = entries_.size();
    e.certificate = ToBytes(cert);
    e.leaf_hash = HashLeaf(cert);
    tree_.Append(e.leaf_hash);
    entries_.push_back(std::move(e));
  }
  // AddN appends `n` entries named "<prefix><index>".
  void AddN(uint64_t n, const std::string& prefix = "cert-") {
    for (uint64_t i = 0; i < n; ++i) Add(absl::StrCat(prefix, entries_.size()));
  }
  uint64_t size() const { return entries_.size(); }

  // Head returns the tree head at `size` (all entries by default).
  TreeHead Head(std::optional<uint64_t> size = std::nullopt, uint64_t timestamp_ms = 1000) {
    TreeHead h;
    h.size = size.value_or(entries_.size());
    h.root = *RootAtSize(tree_, h.size);
    h.timestamp_ms = timestamp_ms + h.size;
    h.evidence = absl::StrCat("sth ", h.size);
    return h;
  }

  // Faults.
  std::optional<TreeHead> latest;             // what LatestTreeHead serves
  std::map<uint64_t, Hash> tampered;          // index -> leaf hash served instead
  uint64_t max_entries_per_call = UINT64_MAX; // serve at most this many, then stop
  bool serve_extra_entry = false;             // one more entry than asked
  bool skip_one = false;                      // skip the second entry of each call
  bool bad_proofs = false;                    // consistency proofs of the wrong length
  bool by_index = false;                      // inclusion proofs by index (as tiles)
  absl::Status fail_entries = absl::OkStatus();

  // Counters.
  uint64_t entries_served = 0;
  uint64_t consistency_requests = 0;
  uint64_t inclusion_requests = 0;

  absl::StatusOr<TreeHead> LatestTreeHead() override {
    return latest.has_value() ? *latest : Head();
  }

  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t size1,
                                                     const TreeHead& head) override {
    ++consistency_requests;
    absl::StatusOr<std::vector<Hash>> p = ct::ConsistencyProof(tree_, size1, head.size);
    if (p.ok() && bad_proofs) p->push_back(Hash{});
    return p;
  }

  absl::StatusOr<InclusionResult> InclusionProof(const Hash& leaf_hash,
                                                 std::optional<uint64_t> index,
                                                 const TreeHead& head) override {
    ++inclusion_requests;
    if (index.has_value() && by_index) {
      absl::StatusOr<std::vector<Hash>> p = ct::InclusionProof(tree_, *index, head.size);
      if (!p.ok()) return p.status();
      return InclusionResult{*index, *std::move(p)};
    }
    for (uint64_t i = 0; i < head.size && i < entries_.size(); ++i) {
      if (entries_[i].leaf_hash == leaf_hash) {
        absl::StatusOr<std::vector<Hash>> p = ct::InclusionProof(tree_, i, head.size);
        if (!p.ok()) return p.status();
        return InclusionResult{i, *std::move(p)};
      }
    }
    return absl::NotFoundError("no such leaf");
  }

  absl::Status Entries(uint64_t begin, uint64_t end, const TreeHead& head,
                       const EntrySink& sink) override {
    if (!fail_entries.ok()) return fail_entries;
    uint64_t served = 0;
    uint64_t stop = serve_extra_entry ? std::min<uint64_t>(end + 1, entries_.size()) : end;
    for (uint64_t i = begin; i < stop && served < max_entries_per_call; ++i) {
      if (skip_one && i == begin + 1) continue;
      LogEntry e = entries_[i];
      auto t = tampered.find(i);
      if (t != tampered.end()) e.leaf_hash = t->second;
      ++served;
      ++entries_served;
      absl::Status s = sink(e);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  std::vector<LogEntry> entries_;
  InMemoryTree tree_;
};

}  // namespace ct::testing

#endif  // CT_LOG_TESTING_MEMORY_LOG_H_
