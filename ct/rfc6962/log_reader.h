// File: ct/rfc6962/log_reader.h
// -----------------------------------------------------------------------------
// Rfc6962LogReader: ct::LogReader (ct/log/log_reader.h) over an RFC 6962 log,
// through an Rfc6962Client. Tree heads are verified STHs (the served JSON is
// the evidence); proofs are get-sth-consistency and get-proof-by-hash;
// entries are get-entries in chunks aligned to `entries_per_request`, fetched
// by `parallel_requests` threads and delivered in order, each parsed
// (leaf_input and extra_data). An entry whose bytes do not parse keeps its
// index and leaf hash and carries the reason in parse_status.
//
// Example:
//   CT_ASSIGN_OR_RETURN(auto client, ct::Rfc6962Client::CreateHttp(http, *std::move(key)));
//   ct::Rfc6962LogReader reader(client.get());
//   ct::LogCursor cursor;
//   CT_RETURN_IF_ERROR(cursor.Update(reader, *reader.LatestTreeHead(), absl::Now()).status());
#ifndef CT_RFC6962_LOG_READER_H_
#define CT_RFC6962_LOG_READER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "ct/log/log_reader.h"
#include "ct/rfc6962/client.h"

namespace ct {

// Rfc6962ReaderOptions tunes how entries are fetched.
struct Rfc6962ReaderOptions {
  uint64_t entries_per_request = 256;  // chunk size, and chunk alignment
  int parallel_requests = 1;           // get-entries requests in flight
};

// Rfc6962LogReader reads one RFC 6962 log through `client` (which must
// outlive it). Thread-compatible.
class Rfc6962LogReader final : public LogReader {
 public:
  explicit Rfc6962LogReader(Rfc6962Client* client, Rfc6962ReaderOptions options = {});

  absl::StatusOr<TreeHead> LatestTreeHead() override;
  // OpenTreeHead parses a get-sth body saved earlier and verifies its
  // signature with the client's log key.
  absl::StatusOr<TreeHead> OpenTreeHead(absl::string_view json) override;
  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t size1,
                                                     const TreeHead& head) override;
  absl::StatusOr<InclusionResult> InclusionProof(const Hash& leaf_hash,
                                                 std::optional<uint64_t> index,
                                                 const TreeHead& head) override;
  absl::Status Entries(uint64_t begin, uint64_t end, const TreeHead& head,
                       const EntrySink& sink) override;

 private:
  Rfc6962Client* const client_;
  const Rfc6962ReaderOptions options_;
};

// LogEntryFromRfc6962 parses one get-entries entry into a LogEntry (copying
// its bytes); parse failures go to parse_status, never dropped.
LogEntry LogEntryFromRfc6962(const Rfc6962Entry& raw);
// LogEntryFromRfc6962 with `raw` consumed: its buffers are reused for the
// largest fields (certificate, pre_certificate or chain[0]) instead of copied.
LogEntry LogEntryFromRfc6962(Rfc6962Entry&& raw);

}  // namespace ct

#endif  // CT_RFC6962_LOG_READER_H_
