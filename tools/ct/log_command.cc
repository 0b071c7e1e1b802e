#include "tools/ct/log_command.h"


#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/log/cursor.h"
#include "ct/log/log_reader.h"
#include "ct/log/open_log.h"
#include "ct/log/verify_log.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/verify.h"
#include "ct/rfc6962/entry.h"
#include "ct/rfc6962/responses.h"
#include "ct/sct/log_info.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/loglist/parse_log_list.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"
#include "ct/tiles/audit.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/checkpoint_consistency.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/http_fetcher.h"
#include "ct/tiles/note.h"
#include "ct/tiles/prove_certificate.h"
#include "ct/x509/certificate.h"
#include "ct/x509/certificate_chain.h"
#include "nlohmann/json.hpp"
#include "tools/ct/args.h"

namespace ct::cli {
namespace {

constexpr char kLogUsage[] =
    "usage:\n"
    "  ct log checkpoint LOCATION --key KEY [--origin ORIGIN] [--json]\n"
    "  ct log verify LOCATION (--key KEY [--origin ORIGIN] | --size N --root HASH)\n"
    "                [--jobs N] [--no-issuers] [--no-check-precerts] [--tlog-tiles]\n"
    "                [--quiet] [--json]\n"
    "  ct log consistency LOCATION --key KEY --from OLD_CHECKPOINT_FILE [--origin ORIGIN] [--json]\n"
    "  ct log prove LOCATION --key KEY --cert CERT.pem [--issuer ISSUER.pem] [--origin ORIGIN]\n"
    "               [--json]\n"
    "LOCATION is an http(s) monitoring prefix or a directory holding the log.\n"
    "--ca-file CA.pem (any subcommand): trust these CAs instead of the system's\n"
    "for an https LOCATION (a private or test log); certificates are always verified.\n"
    "KEY is a note verifier key (NAME+HEXID+BASE64, Ed25519) or a PEM/DER public\n"
    "key file of a static-ct-api log (RFC6962NoteSignature; the key name is the\n"
    "origin: --origin, else the checkpoint's first line).\n"
    "  checkpoint  fetch, verify and print the checkpoint\n"
    "  verify      full audit: every data tile, leaf hash, leaf_index, hash tile,\n"
    "              issuer and the root against the verified checkpoint (or the\n"
    "              trusted --size/--root); --tlog-tiles audits a tlog-tiles log\n"
    "              (tile/entries bundles) instead of static-ct-api data tiles;\n"
    "              every precert entry's pre_certificate (not in the Merkle tree)\n"
    "              is checked against its TBS, directly or via a PSC issuer (a PSC\n"
    "              is fetched even with --no-issuers); --no-check-precerts skips\n"
    "              that (--check-precerts, the old opt-in, is accepted and ignored)\n"
    "  consistency prove from authenticated tiles that the current tree extends\n"
    "              the old checkpoint (verified with the same key)\n"
    "  prove       follow the leaf_index of the certificate's embedded SCTs from\n"
    "              this log: fetch the entry, check its timestamp, the SCT\n"
    "              signature over it (PEM key only), the TBS and issuer key hash,\n"
    "              and its inclusion in the verified checkpoint; the issuer is\n"
    "              the second certificate of CERT.pem, else --issuer\n"
    "Any kind of log (issue #12): LOCATION --api rfc6962|static-ct|tlog-tiles\n"
    "(default static-ct; an RFC 6962 LOCATION is the log's base URL and --key its\n"
    "PEM/DER key), or --log-list FILE --log NAME_OR_LOG_ID (description, or log ID\n"
    "in base64 or hex; kind, URL and key from the list). These go through one\n"
    "reader and print one format (kind, origin where known, tree_size, root_hash,\n"
    "timestamp):\n"
    "  checkpoint  [--out FILE] also saves the signed tree head as served\n"
    "  verify      [--state FILE] [--batch N] [--jobs N]: every entry through the\n"
    "              verified cursor (leaf hashes, root at the tree head) and one\n"
    "              per-entry check for both kinds: the chain belongs to the leaf\n"
    "              (RFC 6962 extra_data, or a tiled entry's issuers fetched by\n"
    "              fingerprint) and a precert's TBS and issuer key hash match its\n"
    "              pre_certificate and issuer; --state resumes where the last\n"
    "              run stopped (saved atomically after each batch); a tiled log\n"
    "              without --state takes the fast tile audit\n"
    "  consistency --from FILE: a tree head saved by checkpoint --out (get-sth\n"
    "              body or checkpoint note), verified with the log's key, then\n"
    "              proven to be a prefix of the current one\n"
    "  prove       --cert CERT.pem [--issuer ISSUER.pem]: each SCT's leaf from\n"
    "              this log proven included (RFC 6962: get-proof-by-hash; tiles:\n"
    "              the SCT's leaf_index, proof from hash tiles)\n"
    "Exit status: 0 verified, 1 verification failed, 2 bad input or I/O error.\n";

int Fail(const absl::Status& status) {
  std::cerr << "ct log: " << status.message() << "\n";
  return 2;
}

// IsLogFailure decides exit 1: ct::IsVerificationFailure (by ErrorKind), plus
// the two producers that set no kind yet: AuditLog (kDataLoss naming the tile
// or entry) and note signature checks (kUnauthenticated).
bool IsLogFailure(const absl::Status& s) {
  return ct::IsVerificationFailure(s) || absl::IsDataLoss(s) || absl::IsUnauthenticated(s);
}

// Reports a failed check: exit 1 for a verification failure, 2 otherwise.
int Report(const absl::Status& s, bool json) {
  if (!IsLogFailure(s)) return Fail(s);
  if (json) {
    std::cout << nlohmann::json{{"verified", false}, {"error", std::string(s.message())}}.dump()
              << "\n";
  }
  std::cerr << "ct log: verification failed: " << s.message() << "\n";
  return 1;
}

// TakeCaFile removes `--ca-file PATH` (or `--ca-file=PATH`) from `args` and
// puts PATH (the last one given) in `options`.
absl::Status TakeCaFile(std::vector<std::string>& args, HttpFetcherOptions& options) {
  size_t i = 0;
  while (i < args.size() && args[i] != "--") {
    if (args[i] == "--ca-file" && i + 1 < args.size()) {
      options.ca_file = args[i + 1];
      args.erase(args.begin() + i, args.begin() + i + 2);
    } else if (absl::StartsWith(args[i], "--ca-file=")) {
      options.ca_file = args[i].substr(10);
      args.erase(args.begin() + i);
    } else if (args[i] == "--ca-file") {
      return absl::InvalidArgumentError("--ca-file needs a value");
    } else {
      ++i;
      continue;
    }
    if (options.ca_file.empty()) return absl::InvalidArgumentError("--ca-file needs a value");
  }
  return absl::OkStatus();
}

// MakeVerifier builds the note verifier for --key: the content of the file it
// names, or the argument itself (a verifier key string).
absl::StatusOr<NoteVerifier> MakeVerifier(const std::string& key, const std::string& origin) {
  CT_ASSIGN_OR_RETURN(LogKey k, ResolveLogKey(key, LogApi::kStaticCt));
  if (k.note_verifier.has_value()) return *std::move(k.note_verifier);
  return NoteVerifier::ForRfc6962Log(origin, k.spki_der);
}

struct Loaded {
  std::unique_ptr<Fetcher> fetcher;
  std::string note;
};

// Fetches the checkpoint and opens it with --key; the status distinguishes
// verification failures (kUnauthenticated) from input errors.
absl::StatusOr<VerifiedCheckpoint> OpenWithKey(Fetcher& fetcher, const Args& args) {
  absl::StatusOr<std::string> note = fetcher.Fetch("checkpoint");
  if (!note.ok()) return absl::Status(note.status().code(),
                                      absl::StrCat("checkpoint: ", note.status().message()));
  std::string origin = args.Get("origin").value_or("");
  if (origin.empty()) origin = note->substr(0, note->find('\n'));
  absl::StatusOr<NoteVerifier> v = MakeVerifier(*args.Get("key"), origin);
  if (!v.ok()) return absl::InvalidArgumentError(absl::StrCat("--key: ", v.status().message()));
  absl::StatusOr<VerifiedCheckpoint> cp = OpenCheckpoint(*note, {*v}, args.Get("origin").value_or(""));
  if (ErrorKindOf(cp.status()) == ErrorKind::kMalformed) {
    // A malformed checkpoint served by the log does not verify.
    return absl::UnauthenticatedError(cp.status().message());
  }
  return cp;
}

std::string TypeName(NoteSignatureType t) {
  switch (t) {
    case NoteSignatureType::kEd25519: return "ed25519";
    case NoteSignatureType::kCosignatureV1: return "cosignature/v1";
    case NoteSignatureType::kRfc6962TreeHead: return "rfc6962";
  }
  return "unknown";
}

nlohmann::json CheckpointJson(const VerifiedCheckpoint& cp) {
  nlohmann::json sigs = nlohmann::json::array();
  for (const VerifiedSignature& s : cp.note.verified) {
    nlohmann::json j = {{"name", s.name},
                        {"key_id", absl::StrFormat("%08x", s.key_id)},
                        {"type", TypeName(s.type)}};
    if (s.timestamp) j["timestamp"] = *s.timestamp;
    sigs.push_back(j);
  }
  return {{"verified", true},
          {"origin", cp.checkpoint.origin},
          {"tree_size", cp.checkpoint.size},
          {"root_hash", HashToBase64(cp.checkpoint.root)},
          {"extensions", cp.checkpoint.extensions},
          {"signatures", sigs},
          {"ignored_signatures", cp.note.unverified.size()}};
}

void PrintCheckpoint(const VerifiedCheckpoint& cp) {
  std::cout << "origin " << cp.checkpoint.origin << "\n"
            << "tree_size " << cp.checkpoint.size << "\n"
            << "root_hash " << HashToBase64(cp.checkpoint.root) << "\n";
  for (const std::string& e : cp.checkpoint.extensions) std::cout << "extension " << e << "\n";
  for (const VerifiedSignature& s : cp.note.verified) {
    std::cout << "signature " << s.name << "+" << absl::StrFormat("%08x", s.key_id) << " "
              << TypeName(s.type);
    if (s.timestamp) std::cout << " timestamp " << *s.timestamp;
    std::cout << "\n";
  }
  std::cout << "ignored_signatures " << cp.note.unverified.size() << "\n";
}

int CheckpointCmd(const std::vector<std::string>& argv, const HttpFetcherOptions& net) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"key", "origin"}, {"json"});
  if (!args.ok()) return Fail(args.status());
  if (args->positional.size() != 1) return Fail(absl::InvalidArgumentError("need one LOCATION"));
  if (!args->Get("key")) return Fail(absl::InvalidArgumentError("--key is required"));
  absl::StatusOr<std::unique_ptr<Fetcher>> f = OpenFetcher(args->positional[0], net);
  if (!f.ok()) return Fail(f.status());
  absl::StatusOr<VerifiedCheckpoint> cp = OpenWithKey(**f, *args);
  if (!cp.ok()) return Report(cp.status(), args->Has("json"));
  if (args->Has("json")) {
    std::cout << CheckpointJson(*cp).dump() << "\n";
  } else {
    PrintCheckpoint(*cp);
  }
  return 0;
}

