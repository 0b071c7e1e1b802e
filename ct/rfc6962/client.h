// File: ct/rfc6962/client.h
// -----------------------------------------------------------------------------
// Rfc6962Client: the RFC 6962 §4 HTTP JSON API of one log (get-sth verified
// with the log's key, get-sth-consistency, get-proof-by-hash, get-entries,
// get-entry-and-proof, get-roots), with the behaviours real logs need:
//   - get-entries `start`/`end` are inclusive; a log may return fewer entries
//     than asked (caps of 31, 32, 256, 1000, often aligned to a multiple of
//     the cap): GetEntries loops, learns the cap and aligns requests to it;
//     zero entries (after retries) or more than asked is an error;
//   - 429 honours Retry-After (seconds or HTTP date), otherwise exponential
//     backoff with jitter; 5xx, transport errors, HTML/empty/truncated bodies
//     are retried up to `max_attempts`, every wait through the injectable
//     sleeper; redirects are reported, not followed;
//   - first == 0 or first == second needs no get-sth-consistency request;
//   - a tree head that shrinks, goes back in time, forks (same size, other
//     root) or lies in the future is misbehaviour: reported as
//     ErrorKind::kInconsistent and kept in evidence(), never skipped.
// Time and sleeping are injectable (Rfc6962ClientOptions) for tests.
//
// The transport is a small interface (Rfc6962Transport: one GET, status code,
// Retry-After, body, no retries of its own); CreateHttp runs it over
// HttpFetcher::Get (keep-alive, HTTP/2, gzip, timeouts, size bounds, ca_file)
// with redirects not followed.
//
// Example:
//   absl::StatusOr<ct::LogVerifier> key = ct::LogVerifier::CreateFromPem(pem);
//   ct::HttpFetcherOptions http; http.prefix = "https://ct.googleapis.com/logs/us1/argon2025h2/";
//   auto client = ct::Rfc6962Client::CreateHttp(http, *std::move(key));
//   absl::StatusOr<ct::SignedTreeHead> sth = (*client)->GetSth();
//   absl::StatusOr<std::vector<ct::Rfc6962Entry>> e = (*client)->GetEntries(0, 999);
#ifndef CT_RFC6962_CLIENT_H_
#define CT_RFC6962_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/rfc6962/responses.h"
#include "ct/sct/log_verifier.h"
#include "ct/tiles/http_fetcher.h"

namespace ct {

// Rfc6962Transport performs GETs relative to a log's URL
// ("ct/v1/get-sth", "ct/v1/get-entries?start=0&end=9"). Thread-safe.
class Rfc6962Transport {
 public:
  virtual ~Rfc6962Transport() = default;
  // Get returns the response to one GET of `path` (one attempt), whatever its
  // HTTP status; a non-OK status for transport failures (kUnavailable /
  // kDeadlineExceeded are retried by the client, other codes are final).
  virtual absl::StatusOr<HttpResponse> Get(absl::string_view path) = 0;
};

// CheckTreeHeadOrder reports misbehaviour between two verified tree heads of
// one log, `older` seen before `newer`: kInconsistent if the size shrinks,
// the timestamp goes backwards, or the sizes are equal and the roots differ
// (ct::VerifyTreeHeadConsistency without a proof).
absl::Status CheckTreeHeadOrder(const SignedTreeHead& older, const SignedTreeHead& newer);

// Rfc6962ClientOptions configures retries, the entry cap and the clock.
struct Rfc6962ClientOptions {
  int max_attempts = 5;  // per request, first try included
  absl::Duration initial_backoff = absl::Milliseconds(250);
  absl::Duration max_backoff = absl::Seconds(30);  // also caps Retry-After
  // max_entries_per_request is the largest get-entries range asked for
  // before the log's own cap is learned.
  uint64_t max_entries_per_request = 1000;
  // max_future_skew: a tree head timestamped later than now + this is
  // misbehaviour.
  absl::Duration max_future_skew = absl::Minutes(10);
  std::function<absl::Time()> now;                 // default absl::Now
  std::function<void(absl::Duration)> sleep;       // default absl::SleepFor
};

// Rfc6962Entry is one get-entries entry with its position and leaf hash.
struct Rfc6962Entry {
  uint64_t index = 0;
  Hash leaf_hash{};  // HashLeaf(leaf_input)
  Bytes leaf_input;  // MerkleTreeLeaf (ct/rfc6962/entry.h ParseLeafInput)
  Bytes extra_data;  // chain (ParseExtraData)
};

// Misbehaviour is evidence kept by the client: two signed tree heads that
// cannot both be honest (or one from the future), and why.
struct Misbehaviour {
  SignedTreeHead older;  // the last good tree head (equal to newer for far-future)
  SignedTreeHead newer;
  absl::Status why;      // kind kInconsistent
};

// Rfc6962Client talks to one RFC 6962 log. Thread-safe.
class Rfc6962Client final {
 public:
  // Create returns a client over `transport` for the log whose key is `log`.
  // kInvalidArgument for options out of range.
  static absl::StatusOr<std::unique_ptr<Rfc6962Client>> Create(
      std::unique_ptr<Rfc6962Transport> transport, LogVerifier log,
      Rfc6962ClientOptions options = {});
  // CreateHttp is Create over HttpFetcher::Get for `http` (prefix = the log
  // URL, e.g. "https://ct.googleapis.com/logs/us1/argon2025h2/"); redirects
  // are not followed, and `http`'s retry settings are unused (the client's).
  static absl::StatusOr<std::unique_ptr<Rfc6962Client>> CreateHttp(
      HttpFetcherOptions http, LogVerifier log, Rfc6962ClientOptions options = {});

