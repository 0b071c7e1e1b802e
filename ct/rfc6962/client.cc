#include "ct/rfc6962/client.h"

#include <algorithm>
#include <random>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/merkle/verify.h"

namespace ct {
namespace {

// HttpFetcherTransport is Rfc6962Transport over HttpFetcher::Get.
class HttpFetcherTransport final : public Rfc6962Transport {
 public:
  explicit HttpFetcherTransport(std::unique_ptr<HttpFetcher> fetcher)
      : fetcher_(std::move(fetcher)) {}
  absl::StatusOr<HttpResponse> Get(absl::string_view path) override {
    return fetcher_->Get(path);
  }

 private:
  const std::unique_ptr<HttpFetcher> fetcher_;
};

}  // namespace

namespace {

TreeHeadRef Ref(const SignedTreeHead& sth) {
  return TreeHeadRef{sth.tree_size, sth.root_hash, sth.timestamp};
}

}  // namespace

absl::Status CheckTreeHeadOrder(const SignedTreeHead& older, const SignedTreeHead& newer) {
  return VerifyTreeHeadConsistency(Ref(older), Ref(newer), nullptr).status();
}

Rfc6962Client::Rfc6962Client(std::unique_ptr<Rfc6962Transport> transport, LogVerifier log,
                             Rfc6962ClientOptions options)
    : transport_(std::move(transport)), log_(std::move(log)), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return absl::Now(); };
  if (!options_.sleep) options_.sleep = [](absl::Duration d) { absl::SleepFor(d); };
}

absl::StatusOr<std::unique_ptr<Rfc6962Client>> Rfc6962Client::Create(
    std::unique_ptr<Rfc6962Transport> transport, LogVerifier log, Rfc6962ClientOptions options) {
  if (transport == nullptr) return absl::InvalidArgumentError("rfc6962 client: no transport");
  if (options.max_attempts < 1 || options.max_entries_per_request < 1) {
    return absl::InvalidArgumentError("rfc6962 client: max_attempts and max_entries_per_request must be >= 1");
  }
  return std::unique_ptr<Rfc6962Client>(
      new Rfc6962Client(std::move(transport), std::move(log), std::move(options)));
}

absl::StatusOr<std::unique_ptr<Rfc6962Client>> Rfc6962Client::CreateHttp(
    HttpFetcherOptions http, LogVerifier log, Rfc6962ClientOptions options) {
  http.follow_redirects = false;  // RFC 6962 clients report redirects
  CT_ASSIGN_OR_RETURN(std::unique_ptr<HttpFetcher> fetcher, HttpFetcher::Create(std::move(http)));
  return Create(std::make_unique<HttpFetcherTransport>(std::move(fetcher)), std::move(log),
                std::move(options));
}

absl::Duration Rfc6962Client::Backoff(int attempt) {
  absl::Duration d = options_.initial_backoff;
  for (int i = 1; i < attempt && d < options_.max_backoff; ++i) d *= 2;
  d = std::min(d, options_.max_backoff);
  // Full jitter in [d/2, d]: many clients backing off do not retry in step.
  thread_local std::minstd_rand rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return d * jitter(rng);
}

absl::Status Rfc6962Client::Fetch(absl::string_view path,
                                  const std::function<absl::Status(absl::string_view)>& parse) {
  absl::Status last;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    {
      absl::MutexLock l(&mu_);
      ++requests_;
    }
    absl::StatusOr<HttpResponse> r = transport_->Get(path);
    absl::Duration wait = Backoff(attempt);
    if (!r.ok()) {
      if (!IsRetryableFetchError(r.status())) return Prefix(path, r.status());
      last = r.status();
    } else if (r->status == 200) {
      absl::Status parsed = parse(r->body);
      if (parsed.ok() || ErrorKindOf(parsed) != ErrorKind::kMalformed) return parsed;
      last = parsed;  // HTML error page, empty, truncated: retry
    } else if (r->status == 429 || r->status >= 500) {
      last = absl::UnavailableError(absl::StrCat(path, ": HTTP ", r->status));
      if (std::optional<absl::Duration> ra = ParseRetryAfter(r->retry_after, options_.now())) {
        wait = *ra;
      }
    } else if (r->status >= 300 && r->status < 400) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": HTTP ", r->status, " redirect to \"",
                       absl::CHexEscape(r->location), "\" (not followed)"));
    } else if (r->status == 404) {
      return absl::NotFoundError(absl::StrCat(path, ": HTTP 404"));
    } else {
      return absl::FailedPreconditionError(absl::StrCat(path, ": HTTP ", r->status));
    }
    if (attempt < options_.max_attempts) options_.sleep(std::min(wait, options_.max_backoff));
  }
  return Prefix(absl::StrCat(path, " (after ", options_.max_attempts, " attempts)"), last);
}