int VerifyCmd(const std::vector<std::string>& argv, const HttpFetcherOptions& net) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"key", "origin", "size", "root", "jobs"},
                                        {"json", "no-issuers", "quiet", "tlog-tiles",
                                         "check-precerts", "no-check-precerts"});
  if (!args.ok()) return Fail(args.status());
  if (args->positional.size() != 1) return Fail(absl::InvalidArgumentError("need one LOCATION"));
  bool trusted = args->Get("size").has_value() || args->Get("root").has_value();
  if (trusted == args->Get("key").has_value()) {
    return Fail(absl::InvalidArgumentError("give either --key or both --size and --root"));
  }
  int jobs = 1;
  if (args->Get("jobs")) {
    absl::StatusOr<uint64_t> j = ParseUint64("jobs", *args->Get("jobs"));
    if (!j.ok()) return Fail(j.status());
    if (*j < 1 || *j > 256) return Fail(absl::InvalidArgumentError("--jobs must be 1..256"));
    jobs = static_cast<int>(*j);
  }
  absl::StatusOr<std::unique_ptr<Fetcher>> f = OpenFetcher(args->positional[0], net);
  if (!f.ok()) return Fail(f.status());
  uint64_t size = 0;
  Hash root{};
  std::optional<VerifiedCheckpoint> cp;
  if (trusted) {
    if (!args->Get("size") || !args->Get("root")) {
      return Fail(absl::InvalidArgumentError("--size and --root go together"));
    }
    absl::StatusOr<uint64_t> s = ParseUint64("size", *args->Get("size"));
    if (!s.ok()) return Fail(s.status());
    absl::StatusOr<Hash> r = HashFromText(*args->Get("root"));
    if (!r.ok()) return Fail(absl::InvalidArgumentError(absl::StrCat("--root: ", r.status().message())));
    size = *s;
    root = *r;
  } else {
    absl::StatusOr<VerifiedCheckpoint> opened = OpenWithKey(**f, *args);
    if (!opened.ok()) return Report(opened.status(), args->Has("json"));
    cp = *std::move(opened);
    size = cp->checkpoint.size;
    root = cp->checkpoint.root;
  }
  AuditOptions o;
  o.jobs = jobs;
  o.check_issuers = !args->Has("no-issuers");
  // Precertificates are checked by default; --check-precerts (the former
  // opt-in) is a no-op kept for compatibility.
  if (args->Has("check-precerts") && args->Has("no-check-precerts")) {
    return Fail(absl::InvalidArgumentError("--check-precerts and --no-check-precerts conflict"));
  }
  o.check_precertificates = !args->Has("no-check-precerts");
  if (args->Has("tlog-tiles")) o.format = AuditOptions::kTlogTiles;
  const absl::Time start = absl::Now();
  absl::Time last_report = start;
  if (!args->Has("quiet")) {
    o.progress = [&](uint64_t done, uint64_t total) {
      absl::Time now = absl::Now();
      if (done != total && now - last_report < absl::Seconds(1)) return;
      last_report = now;
      double secs = absl::ToDoubleSeconds(now - start);
      std::cerr << absl::StrFormat("ct log verify: %d/%d entries (%.1f%%), %.0f entries/s\n", done,
                                   total, total ? 100.0 * done / total : 100.0,
                                   secs > 0 ? done / secs : 0.0);
    };
  }
  absl::StatusOr<AuditResult> r = AuditLog(**f, size, root, o);
  if (!r.ok()) return Report(r.status(), args->Has("json"));
  double secs = absl::ToDoubleSeconds(absl::Now() - start);
  const bool precerts_checked =
      o.check_precertificates && o.format == AuditOptions::kStaticCtApi;
  if (args->Has("json")) {
    nlohmann::json out = {{"verified", true},
                          {"tree_size", size},
                          {"root_hash", HashToBase64(r->root)},
                          {"entries", r->entries},
                          {"tiles", r->tiles},
                          {"issuers", r->issuers},
                          {"check_precertificates", precerts_checked},
                          {"precertificates_checked", r->precertificates},
                          {"precertificates_via_psc", r->psc_precertificates},
                          {"bytes", r->bytes},
                          {"seconds", secs},
                          {"trusted_tree_head", trusted}};
    if (cp) out["checkpoint"] = CheckpointJson(*cp);
    std::cout << out.dump() << "\n";
  } else {
    if (cp) PrintCheckpoint(*cp);
    std::cout << "verified " << r->entries << " entries, " << r->tiles << " tiles, "
              << r->issuers << " issuers";
    if (precerts_checked) {
      std::cout << ", " << r->precertificates << " precertificates";
    } else if (o.format == AuditOptions::kStaticCtApi) {
      std::cout << ", precertificates not checked";
    }
    std::cout << "; root " << HashToBase64(r->root) << "\n";
  }
  return 0;
}

