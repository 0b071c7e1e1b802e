#include "ct/log/verify_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/merkle/verify.h"
#include "ct/rfc6962/entry.h"

namespace ct {

absl::Status WriteFileAtomically(const std::string& path, absl::string_view data) {
  const std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::InvalidArgumentError(absl::StrCat("cannot write ", tmp));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      unlink(tmp.c_str());
      return absl::InvalidArgumentError(absl::StrCat("cannot write ", tmp));
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return absl::InvalidArgumentError(absl::StrCat("cannot replace ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<LogCursor> ReadCursorState(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return LogCursor();
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", path));
  return LogCursor::Deserialize(AsBytes(bytes));
}

absl::Status CheckLogEntry(const LogEntry& e, LogApi api, EntryCounts& counts) {
  if (!e.parse_status.ok()) {
    if (absl::IsUnimplemented(e.parse_status)) {
      ++counts.unparsed;
      return absl::OkStatus();
    }
    return MakeError(ErrorKind::kTampered,
                     absl::StrCat("entry ", e.index, ": ", e.parse_status.message()));
  }
  // Both kinds alike: RFC 6962 extra_data, or a static-ct-api entry's
  // pre_certificate and issuers (resolved by the reader), belong to the leaf.
  if (api != LogApi::kRfc6962 && e.chain.size() != e.chain_fingerprints.size()) {
    // The caller's mistake, not the log's: no error kind.
    return absl::FailedPreconditionError(absl::StrCat(
        "entry ", e.index, ": issuers not resolved (read the log with resolve_issuers)"));
  }
  LeafInput leaf;
  leaf.timestamp = e.timestamp;
  leaf.entry = {e.type, e.issuer_key_hash, e.certificate};
  leaf.extensions = e.extensions;
  ExtraData extra;
  extra.pre_certificate = e.pre_certificate;
  for (const Bytes& c : e.chain) extra.chain.push_back(c);
  absl::Status s = CheckEntryChain(leaf, extra);
  if (!s.ok()) {
    return MakeError(ErrorKind::kTampered,
                     absl::StrCat("entry ", e.index, ": extra_data: ", s.message()));
  }
  if (e.type == LogEntryType::kPrecert) ++counts.precerts;
  return absl::OkStatus();
}

absl::StatusOr<VerifyLogResult> VerifyLog(LogReader& reader, LogApi api, const TreeHead& head,
                                          LogCursor start, const VerifyLogOptions& options) {
  LogCursor cursor = std::move(start);
  const absl::Time now = options.now == absl::InfiniteFuture() ? absl::Now() : options.now;
  VerifyLogResult result;
  CT_ASSIGN_OR_RETURN(result.update, cursor.Update(reader, head, now, options.cursor));
  result.resumed_from = cursor.position();
  if (options.on_start) options.on_start(result.resumed_from, cursor.tree_head()->size);
  CT_RETURN_IF_ERROR(cursor.Advance(
      reader,
      [&](const EntryBatch& batch) -> absl::Status {
        for (const LogEntry& e : batch.entries) {
          CT_RETURN_IF_ERROR(CheckLogEntry(e, api, result.counts));
        }
        VerifyProgress p;
        p.end = batch.state.position();
        p.first = p.end - batch.entries.size();
        p.tree_size = batch.state.tree_head()->size;
        p.checked = result.entries_checked + batch.entries.size();
        // Announced before the state is committed: a run killed in between
        // re-checks these entries.
        if (options.on_batch) options.on_batch(p);
        if (options.state_path) {
          CT_RETURN_IF_ERROR(WriteFileAtomically(*options.state_path, batch.state.Serialize()));
        }
        result.entries_checked = p.checked;
        return absl::OkStatus();
      },
      options.cursor));
  result.tree_head = *cursor.tree_head();
  result.entries = cursor.position();
  return result;
}

absl::StatusOr<std::vector<Hash>> CheckTreeHeadConsistency(LogReader& reader, uint64_t old_size,
                                                           const Hash& old_root,
                                                           const TreeHead& current) {
  return VerifyTreeHeadConsistency(
      TreeHeadRef{old_size, old_root, 0}, TreeHeadRef{current.size, current.root, 0},
      [&](uint64_t size1, uint64_t) { return reader.ConsistencyProof(size1, current); });
}

SctInclusion ProveSctInclusion(LogReader& reader, const TreeHead& head,
                               const SignedCertificateTimestamp& sct, const SignedEntry& entry) {
  SctInclusion out;
  absl::StatusOr<Hash> leaf = LeafHash(sct, entry);
  if (!leaf.ok()) {
    out.status = leaf.status();
    return out;
  }
  out.leaf_hash = *leaf;
  if (head.size == 0) {
    out.status = MakeError(ErrorKind::kTampered, "the tree is empty");
    return out;
  }
  // A static-ct-api SCT names its leaf (the leaf_index extension): tiles need
  // it, and an RFC 6962 log answering with another index is kTampered.
  absl::StatusOr<std::optional<uint64_t>> index = ParseLeafIndexExtension(sct.extensions);
  if (!index.ok()) {
    out.status = index.status();
    return out;
  }
  absl::StatusOr<InclusionResult> proof = reader.InclusionProof(*leaf, *index, head);
  if (!proof.ok()) {
    out.status = proof.status();
    return out;
  }
  out.leaf_index = proof->index;
  absl::Status s = VerifyInclusion(*leaf, proof->index, head.size, proof->proof, head.root);
  if (!s.ok() && (IsRootMismatch(s) || ErrorKindOf(s) == ErrorKind::kMalformed ||
                  absl::IsInvalidArgument(s) || absl::IsOutOfRange(s))) {
    s = MakeError(ErrorKind::kTampered,
                  absl::StrCat("inclusion proof does not verify: ", s.message()));
  }
  out.status = s;
  return out;
}

}  // namespace ct