  // GetSth fetches, parses and verifies the latest tree head, and checks it
  // against the last one this client returned (CheckTreeHeadOrder) and the
  // clock. kBadSignature, kInconsistent (also recorded in evidence()), or a
  // fetch error. If `served_json` is non-null it receives the body as served
  // (evidence of what the log signed).
  absl::StatusOr<SignedTreeHead> GetSth(std::string* served_json = nullptr);

  // GetSthConsistency returns the consistency proof between sizes `first` and
  // `second`; empty without a request when first == 0 or first == second.
  absl::StatusOr<std::vector<Hash>> GetSthConsistency(uint64_t first, uint64_t second);

  // VerifyConsistency fetches and checks the proof that `newer` extends
  // `older` (both verified; ct::VerifyTreeHeadConsistency); kInconsistent
  // (recorded in evidence()) if not, a malformed proof included.
  absl::Status VerifyConsistency(const SignedTreeHead& older, const SignedTreeHead& newer);

  // GetProofByHash returns the inclusion proof of `leaf_hash` in the tree of
  // `tree_size` leaves (not verified: see ct/merkle/verify.h).
  absl::StatusOr<InclusionResult> GetProofByHash(const Hash& leaf_hash, uint64_t tree_size);

  // VerifyEntryInclusion checks with get-proof-by-hash that `entry` is leaf
  // `entry.index` of the tree `sth` (verified) commits to: kTampered naming
  // the entry if the log does not know its hash, places it elsewhere, or the
  // proof leads to another root; fetch errors otherwise.
  absl::Status VerifyEntryInclusion(const Rfc6962Entry& entry, const SignedTreeHead& sth);

  // GetEntries returns entries `start`..`end` inclusive, in order, looping on
  // short reads. kInvalidArgument if start > end; kMalformed naming the index
  // if the log returns more than asked or nothing after retries.
  absl::StatusOr<std::vector<Rfc6962Entry>> GetEntries(uint64_t start, uint64_t end);

  // GetEntryAndProof returns entry `index` and its audit path in the tree of
  // `tree_size` leaves.
  absl::StatusOr<EntryAndProof> GetEntryAndProof(uint64_t index, uint64_t tree_size);

  // GetRoots returns the DER of each root the log accepts.
  absl::StatusOr<std::vector<Bytes>> GetRoots();

  // entry_cap returns the largest get-entries batch learned so far (0 until a
  // short read was seen).
  uint64_t entry_cap() const ABSL_LOCKS_EXCLUDED(mu_);
  // evidence returns the misbehaviour seen so far, oldest first.
  std::vector<Misbehaviour> evidence() const ABSL_LOCKS_EXCLUDED(mu_);
  // requests returns how many HTTP requests were made (retries included).
  uint64_t requests() const ABSL_LOCKS_EXCLUDED(mu_);
  // log returns the log's verifier.
  const LogVerifier& log() const { return log_; }

 private:
  Rfc6962Client(std::unique_ptr<Rfc6962Transport> transport, LogVerifier log,
                Rfc6962ClientOptions options);
  // Fetch GETs `path` and parses the body with `parse` (returns its status),
  // retrying as the file comment says.
  absl::Status Fetch(absl::string_view path,
                     const std::function<absl::Status(absl::string_view body)>& parse);
  // FetchAs is Fetch that returns the value `parse` produced.
  template <typename T>
  absl::StatusOr<T> FetchAs(absl::string_view path,
                            absl::StatusOr<T> (*parse)(absl::string_view json));
  absl::Duration Backoff(int attempt);
  absl::Status Record(const SignedTreeHead& older, const SignedTreeHead& newer,
                      absl::Status why) ABSL_LOCKS_EXCLUDED(mu_);

  std::unique_ptr<Rfc6962Transport> transport_;
  LogVerifier log_;
  Rfc6962ClientOptions options_;
  mutable absl::Mutex mu_;
  uint64_t cap_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t requests_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<SignedTreeHead> last_sth_ ABSL_GUARDED_BY(mu_);
  std::vector<Misbehaviour> evidence_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ct

#endif  // CT_RFC6962_CLIENT_H_