int ConsistencyCmd(const std::vector<std::string>& argv, const HttpFetcherOptions& net) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"key", "origin", "from"}, {"json"});
  if (!args.ok()) return Fail(args.status());
  if (args->positional.size() != 1) return Fail(absl::InvalidArgumentError("need one LOCATION"));
  if (!args->Get("key") || !args->Get("from")) {
    return Fail(absl::InvalidArgumentError("--key and --from are required"));
  }
  absl::StatusOr<std::string> old_note = ReadFileOrStdin(*args->Get("from"));
  if (!old_note.ok()) return Fail(old_note.status());
  absl::StatusOr<std::unique_ptr<Fetcher>> f = OpenFetcher(args->positional[0], net);
  if (!f.ok()) return Fail(f.status());
  absl::StatusOr<VerifiedCheckpoint> cur = OpenWithKey(**f, *args);
  if (!cur.ok()) return Report(cur.status(), args->Has("json"));
  absl::StatusOr<NoteVerifier> v = MakeVerifier(*args->Get("key"), cur->checkpoint.origin);
  if (!v.ok()) return Fail(v.status());
  absl::StatusOr<VerifiedCheckpoint> old = OpenCheckpoint(*old_note, {*v}, cur->checkpoint.origin);
  if (!old.ok()) {
    return Report(Prefix("old checkpoint", old.status()), args->Has("json"));
  }
  absl::StatusOr<std::vector<Hash>> proof =
      ProveCheckpointConsistency(**f, old->checkpoint, cur->checkpoint);
  if (!proof.ok()) return Report(proof.status(), args->Has("json"));
  const uint64_t m = old->checkpoint.size, n = cur->checkpoint.size;
  if (args->Has("json")) {
    nlohmann::json hashes = nlohmann::json::array();
    for (const Hash& h : *proof) hashes.push_back(HashToBase64(h));
    std::cout << nlohmann::json{{"consistent", true},
                                {"old_size", m},
                                {"old_root", HashToBase64(old->checkpoint.root)},
                                {"new_size", n},
                                {"new_root", HashToBase64(cur->checkpoint.root)},
                                {"proof", hashes}}
                     .dump()
              << "\n";
  } else {
    std::cout << "consistent " << m << " -> " << n << "\n";
    for (const Hash& h : *proof) std::cout << "proof " << HashToBase64(h) << "\n";
  }
  return 0;
}