template <typename T>
absl::StatusOr<T> Rfc6962Client::FetchAs(absl::string_view path,
                                         absl::StatusOr<T> (*parse)(absl::string_view json)) {
  T out;
  CT_RETURN_IF_ERROR(Fetch(path, [&](absl::string_view body) {
    absl::StatusOr<T> p = parse(body);
    if (p.ok()) out = *std::move(p);
    return p.status();
  }));
  return out;
}

absl::Status Rfc6962Client::Record(const SignedTreeHead& older, const SignedTreeHead& newer,
                                   absl::Status why) {
  absl::MutexLock l(&mu_);
  evidence_.push_back(Misbehaviour{older, newer, why});
  return why;
}

absl::StatusOr<SignedTreeHead> Rfc6962Client::GetSth(std::string* served_json) {
  SignedTreeHead sth;
  CT_RETURN_IF_ERROR(Fetch("ct/v1/get-sth", [&](absl::string_view body) {
    absl::StatusOr<SignedTreeHead> p = ParseGetSthResponse(body);
    if (!p.ok()) return p.status();
    sth = *std::move(p);
    if (served_json != nullptr) *served_json = std::string(body);
    return absl::OkStatus();
  }));
  CT_RETURN_IF_ERROR(Prefix("get-sth", VerifySignedTreeHead(log_, sth)));
  absl::Time ts = absl::FromUnixMillis(static_cast<int64_t>(
      std::min<uint64_t>(sth.timestamp, uint64_t{1} << 62)));
  if (ts > options_.now() + options_.max_future_skew) {
    return Record(sth, sth, MakeError(ErrorKind::kInconsistent,
                                      absl::StrCat("tree head of size ", sth.tree_size,
                                                   " is timestamped in the future: ",
                                                   absl::FormatTime(ts))));
  }
  std::optional<SignedTreeHead> last;
  {
    absl::MutexLock l(&mu_);
    last = last_sth_;
  }
  if (last.has_value()) {
    absl::Status order = CheckTreeHeadOrder(*last, sth);
    if (!order.ok()) return Record(*last, sth, order);
  }
  absl::MutexLock l(&mu_);
  if (!last_sth_.has_value() || last_sth_->tree_size <= sth.tree_size) last_sth_ = sth;
  return sth;
}

absl::StatusOr<std::vector<Hash>> Rfc6962Client::GetSthConsistency(uint64_t first, uint64_t second) {
  if (first > second) {
    return absl::InvalidArgumentError(absl::StrCat("consistency from ", first, " to ", second));
  }
  if (first == 0 || first == second) return std::vector<Hash>();  // RFC 9162 §2.1.4
  return FetchAs(absl::StrCat("ct/v1/get-sth-consistency?first=", first, "&second=", second),
                 &ParseGetSthConsistencyResponse);
}

absl::Status Rfc6962Client::VerifyConsistency(const SignedTreeHead& older,
                                              const SignedTreeHead& newer) {
  absl::Status s = VerifyTreeHeadConsistency(Ref(older), Ref(newer),
                                             [&](uint64_t size1, uint64_t size2) {
                                               return GetSthConsistency(size1, size2);
                                             })
                       .status();
  if (ErrorKindOf(s) == ErrorKind::kInconsistent) return Record(older, newer, s);
  return s;
}

absl::StatusOr<InclusionResult> Rfc6962Client::GetProofByHash(const Hash& leaf_hash,
                                                              uint64_t tree_size) {
  return FetchAs(absl::StrCat("ct/v1/get-proof-by-hash?hash=", QueryEscape(HashToBase64(leaf_hash)),
                              "&tree_size=", tree_size),
                 &ParseGetProofByHashResponse);
}

