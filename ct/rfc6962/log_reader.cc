#include "ct/rfc6962/log_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/rfc6962/entry.h"
#include "ct/tiles/internal/ordered_work.h"

namespace ct {

Rfc6962LogReader::Rfc6962LogReader(Rfc6962Client* client, Rfc6962ReaderOptions options)
    : client_(client), options_(options) {}

absl::StatusOr<TreeHead> Rfc6962LogReader::LatestTreeHead() {
  std::string json;
  absl::StatusOr<SignedTreeHead> sth = client_->GetSth(&json);
  if (!sth.ok()) return sth.status();
  TreeHead head;
  head.size = sth->tree_size;
  head.root = sth->root_hash;
  head.timestamp_ms = sth->timestamp;
  head.evidence = std::move(json);
  return head;
}

absl::StatusOr<TreeHead> Rfc6962LogReader::OpenTreeHead(absl::string_view json) {
  CT_ASSIGN_OR_RETURN(SignedTreeHead sth, ParseGetSthResponse(json));
  CT_RETURN_IF_ERROR(Prefix("get-sth", VerifySignedTreeHead(client_->log(), sth)));
  TreeHead head;
  head.size = sth.tree_size;
  head.root = sth.root_hash;
  head.timestamp_ms = sth.timestamp;
  head.evidence = std::string(json);
  return head;
}

absl::StatusOr<std::vector<Hash>> Rfc6962LogReader::ConsistencyProof(uint64_t size1,
                                                                     const TreeHead& head) {
  return client_->GetSthConsistency(size1, head.size);
}

absl::StatusOr<InclusionResult> Rfc6962LogReader::InclusionProof(const Hash& leaf_hash,
                                                                 std::optional<uint64_t> index,
                                                                 const TreeHead& head) {
  absl::StatusOr<InclusionResult> proof = client_->GetProofByHash(leaf_hash, head.size);
  if (!proof.ok()) return proof.status();
  if (index.has_value() && proof->index != *index) {
    return MakeError(ErrorKind::kTampered,
                     absl::StrCat("get-proof-by-hash places entry ", *index, " at index ",
                                  proof->index));
  }
  return proof;
}

namespace {

// Take returns `buf` cut down to `part` (a span inside it): the bytes move to
// the front of the same allocation instead of being copied into a new one.
Bytes Take(Bytes& buf, ByteSpan part) {
  const size_t n = part.size();
  if (n != 0 && part.data() != buf.data()) std::memmove(buf.data(), part.data(), n);
  buf.resize(n);
  return std::move(buf);
}

// FromRfc6962 is LogEntryFromRfc6962. With `owned` (the same entry, given up
// by the caller) the largest field of each of leaf_input and extra_data takes
// over that buffer.
LogEntry FromRfc6962(const Rfc6962Entry& raw, Rfc6962Entry* owned) {
  const bool steal = owned != nullptr;
  LogEntry e;
  e.index = raw.index;
  e.leaf_hash = raw.leaf_hash;
  absl::StatusOr<LeafInput> leaf = ParseLeafInput(raw.leaf_input);
  if (!leaf.ok()) {
    e.parse_status = Prefix(absl::StrCat("entry ", raw.index, " leaf_input"), leaf.status());
    return e;
  }
  e.timestamp = leaf->timestamp;
  e.type = leaf->entry.type;
  e.issuer_key_hash = leaf->entry.issuer_key_hash;
  e.extensions.assign(leaf->extensions.begin(), leaf->extensions.end());
  absl::StatusOr<ExtraData> extra = ParseExtraData(leaf->entry.type, raw.extra_data);
  if (steal) {
    e.certificate = Take(owned->leaf_input, leaf->entry.certificate);
  } else {
    e.certificate.assign(leaf->entry.certificate.begin(), leaf->entry.certificate.end());
  }
  if (!extra.ok()) {
    e.parse_status = Prefix(absl::StrCat("entry ", raw.index, " extra_data"), extra.status());
    return e;
  }
  e.chain.resize(extra->chain.size());
  for (size_t i = 0; i < extra->chain.size(); ++i) {
    if (!(steal && i == 0 && e.type == LogEntryType::kX509)) {
      e.chain[i].assign(extra->chain[i].begin(), extra->chain[i].end());
    }
  }
  if (!steal) {
    e.pre_certificate.assign(extra->pre_certificate.begin(), extra->pre_certificate.end());
  } else if (e.type == LogEntryType::kPrecert) {
    e.pre_certificate = Take(owned->extra_data, extra->pre_certificate);
  } else if (!e.chain.empty()) {
    e.chain[0] = Take(owned->extra_data, extra->chain[0]);
  }
  return e;
}

}  // namespace

LogEntry LogEntryFromRfc6962(const Rfc6962Entry& raw) {
  return FromRfc6962(raw, nullptr);
}

LogEntry LogEntryFromRfc6962(Rfc6962Entry&& raw) { return FromRfc6962(raw, &raw); }

absl::Status Rfc6962LogReader::Entries(uint64_t begin, uint64_t end, const TreeHead& head,
                                       const EntrySink& sink) {
  if (begin > end || end > head.size) {
    return absl::OutOfRangeError(
        absl::StrCat("entries [", begin, ", ", end, ") outside tree size ", head.size));
  }
  if (begin == end) return absl::OkStatus();
  const uint64_t step = std::max<uint64_t>(1, options_.entries_per_request);
  // Chunks aligned to multiples of `step` (logs cap and align their answers).
  const uint64_t first_chunk = begin / step;
  const uint64_t chunks = (end - 1) / step - first_chunk + 1;
  // Workers fetch, decode and parse a chunk; the in-order consumer (this
  // thread) only hands the parsed entries to `sink`, so it is not the
  // bottleneck when several requests are in flight.
  using Chunk = absl::StatusOr<std::vector<LogEntry>>;
  return internal::RunInOrder<Chunk>(
      chunks, options_.parallel_requests,
      /*window=*/static_cast<uint64_t>(4 * std::max(1, options_.parallel_requests)),
      [&](uint64_t i) -> Chunk {
        const uint64_t lo = std::max(begin, (first_chunk + i) * step);
        const uint64_t hi = std::min(end, (first_chunk + i + 1) * step);
        absl::StatusOr<std::vector<Rfc6962Entry>> raw = client_->GetEntries(lo, hi - 1);
        if (!raw.ok()) return raw.status();
        std::vector<LogEntry> parsed;
        parsed.reserve(raw->size());
        for (Rfc6962Entry& r : *raw) parsed.push_back(LogEntryFromRfc6962(std::move(r)));
        return parsed;
      },
      [&](Chunk& chunk) -> absl::Status {
        if (!chunk.ok()) return chunk.status();
        for (LogEntry& e : *chunk) CT_RETURN_IF_ERROR(sink(e));
        return absl::OkStatus();
      });
}

}  // namespace ct