// SctProofJson is the JSON object `ct log prove` prints for one SCT.
nlohmann::json SctProofJson(const SctProof& p) {
  nlohmann::json r = {{"sct", p.sct},
                      {"log_id", HashToBase64(p.log_id)},
                      {"timestamp", p.timestamp},
                      {"proven", p.proven()}};
  if (p.leaf_index) r["leaf_index"] = *p.leaf_index;
  if (p.data_tile) r["data_tile"] = *p.data_tile;
  if (p.signature == SctProof::SignatureCheck::kVerified) {
    r["sct_signature"] = "verified";
  } else if (p.signature == SctProof::SignatureCheck::kNoKey) {
    r["sct_signature"] = "not checked (no log public key)";
  }
  if (p.leaf_hash) r["leaf_hash"] = HashToBase64(*p.leaf_hash);
  if (p.inclusion_proof) {
    nlohmann::json hashes = nlohmann::json::array();
    for (const Hash& h : *p.inclusion_proof) hashes.push_back(HashToBase64(h));
    r["inclusion_proof"] = hashes;
  }
  if (!p.proven()) {
    r["failed_step"] = std::string(ProveStepName(p.failed_step));
    r["error"] = p.error;
  }
  return r;
}

// LoadCertAndIssuer loads --cert (a chain, leaf first) and, when it holds
// only the leaf, --issuer, with ct::CertificateChain; at least two
// certificates, or kInvalidArgument.
absl::StatusOr<CertificateChain> LoadCertAndIssuer(const Args& args) {
  CT_ASSIGN_OR_RETURN(std::string pem, ReadFileOrStdin(*args.Get("cert")));
  absl::StatusOr<CertificateChain> chain = CertificateChain::Load(pem);
  if (!chain.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--cert: ", chain.status().message()));
  }
  if (chain->size() < 2) {
    if (!args.Get("issuer")) {
      return absl::InvalidArgumentError(
          "--cert holds no issuer certificate: give the chain or --issuer");
    }
    CT_ASSIGN_OR_RETURN(std::string issuer, ReadFileOrStdin(*args.Get("issuer")));
    if (absl::Status s = chain->AddIssuer(issuer); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--", s.message()));
    }
  }
  return chain;
}