absl::Status Rfc6962Client::VerifyEntryInclusion(const Rfc6962Entry& entry,
                                                 const SignedTreeHead& sth) {
  std::string what = absl::StrCat("entry ", entry.index, " (leaf hash ", HashToHex(entry.leaf_hash),
                                  ")");
  absl::StatusOr<InclusionResult> proof = GetProofByHash(entry.leaf_hash, sth.tree_size);
  if (absl::IsNotFound(proof.status())) {
    return MakeError(ErrorKind::kTampered,
                     absl::StrCat(what, " is not in the tree of size ", sth.tree_size));
  }
  CT_RETURN_IF_ERROR(proof.status());
  if (proof->index != entry.index) {
    return MakeError(ErrorKind::kTampered, absl::StrCat(what, " is at index ", proof->index,
                                                        " of the tree of size ", sth.tree_size));
  }
  absl::Status s = ct::VerifyInclusion(entry.leaf_hash, entry.index, sth.tree_size,
                                       proof->proof, sth.root_hash);
  if (IsRootMismatch(s)) {
    return MakeError(ErrorKind::kTampered, absl::StrCat(what, ": ", s.message()));
  }
  return Prefix(what, s);
}

absl::StatusOr<std::vector<Rfc6962Entry>> Rfc6962Client::GetEntries(uint64_t start, uint64_t end) {
  if (start > end) {
    return absl::InvalidArgumentError(absl::StrCat("get-entries start ", start, " > end ", end));
  }
  std::vector<Rfc6962Entry> out;
  out.reserve(std::min<uint64_t>(end - start + 1, options_.max_entries_per_request));
  uint64_t next = start;
  while (true) {
    uint64_t cap = entry_cap();
    uint64_t batch = cap != 0 ? cap : options_.max_entries_per_request;
    // Align to multiples of the batch: logs that truncate at cap boundaries
    // then answer every request in full.
    uint64_t block_end = next / batch * batch + (batch - 1);
    uint64_t req_end = std::min(end, block_end < next ? end : block_end);
    uint64_t asked = req_end - next + 1;
    std::vector<RawLogEntry> got;
    CT_RETURN_IF_ERROR(Fetch(absl::StrCat("ct/v1/get-entries?start=", next, "&end=", req_end),
                             [&](absl::string_view body) -> absl::Status {
                               CT_ASSIGN_OR_RETURN(got, ParseGetEntriesResponse(body));
                               if (got.empty()) {
                                 return MalformedError(
                                     "get-entries",
                                     absl::StrCat("no entries for ", next, "..", req_end));
                               }
                               if (got.size() > asked) {
                                 return MakeError(
                                     ErrorKind::kMalformed,
                                     absl::StrCat("get-entries: ", got.size(), " entries for ",
                                                  next, "..", req_end, " (", asked,
                                                  " asked); entry ", next + asked,
                                                  " was not asked for"));
                               }
                               return absl::OkStatus();
                             }));
    if (got.size() < asked) {
      absl::MutexLock l(&mu_);
      cap_ = std::max<uint64_t>(cap_, got.size());
    }
    for (RawLogEntry& r : got) {
      Rfc6962Entry e;
      e.index = next++;
      e.leaf_hash = HashLeaf(r.leaf_input);
      e.leaf_input = std::move(r.leaf_input);
      e.extra_data = std::move(r.extra_data);
      out.push_back(std::move(e));
    }
    if (next == 0 || next > end) break;  // next == 0: wrapped past UINT64_MAX
  }
  return out;
}

absl::StatusOr<EntryAndProof> Rfc6962Client::GetEntryAndProof(uint64_t index, uint64_t tree_size) {
  return FetchAs(absl::StrCat("ct/v1/get-entry-and-proof?leaf_index=", index,
                              "&tree_size=", tree_size),
                 &ParseGetEntryAndProofResponse);
}

absl::StatusOr<std::vector<Bytes>> Rfc6962Client::GetRoots() {
  return FetchAs("ct/v1/get-roots", &ParseGetRootsResponse);
}

uint64_t Rfc6962Client::entry_cap() const {
  absl::MutexLock l(&mu_);
  return cap_;
}

std::vector<Misbehaviour> Rfc6962Client::evidence() const {
  absl::MutexLock l(&mu_);
  return evidence_;
}

uint64_t Rfc6962Client::requests() const {
  absl::MutexLock l(&mu_);
  return requests_;
}

}  // namespace ct
