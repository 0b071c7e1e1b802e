#include "ct/log/cursor.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"
#include "ct/merkle/verify.h"
#include "openssl/bytestring.h"

namespace ct {
namespace {

std::string Describe(const TreeHead& h) {
  return absl::StrFormat("tree head (size %d, root %s, timestamp %d)", h.size,
                         HashToBase64(h.root), h.timestamp_ms);
}

TreeHeadRef Ref(const TreeHead& h) { return TreeHeadRef{h.size, h.root, h.timestamp_ms}; }

absl::Status Malformed(absl::string_view why) { return MalformedError("cursor state", why); }

// ProveRangeIsPrefix checks that `range` ([0, n)) is a prefix of `head`'s
// tree: equal roots at the tree head, else a consistency proof from n. A
// well-formed proof that leads elsewhere is a root mismatch; a proof of the
// wrong shape is kInconsistent; reader errors pass through.
absl::Status ProveRangeIsPrefix(LogReader& reader, const CompactRange& range,
                                const TreeHead& head) {
  const uint64_t n = range.end();
  if (n == head.size) {
    Hash root = range.Root();
    if (HashesEqual(root, head.root)) return absl::OkStatus();
    return RootMismatchError(root, head.root);
  }
  if (n == 0) return absl::OkStatus();  // the empty tree is a prefix of every tree
  absl::StatusOr<std::vector<Hash>> proof = reader.ConsistencyProof(n, head);
  if (!proof.ok()) return proof.status();
  absl::Status s = VerifyConsistency(n, head.size, *proof, range.Root(), head.root);
  if (s.ok() || IsRootMismatch(s)) return s;
  return MakeError(ErrorKind::kInconsistent,
                   absl::StrCat("log served a malformed consistency proof from ", n, " to ",
                                Describe(head), ": ", s.message()));
}

}  // namespace

const char* TreeHeadUpdateName(TreeHeadUpdate update) {
  switch (update) {
    case TreeHeadUpdate::kAdvanced: return "advanced";
    case TreeHeadUpdate::kSame: return "same";
    case TreeHeadUpdate::kStale: return "stale";
  }
  return "unknown";
}

absl::StatusOr<LogCursor> LogCursor::AtTreeHead(LogReader& reader, const TreeHead& head) {
  if (head.size == 0) {
    if (!HashesEqual(head.root, EmptyRoot())) {
      return MakeError(ErrorKind::kInconsistent, "empty tree head with a non-empty root");
    }
    return LogCursor(head, CompactRange());
  }
  const uint64_t last = head.size - 1;
  std::optional<LogEntry> entry;
  CT_RETURN_IF_ERROR(reader.Entries(last, head.size, head, [&](LogEntry& e) {
    entry = std::move(e);
    return absl::OkStatus();
  }));
  if (!entry.has_value() || entry->index != last) {
    return MakeError(ErrorKind::kTampered, absl::StrCat("log did not serve entry ", last));
  }
  CT_ASSIGN_OR_RETURN(InclusionResult inc, reader.InclusionProof(entry->leaf_hash, last, head));
  if (inc.index != last) {
    return MakeError(ErrorKind::kTampered,
                     absl::StrCat("inclusion proof for entry ", last, " is for index ", inc.index));
  }
  // The audit path of the last leaf lists the perfect subtrees of [0, last)
  // from the smallest (rightmost) up; the compact range holds them leftmost first.
  std::vector<Hash> nodes(inc.proof.rbegin(), inc.proof.rend());
  absl::StatusOr<CompactRange> range = CompactRange::Create(0, last, std::move(nodes));
  if (!range.ok()) {
    return MakeError(ErrorKind::kInconsistent,
                     absl::StrCat("inclusion proof of entry ", last, " has ", inc.proof.size(),
                                  " hashes, want ", CompactRange::NodeCount(0, last)));
  }
  range->Append(entry->leaf_hash);
  if (!HashesEqual(range->Root(), head.root)) {
    return MakeError(ErrorKind::kTampered,
                     absl::StrCat("entry ", last, " and its inclusion proof do not lead to ",
                                  Describe(head)));
  }
  return LogCursor(head, *std::move(range));
}

std::string LogCursor::Serialize() const {
  bssl::ScopedCBB cbb;
  std::string range = range_.Serialize();
  CBB evidence, range_bytes;
  if (!CBB_init(cbb.get(), 128 + range.size()) || !CBB_add_u8(cbb.get(), kCursorStateVersion) ||
      !CBB_add_u8(cbb.get(), head_.has_value() ? 1 : 0)) {
    return "";
  }
  if (head_.has_value()) {
    if (!CBB_add_u64(cbb.get(), head_->size) ||
        !CBB_add_bytes(cbb.get(), head_->root.data(), head_->root.size()) ||
        !CBB_add_u64(cbb.get(), head_->timestamp_ms) ||
        !CBB_add_u24_length_prefixed(cbb.get(), &evidence) ||
        !CBB_add_bytes(&evidence, AsBytes(head_->evidence).data(), head_->evidence.size())) {
      return "";
    }
  }
  if (!CBB_add_u16_length_prefixed(cbb.get(), &range_bytes) ||
      !CBB_add_bytes(&range_bytes, AsBytes(range).data(), range.size()) || !CBB_flush(cbb.get())) {
    return "";
  }
  return std::string(AsChars(ByteSpan(CBB_data(cbb.get()), CBB_len(cbb.get()))));
}

absl::StatusOr<LogCursor> LogCursor::Deserialize(ByteSpan state) {
  CBS cbs, evidence, range_bytes;
  CBS_init(&cbs, state.data(), state.size());
  uint8_t version, has_head;
  if (!CBS_get_u8(&cbs, &version)) return Malformed("empty");
  if (version != kCursorStateVersion) {
    return Malformed(absl::StrCat("unknown version ", version, ", want ", kCursorStateVersion));
  }
  if (!CBS_get_u8(&cbs, &has_head) || has_head > 1) return Malformed("bad tree head flag");
  std::optional<TreeHead> head;
  if (has_head) {
    TreeHead h;
    CBS root;
    if (!CBS_get_u64(&cbs, &h.size) || !CBS_get_bytes(&cbs, &root, kHashSize) ||
        !CBS_get_u64(&cbs, &h.timestamp_ms) || !CBS_get_u24_length_prefixed(&cbs, &evidence)) {
      return Malformed("truncated tree head");
    }
    std::copy(CBS_data(&root), CBS_data(&root) + kHashSize, h.root.begin());
    h.evidence = std::string(AsChars(ByteSpan(CBS_data(&evidence), CBS_len(&evidence))));
    head = std::move(h);
  }
  if (!CBS_get_u16_length_prefixed(&cbs, &range_bytes)) return Malformed("truncated range");
  if (CBS_len(&cbs) != 0) return Malformed(absl::StrCat(CBS_len(&cbs), " trailing bytes"));
  absl::StatusOr<CompactRange> range =
      CompactRange::Deserialize(ByteSpan(CBS_data(&range_bytes), CBS_len(&range_bytes)));
  if (!range.ok()) return Malformed(range.status().message());
  if (range->begin() != 0) return Malformed("range does not start at 0");
  if (head.has_value() ? range->end() > head->size : range->end() != 0) {
    return Malformed("range ends past the tree head");
  }
  return LogCursor(std::move(head), *std::move(range));
}

absl::StatusOr<TreeHeadUpdate> LogCursor::Update(LogReader& reader, const TreeHead& head,
                                                 absl::Time now, const CursorOptions& options) {
  const absl::Time latest = now + options.max_future;
  if (head.timestamp_ms != 0 && absl::FromUnixMillis(static_cast<int64_t>(
                                    std::min<uint64_t>(head.timestamp_ms, INT64_MAX))) > latest) {
    return MakeError(ErrorKind::kInconsistent,
                     absl::StrCat(Describe(head), " has a timestamp in the future (now ",
                                  absl::ToUnixMillis(now), ")"));
  }
  if (head.size == 0 && !HashesEqual(head.root, EmptyRoot())) {
    return MakeError(ErrorKind::kInconsistent,
                     absl::StrCat(Describe(head), ": an empty tree has root ",
                                  HashToBase64(EmptyRoot())));
  }
  if (!head_.has_value()) {
    if (range_.end() > head.size) {
      return MakeError(ErrorKind::kInconsistent,
                       absl::StrCat(Describe(head), " is smaller than the ", range_.end(),
                                    " entries already read"));
    }
    head_ = head;
    return TreeHeadUpdate::kAdvanced;
  }
  const TreeHead& stored = *head_;
  // One owner of the check (ct::VerifyTreeHeadConsistency). A smaller tree
  // head (a lagging frontend) is fine only as an older prefix of the stored one.
  const bool stale = head.size < stored.size;
  const TreeHead& older = stale ? head : stored;
  const TreeHead& newer = stale ? stored : head;
  absl::StatusOr<std::vector<Hash>> checked = VerifyTreeHeadConsistency(
      Ref(older), Ref(newer), [&](uint64_t size1, uint64_t) {
        return reader.ConsistencyProof(size1, newer);
      });
  if (!checked.ok()) {
    if (ErrorKindOf(checked.status()) != ErrorKind::kInconsistent) return checked.status();
    return MakeError(ErrorKind::kInconsistent,
                     absl::StrCat(stale ? "a smaller tree head that is not a prefix: " : "",
                                  checked.status().message()));
  }
  if (stale) return TreeHeadUpdate::kStale;
  if (head.size == stored.size) {
    if (head.timestamp_ms > stored.timestamp_ms) head_ = head;
    return TreeHeadUpdate::kSame;
  }
  head_ = head;
  return TreeHeadUpdate::kAdvanced;
}

absl::Status LogCursor::Scan(LogReader& reader, const EntrySink& entry, const ScanSink& done,
                             const CursorOptions& options, uint64_t max_entries) {
  if (!head_.has_value()) {
    return absl::FailedPreconditionError("cursor has no tree head: call Update first");
  }
  if (options.batch_size == 0 || options.batch_size > 65536) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size ", options.batch_size, " outside 1..65536"));
  }
  const TreeHead head = *head_;
  const uint64_t begin = range_.end();
  if (begin >= head.size || max_entries == 0) return absl::OkStatus();
  // Whole batches until max_entries is reached, read as one range so that a
  // reader fetching ahead (parallel requests, tile windows) keeps fetching
  // while a batch is authenticated and handed to `done`.
  const uint64_t remaining = head.size - begin;
  const uint64_t batches =
      max_entries / options.batch_size + (max_entries % options.batch_size != 0 ? 1 : 0);
  const uint64_t count = batches <= remaining / options.batch_size
                             ? batches * options.batch_size
                             : remaining;
  const uint64_t stop = begin + count;
  // The leaf hashes of the batch not yet authenticated, [range_.end(),
  // next.end()): all a failed batch needs to find its first wrong entry.
  std::vector<Hash> pending;
  pending.reserve(std::min(options.batch_size, count));
  CompactRange next = range_;
  // Release authenticates the pending batch, tells `done` and moves the
  // cursor past it.
  auto release = [&]() -> absl::Status {
    const uint64_t batch_begin = range_.end();
    const uint64_t batch_end = next.end();
    absl::Status auth = ProveRangeIsPrefix(reader, next, head);
    if (IsRootMismatch(auth)) {
      // Bisect: [0, good) is a prefix of the tree, [0, bad) is not.
      uint64_t good = batch_begin, bad = batch_end;
      while (bad - good > 1) {
        const uint64_t mid = good + (bad - good) / 2;
        CompactRange probe = range_;
        for (uint64_t i = batch_begin; i < mid; ++i) probe.Append(pending[i - batch_begin]);
        absl::Status s = ProveRangeIsPrefix(reader, probe, head);
        if (s.ok()) {
          good = mid;
        } else if (IsRootMismatch(s)) {
          bad = mid;
        } else {
          return s;
        }
      }
      return MakeError(ErrorKind::kTampered,
                       absl::StrCat("entry ", bad - 1, " does not match ", Describe(head)));
    }
    CT_RETURN_IF_ERROR(auth);
    CT_RETURN_IF_ERROR(done(batch_begin, LogCursor(head_, next)));
    range_ = next;
    pending.clear();
    return absl::OkStatus();
  };
  absl::Status read = reader.Entries(begin, stop, head, [&](LogEntry& e) {
    const uint64_t want = next.end();
    if (want >= stop) {
      return MakeError(ErrorKind::kTampered,
                       absl::StrCat("log served more entries than the ", count,
                                    " asked for at ", begin));
    }
    if (e.index != want) {
      return MakeError(ErrorKind::kTampered,
                       absl::StrCat("log served entry ", e.index, " where ", want, " was due"));
    }
    // Before `entry`, which may take the entry's contents.
    const Hash leaf_hash = e.leaf_hash;
    CT_RETURN_IF_ERROR(entry(e));
    next.Append(leaf_hash);
    pending.push_back(leaf_hash);
    return pending.size() == options.batch_size ? release() : absl::OkStatus();
  });
  CT_RETURN_IF_ERROR(read);
  if (next.end() != stop) {
    return MakeError(ErrorKind::kTampered, absl::StrCat("log served ", next.end() - begin,
                                                        " entries of ", count, " at ", begin));
  }
  if (!pending.empty()) CT_RETURN_IF_ERROR(release());
  return absl::OkStatus();
}

absl::Status LogCursor::Advance(LogReader& reader, const BatchSink& sink,
                                const CursorOptions& options, uint64_t max_entries) {
  // The batch being filled is batch[0, filled). Once handed out, its entries
  // stay in place for their buffers: each arriving entry is swapped with the
  // slot it fills, so the reader refills old buffers instead of allocating.
  std::vector<LogEntry> batch;
  size_t filled = 0;
  return Scan(
      reader,
      [&](LogEntry& e) {
        if (options.inspect) options.inspect(e);
        if (filled < batch.size()) {
          std::swap(batch[filled], e);
        } else {
          if (batch.empty()) batch.reserve(std::min(options.batch_size, head_->size - position()));
          batch.push_back(std::move(e));
        }
        ++filled;
        return absl::OkStatus();
      },
      [&](uint64_t, const LogCursor& after) -> absl::Status {
        batch.resize(filled);  // shrinks only for the last, partial batch
        CT_RETURN_IF_ERROR(sink(EntryBatch{batch, after}));
        filled = 0;
        return absl::OkStatus();
      },
      options, max_entries);
}

}  // namespace ct