int ProveCmd(const std::vector<std::string>& argv, const HttpFetcherOptions& net) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"key", "origin", "cert", "issuer"}, {"json"});
  if (!args.ok()) return Fail(args.status());
  if (args->positional.size() != 1) return Fail(absl::InvalidArgumentError("need one LOCATION"));
  if (!args->Get("key") || !args->Get("cert")) {
    return Fail(absl::InvalidArgumentError("--key and --cert are required"));
  }
  const bool json = args->Has("json");
  // The certificate, its issuer and the TBS its SCTs signed.
  absl::StatusOr<CertificateChain> chain = LoadCertAndIssuer(*args);
  if (!chain.ok()) return Fail(chain.status());
  const Certificate& cert = chain->leaf();
  const Certificate& issuer = chain->at(1);
  absl::StatusOr<EmbeddedScts> claim = ReadEmbeddedScts(cert, issuer);
  if (!claim.ok()) return Fail(absl::InvalidArgumentError(
      absl::StrCat("--cert: ", claim.status().message())));

  // --key: a PEM SPKI file gives the log ID and SCT signatures; an Ed25519
  // note key only authenticates the checkpoint.
  std::optional<LogVerifier> log;
  absl::StatusOr<LogKey> key = ResolveLogKey(*args->Get("key"), LogApi::kStaticCt);
  if (!key.ok()) return Fail(Prefix("--key", key.status()));
  if (!key->spki_der.empty()) {
    absl::StatusOr<LogVerifier> v = LogVerifier::Create(key->spki_der);
    if (!v.ok()) return Fail(Prefix("--key", v.status()));
    log = *std::move(v);
  }
  absl::StatusOr<std::unique_ptr<Fetcher>> f = OpenFetcher(args->positional[0], net);
  if (!f.ok()) return Fail(f.status());
  absl::StatusOr<VerifiedCheckpoint> cp = OpenWithKey(**f, *args);
  if (!cp.ok()) {
    if (!IsLogFailure(cp.status())) return Fail(cp.status());
    if (json) {
      std::cout << nlohmann::json{{"proven", false},
                                  {"failed_step", "checkpoint"},
                                  {"error", std::string(cp.status().message())}}
                       .dump()
                << "\n";
    }
    std::cerr << "ct log prove: verification failed at checkpoint: " << cp.status().message()
              << "\n";
    return 1;
  }

  absl::StatusOr<ProofReport> report =
      ProveCertificate(**f, *cp, log ? &*log : nullptr, *claim);
  if (!report.ok()) return Fail(report.status());
  const bool ok = report->proven;
  const std::string& summary = report->summary;
  if (json) {
    nlohmann::json results = nlohmann::json::array();
    for (const SctProof& p : report->scts) results.push_back(SctProofJson(p));
    nlohmann::json out = {{"proven", ok},
                          {"checkpoint", CheckpointJson(*cp)},
                          {"sct_signatures_checked", log.has_value()},
                          {"scts", results}};
    if (!summary.empty()) out["error"] = summary;
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "checkpoint " << cp->checkpoint.origin << " size " << cp->checkpoint.size
              << " root " << HashToBase64(cp->checkpoint.root) << "\n";
    for (const SctProof& p : report->scts) {
      std::cout << "sct " << p.sct << " log_id " << HashToBase64(p.log_id);
      if (p.leaf_index) std::cout << " leaf_index " << *p.leaf_index;
      if (p.proven()) {
        std::cout << ": proven (entry timestamp, "
                  << (log ? "SCT signature, " : "") << "TBS, issuer key hash, inclusion)\n";
      } else {
        std::cout << ": FAILED at " << ProveStepName(p.failed_step) << ": " << p.error << "\n";
      }
    }
  }
  if (!log) {
    std::cerr << "ct log prove: note: only a note key was given, so SCT signatures were not "
                 "checked (give the log's PEM public key to check them)\n";
  }
  if (!summary.empty()) std::cerr << "ct log prove: " << summary << "\n";
  if (!ok) {
    for (const SctProof& p : report->scts) {
      if (!p.proven()) {
        std::cerr << "ct log prove: verification failed at " << ProveStepName(p.failed_step)
                  << ": " << p.error << "\n";
      }
    }
    return 1;
  }
  return 0;
}

// ---- Either kind of log through ct::OpenLog and ct::LogReader (issue #12) ----

// TakeApi removes `--api VALUE` (or `--api=VALUE`) from `args` and returns the
// last VALUE given ("" if none).
absl::StatusOr<std::string> TakeApi(std::vector<std::string>& args) {
  std::string api;
  size_t i = 0;
  while (i < args.size() && args[i] != "--") {
    if (args[i] == "--api") {
      if (i + 1 >= args.size()) return absl::InvalidArgumentError("--api needs a value");
      api = args[i + 1];
      args.erase(args.begin() + i, args.begin() + i + 2);
    } else if (absl::StartsWith(args[i], "--api=")) {
      api = args[i].substr(6);
      args.erase(args.begin() + i);
    } else {
      ++i;
    }
  }
  if (!api.empty() && api != "rfc6962" && api != "static-ct" && api != "tlog-tiles") {
    return absl::InvalidArgumentError("--api must be rfc6962, static-ct or tlog-tiles");
  }
  return api;
}

bool HasArg(const std::vector<std::string>& args, absl::string_view flag) {
  for (const std::string& a : args) {
    if (a == "--") break;
    if (a == flag || absl::StartsWith(a, absl::StrCat(flag, "="))) return true;
  }
  return false;
}

// ResolveLog describes the log a generic command works on: --log-list FILE
// --log NAME_OR_LOG_ID, or LOCATION with --key (and --origin) of kind `api`.
// For a static-ct-api LOCATION, a --key that is a note verifier key string
// goes to `note_verifiers`.
absl::StatusOr<LogInfo> ResolveLog(const Args& args, LogApi api,
                                   std::vector<NoteVerifier>& note_verifiers) {
  const std::string origin = args.Get("origin").value_or("");
  if (args.Get("log-list")) {
    if (!args.positional.empty()) {
      return absl::InvalidArgumentError("give LOCATION or --log-list, not both");
    }
    if (!args.Get("log")) return absl::InvalidArgumentError("--log-list needs --log");
    CT_ASSIGN_OR_RETURN(std::string json, ReadFileOrStdin(*args.Get("log-list")));
    absl::StatusOr<LogList> list = ParseLogList(json);
    if (!list.ok()) return Prefix("--log-list", list.status());
    absl::StatusOr<const LogInfo*> found = FindLogInList(*list, *args.Get("log"));
    if (!found.ok()) return absl::InvalidArgumentError(found.status().message());
    LogInfo info = **found;
    if (!origin.empty()) {
      info.origin = origin;
      info.origin_source = OriginSource::kUser;
    }
    return info;
  }
  if (args.positional.size() != 1) return absl::InvalidArgumentError("need one LOCATION");
  if (!args.Get("key")) return absl::InvalidArgumentError("--key is required");
  absl::StatusOr<LogKey> key = ResolveLogKey(*args.Get("key"), api);
  if (!key.ok()) {
    if (!absl::IsInvalidArgument(key.status())) return key.status();
    return Prefix("--key", key.status());
  }
  if (key->note_verifier) note_verifiers.push_back(*std::move(key->note_verifier));
  const Bytes& der = key->spki_der;
  return LogInfoFromLocation(args.positional[0], api, der, origin);
}

// OpenTarget resolves and opens the log of a generic command (with the
// issuers of tiled entries resolved for `verify`'s per-entry checks).
absl::StatusOr<std::unique_ptr<OpenedLog>> OpenTarget(const Args& args, LogApi api,
                                                      const HttpFetcherOptions& net,
                                                      bool resolve_issuers = false) {
  OpenLogOptions o;
  o.http = net;
  o.resolve_issuers = resolve_issuers;
  if (args.Get("jobs")) {
    CT_ASSIGN_OR_RETURN(uint64_t j, ParseUint64("jobs", *args.Get("jobs")));
    if (j < 1 || j > 256) return absl::InvalidArgumentError("--jobs must be 1..256");
    o.parallel = static_cast<int>(j);
  }
  CT_ASSIGN_OR_RETURN(LogInfo info, ResolveLog(args, api, o.note_verifiers));
  return OpenLog(info, o);
}

// GenericReport is Report for the generic commands: exit 1 only by ErrorKind.
int GenericReport(const absl::Status& s, bool json) {
  if (!ct::IsVerificationFailure(s)) return Fail(s);
  if (json) {
    std::cout << nlohmann::json{{"verified", false},
                                {"error_kind", std::string(ErrorKindName(ErrorKindOf(s)))},
                                {"error", std::string(s.message())}}
                     .dump()
              << "\n";
  }
  std::cerr << "ct log: verification failed: " << s.message() << "\n";
  return 1;
}

// TreeHeadJson is the one JSON form of a verified tree head of either kind.
nlohmann::json TreeHeadJson(const OpenedLog& log, const TreeHead& head) {
  nlohmann::json j = {{"verified", true},
                      {"kind", std::string(LogApiName(log.info().api))},
                      {"log_id", HashToBase64(log.info().log_id)},
                      {"tree_size", head.size},
                      {"root_hash", HashToBase64(head.root)},
                      {"timestamp", head.timestamp_ms}};
  if (!log.info().origin.empty()) {
    j["origin"] = log.info().origin;
    j["origin_source"] = std::string(OriginSourceName(log.info().origin_source));
  }
  return j;
}

// PrintTreeHead is the one text form of a verified tree head of either kind.
void PrintTreeHead(const OpenedLog& log, const TreeHead& head) {
  std::cout << "kind " << LogApiName(log.info().api) << "\n";
  if (!log.info().origin.empty()) std::cout << "origin " << log.info().origin << "\n";
  std::cout << "tree_size " << head.size << "\n"
            << "root_hash " << HashToBase64(head.root) << "\n"
            << "timestamp " << head.timestamp_ms << "\n";
}

int GenericCheckpointCmd(const std::vector<std::string>& argv, LogApi api,
                         const HttpFetcherOptions& net) {
  absl::StatusOr<Args> args =
      ParseArgs(argv, {"key", "origin", "log-list", "log", "out"}, {"json"});
  if (!args.ok()) return Fail(args.status());
  absl::StatusOr<std::unique_ptr<OpenedLog>> log = OpenTarget(*args, api, net);
  if (!log.ok()) return GenericReport(log.status(), args->Has("json"));
  absl::StatusOr<TreeHead> head = (*log)->reader().LatestTreeHead();
  if (!head.ok()) return GenericReport(head.status(), args->Has("json"));
  if (args->Get("out")) {
    if (absl::Status s = WriteFileAtomically(*args->Get("out"), head->evidence); !s.ok()) {
      return Fail(s);
    }
  }
  if (args->Has("json")) {
    std::cout << TreeHeadJson(**log, *head).dump() << "\n";
  } else {
    PrintTreeHead(**log, *head);
  }
  return 0;
}

int GenericVerifyCmd(const std::vector<std::string>& argv, LogApi api, bool tlog_tiles,
                     const HttpFetcherOptions& net) {
  absl::StatusOr<Args> args =
      ParseArgs(argv, {"key", "origin", "log-list", "log", "state", "jobs", "batch"},
                {"json", "quiet", "no-issuers", "check-precerts", "no-check-precerts"});
  if (!args.ok()) return Fail(args.status());
  const bool json = args->Has("json"), quiet = args->Has("quiet");
  if (args->Has("check-precerts") && args->Has("no-check-precerts")) {
    return Fail(absl::InvalidArgumentError("--check-precerts and --no-check-precerts conflict"));
  }
  CursorOptions co;
  if (args->Get("batch")) {
    absl::StatusOr<uint64_t> b = ParseUint64("batch", *args->Get("batch"));
    if (!b.ok()) return Fail(b.status());
    if (*b < 1 || *b > 65536) return Fail(absl::InvalidArgumentError("--batch must be 1..65536"));
    co.batch_size = *b;
  }
  absl::StatusOr<std::unique_ptr<OpenedLog>> opened =
      OpenTarget(*args, api, net, /*resolve_issuers=*/true);
  if (!opened.ok()) return GenericReport(opened.status(), json);
  OpenedLog& log = **opened;
  if (tlog_tiles && log.info().api == LogApi::kRfc6962) {
    return Fail(absl::InvalidArgumentError("--tlog-tiles is for tiled logs"));
  }
  absl::StatusOr<TreeHead> head = log.reader().LatestTreeHead();
  if (!head.ok()) return GenericReport(head.status(), json);
  const absl::Time start = absl::Now();
  const std::optional<std::string> state_file = args->Get("state");

  if (log.info().api == LogApi::kStaticCt && (!state_file || tlog_tiles)) {
    // The fast path: AuditLog over the tiles, as `ct log verify LOCATION`.
    if (state_file) return Fail(absl::InvalidArgumentError("--state does not support tlog-tiles"));
    AuditOptions o;
    if (args->Get("jobs")) o.jobs = static_cast<int>(*ParseUint64("jobs", *args->Get("jobs")));
    o.check_issuers = !args->Has("no-issuers");
    o.check_precertificates = !args->Has("no-check-precerts") && !tlog_tiles;
    if (tlog_tiles) o.format = AuditOptions::kTlogTiles;
    absl::StatusOr<AuditResult> r = AuditLog(*log.tile_fetcher(), head->size, head->root, o);
    if (!r.ok()) return Report(r.status(), json);
    if (json) {
      nlohmann::json out = TreeHeadJson(log, *head);
      out["entries"] = r->entries;
      out["entries_checked"] = r->entries;
      out["precertificates_checked"] = r->precertificates;
      out["seconds"] = absl::ToDoubleSeconds(absl::Now() - start);
      std::cout << out.dump() << "\n";
    } else {
      PrintTreeHead(log, *head);
      std::cout << "verified " << r->entries << " entries, " << r->precertificates
                << " precertificates; root " << HashToBase64(r->root) << "\n";
    }
    return 0;
  }

  // The cursor: every entry authenticated against the tree head, resumable.
  LogCursor cursor;
  if (state_file) {
    absl::StatusOr<LogCursor> c = ReadCursorState(*state_file);
    if (!c.ok()) {
      if (ErrorKindOf(c.status()) != ErrorKind::kMalformed) return Fail(c.status());
      return Fail(Prefix(absl::StrCat("--state ", *state_file), c.status()));
    }
    cursor = *std::move(c);
  }
  VerifyLogOptions vo;
  vo.cursor = co;
  vo.state_path = state_file;
  vo.on_start = [&](uint64_t resumed_from, uint64_t tree_size) {
    if (quiet) return;
    std::cerr << "ct log verify: " << (resumed_from ? "resuming at" : "starting at") << " entry "
              << resumed_from << " of " << tree_size << "\n";
  };
  absl::Time last_report = start;
  vo.on_batch = [&](const VerifyProgress& p) {
    if (quiet) return;
    if (state_file) {
      std::cerr << "ct log verify: checked entries " << p.first << ".." << p.end << "\n";
      return;
    }
    absl::Time now = absl::Now();
    if (now - last_report >= absl::Seconds(1) || p.end == p.tree_size) {
      last_report = now;
      double secs = absl::ToDoubleSeconds(now - start);
      std::cerr << absl::StrFormat("ct log verify: %d/%d entries, %.0f entries/s\n", p.end,
                                   p.tree_size, secs > 0 ? p.checked / secs : 0.0);
    }
  };
  absl::StatusOr<VerifyLogResult> r =
      VerifyLog(log.reader(), log.info().api, *head, std::move(cursor), vo);
  if (!r.ok()) return GenericReport(r.status(), json);
  const TreeHead& verified = r->tree_head;
  const uint64_t checked = r->entries_checked, resumed_from = r->resumed_from;
  const uint64_t unparsed = r->counts.unparsed, precerts = r->counts.precerts;
  const double secs = absl::ToDoubleSeconds(absl::Now() - start);
  if (json) {
    nlohmann::json out = TreeHeadJson(log, verified);
    out["entries"] = r->entries;
    out["entries_checked"] = checked;
    out["resumed_from"] = resumed_from;
    out["unknown_entry_types"] = unparsed;
    out["precertificates_checked"] = precerts;
    out["tree_head_update"] = TreeHeadUpdateName(r->update);
    out["seconds"] = secs;
    std::cout << out.dump() << "\n";
  } else {
    PrintTreeHead(log, verified);
    std::cout << "verified " << r->entries << " entries (" << checked << " this run)";
    std::cout << ", " << precerts << " precertificates";
    if (unparsed) std::cout << ", " << unparsed << " of unknown type";
    std::cout << "; root " << HashToBase64(verified.root) << "\n";
  }
  return 0;
}

int GenericConsistencyCmd(const std::vector<std::string>& argv, LogApi api,
                          const HttpFetcherOptions& net) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"key", "origin", "log-list", "log", "from"},
                                        {"json"});
  if (!args.ok()) return Fail(args.status());
  const bool json = args->Has("json");
  if (!args->Get("from")) return Fail(absl::InvalidArgumentError("--from is required"));
  absl::StatusOr<std::string> old_bytes = ReadFileOrStdin(*args->Get("from"));
  if (!old_bytes.ok()) return Fail(old_bytes.status());
  absl::StatusOr<std::unique_ptr<OpenedLog>> opened = OpenTarget(*args, api, net);
  if (!opened.ok()) return GenericReport(opened.status(), json);
  OpenedLog& log = **opened;
  // --from: a tree head saved earlier (`ct log checkpoint --out FILE`): a
  // get-sth body or a checkpoint note, verified with the log's key.
  absl::StatusOr<TreeHead> old = log.reader().OpenTreeHead(*old_bytes);
  if (!old.ok()) {
    if (ct::IsVerificationFailure(old.status())) {
      return GenericReport(Prefix("old tree head", old.status()), json);
    }
    return Fail(Prefix("--from", old.status()));
  }
  absl::StatusOr<TreeHead> cur = log.reader().LatestTreeHead();
  if (!cur.ok()) return GenericReport(cur.status(), json);
  absl::StatusOr<std::vector<Hash>> checked =
      CheckTreeHeadConsistency(log.reader(), old->size, old->root, *cur);
  if (!checked.ok()) return GenericReport(checked.status(), json);
  const std::vector<Hash>& proof = *checked;
  if (json) {
    nlohmann::json hashes = nlohmann::json::array();
    for (const Hash& h : proof) hashes.push_back(HashToBase64(h));
    std::cout << nlohmann::json{{"consistent", true},
                                {"kind", std::string(LogApiName(log.info().api))},
                                {"old_size", old->size},
                                {"old_root", HashToBase64(old->root)},
                                {"new_size", cur->size},
                                {"new_root", HashToBase64(cur->root)},
                                {"proof", hashes}}
                     .dump()
              << "\n";
  } else {
    std::cout << "consistent " << old->size << " -> " << cur->size << "\n";
    for (const Hash& h : proof) std::cout << "proof " << HashToBase64(h) << "\n";
  }
  return 0;
}

int GenericProveCmd(const std::vector<std::string>& argv, LogApi api,
                    const HttpFetcherOptions& net) {
  absl::StatusOr<Args> args =
      ParseArgs(argv, {"key", "origin", "log-list", "log", "cert", "issuer"}, {"json"});
  if (!args.ok()) return Fail(args.status());
  const bool json = args->Has("json");
  if (!args->Get("cert")) return Fail(absl::InvalidArgumentError("--cert is required"));
  absl::StatusOr<CertificateChain> chain = LoadCertAndIssuer(*args);
  if (!chain.ok()) return Fail(chain.status());
  absl::StatusOr<EmbeddedScts> claim = ReadEmbeddedScts(chain->leaf(), chain->at(1));
  if (!claim.ok()) return Fail(Prefix("--cert", claim.status()));
  absl::StatusOr<std::unique_ptr<OpenedLog>> opened = OpenTarget(*args, api, net);
  if (!opened.ok()) return GenericReport(opened.status(), json);
  OpenedLog& log = **opened;
  absl::StatusOr<TreeHead> head = log.reader().LatestTreeHead();
  if (!head.ok()) return GenericReport(head.status(), json);
  nlohmann::json results = nlohmann::json::array();
  absl::Status first_bad;
  int matched = 0;
  for (size_t i = 0; i < claim->scts.size(); ++i) {
    const SignedCertificateTimestamp& sct = claim->scts[i];
    if (sct.log_id != log.info().log_id) continue;
    ++matched;
    nlohmann::json r = {{"sct", i}, {"timestamp", sct.timestamp}};
    SctInclusion inc = ProveSctInclusion(
        log.reader(), *head, sct, SignedEntry::Precert(claim->issuer_key_hash, claim->tbs));
    const absl::Status& s = inc.status;
    if (inc.leaf_hash) r["leaf_hash"] = HashToBase64(*inc.leaf_hash);
    if (inc.leaf_index) r["leaf_index"] = *inc.leaf_index;
    r["proven"] = s.ok();
    if (!s.ok()) {
      r["error"] = std::string(s.message());
      if (first_bad.ok()) first_bad = Prefix(absl::StrCat("sct ", i), s);
    }
    results.push_back(r);
    if (!json) {
      std::cout << "sct " << i << " log_id " << HashToBase64(sct.log_id);
      if (r.contains("leaf_index")) std::cout << " leaf_index " << r["leaf_index"].get<uint64_t>();
      std::cout << (s.ok() ? ": proven (inclusion)" : absl::StrCat(": FAILED: ", s.message()))
                << "\n";
    }
  }
  if (matched == 0) {
    return Fail(absl::InvalidArgumentError("the certificate has no SCT from this log"));
  }
  if (json) {
    nlohmann::json out = {{"proven", first_bad.ok()},
                          {"tree_head", TreeHeadJson(log, *head)},
                          {"scts", results}};
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "tree_head size " << head->size << " root " << HashToBase64(head->root) << "\n";
  }
  if (!first_bad.ok()) {
    if (!ct::IsVerificationFailure(first_bad)) return Fail(first_bad);
    std::cerr << "ct log prove: verification failed: " << first_bad.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int LogCommand(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::cerr << kLogUsage;
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  HttpFetcherOptions net;
  if (absl::Status s = TakeCaFile(rest, net); !s.ok()) return Fail(s);
  absl::StatusOr<std::string> api = TakeApi(rest);
  if (!api.ok()) return Fail(api.status());
  // An RFC 6962 log, a log from a log list, or `verify --state` go through
  // ct::OpenLog and ct::LogReader; a static-ct-api LOCATION keeps the tile
  // code (and its output) as before.
  const bool tlog_tiles = *api == "tlog-tiles";
  if (*api == "rfc6962" || HasArg(rest, "--log-list") ||
      (args[0] == "verify" && HasArg(rest, "--state"))) {
    const LogApi kind = *api == "rfc6962" ? LogApi::kRfc6962 : LogApi::kStaticCt;
    if (args[0] == "checkpoint") return GenericCheckpointCmd(rest, kind, net);
    if (args[0] == "verify") {
      if (HasArg(rest, "--tlog-tiles")) {
        return Fail(absl::InvalidArgumentError("use --api tlog-tiles here"));
      }
      return GenericVerifyCmd(rest, kind, tlog_tiles, net);
    }
    if (args[0] == "consistency") return GenericConsistencyCmd(rest, kind, net);
    if (args[0] == "prove") return GenericProveCmd(rest, kind, net);
  }
  if (tlog_tiles && args[0] == "verify") rest.push_back("--tlog-tiles");
  if (args[0] == "checkpoint") return CheckpointCmd(rest, net);
  if (args[0] == "verify") return VerifyCmd(rest, net);
  if (args[0] == "consistency") return ConsistencyCmd(rest, net);
  if (args[0] == "prove") return ProveCmd(rest, net);
  std::cerr << "ct log: unknown subcommand \"" << args[0] << "\"\n" << kLogUsage;
  return 2;
}

}  // namespace ct::cli
