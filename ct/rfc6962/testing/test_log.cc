#include "ct/rfc6962/testing/test_log.h"

#include <fcntl.h>
#include <openssl/bytestring.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/sha.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "ct/base/errors.h"
#include "ct/merkle/compact_range.h"
#include "ct/rfc6962/entry.h"
#include "ct/sct/signed_data.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/tile.h"

extern char** environ;

namespace ct::testing {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

absl::Status WriteFile(const std::string& path, absl::string_view data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), data.size());
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

// Run runs `args` with stdout to `out_file`; "" or why it failed.
absl::Status Run(std::vector<std::string> args, const std::string& out_file) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return absl::InternalError(absl::StrCat("spawn ", args[0]));
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat(args[0], " failed"));
  }
  return absl::OkStatus();
}

class Signer {
 public:
  Signer() : key_(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1)) {
    EC_KEY_generate_key(key_.get());
  }
  Bytes Spki() const {
    bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
    EVP_PKEY_set1_EC_KEY(pkey.get(), key_.get());
    bssl::ScopedCBB cbb;
    CBB_init(cbb.get(), 128);
    EVP_marshal_public_key(cbb.get(), pkey.get());
    return Bytes(CBB_data(cbb.get()), CBB_data(cbb.get()) + CBB_len(cbb.get()));
  }
  SignedTreeHead Sign(uint64_t size, uint64_t timestamp, const Hash& root) const {
    SignedTreeHead sth{size, timestamp, root, {}};
    auto input = SerializeTreeHeadSignatureInput(timestamp, size, root);
    uint8_t digest[SHA256_DIGEST_LENGTH];
    SHA256(input.data(), input.size(), digest);
    Bytes sig(ECDSA_size(key_.get()));
    unsigned int len = 0;
    ECDSA_sign(0, digest, sizeof(digest), sig.data(), &len, key_.get());
    sig.resize(len);
    sth.signature = DigitallySigned{HashAlgorithm::kSha256, SignatureAlgorithm::kEcdsa, sig};
    return sth;
  }

 private:
  bssl::UniquePtr<EC_KEY> key_;
};

Hash RootOf(absl::Span<const Hash> leaves) {
  CompactRange r;
  r.AppendLeaves(leaves);
  return r.Root();
}

}  // namespace

LogVerifier Rfc6962TestLog::Verifier() const {
  absl::StatusOr<LogVerifier> v = LogVerifier::Create(sth_key_spki);
  if (!v.ok()) abort();
  return *std::move(v);
}

absl::StatusOr<Rfc6962TestLog> MakeRfc6962TestLog(uint64_t size, uint64_t small_size) {
  if (size < 8 || small_size == 0 || small_size >= size) {
    return absl::InvalidArgumentError("need size >= 8 and 0 < small_size < size");
  }
  Rfc6962TestLog log;
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string templ = absl::StrCat(tmp ? tmp : "/tmp", "/rfc6962log.XXXXXX");
  if (mkdtemp(templ.data()) == nullptr) return absl::InternalError("mkdtemp");
  log.dir = templ + "/rfc6962";
  log.tiles_dir = templ + "/tiles";
  mkdir(log.dir.c_str(), 0700);
  mkdir((log.dir + "/sth").c_str(), 0700);
  CT_RETURN_IF_ERROR(Run({Runfile("ct/tiles/writer/make_test_log"), log.tiles_dir, "--entries",
                          absl::StrCat(size), "--x509"},
                         templ + "/make_test_log.out"));
  CT_ASSIGN_OR_RETURN(std::string out, ReadFile(templ + "/make_test_log.out"));
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    if (absl::ConsumePrefix(&line, "root=")) {
      CT_ASSIGN_OR_RETURN(log.tiles_root, HashFromText(line));
    }
  }

  // Entries: every data tile's TileLeaf records, turned into leaf_input
  // (MerkleTreeLeaf = v1, timestamped_entry, TimestampedEntry) and extra_data.
  for (uint64_t i = 0; i < size; i += kTileWidth) {
    TileId t = TileForIndex(kDataTileLevel, i, size);
    CT_ASSIGN_OR_RETURN(std::string tile, ReadFile(log.tiles_dir + "/" + TilePath(t)));
    CT_ASSIGN_OR_RETURN(std::vector<TileLeaf> leaves, ParseDataTile(AsBytes(tile), t.width));
    for (const TileLeaf& leaf : leaves) {
      RawLogEntry e;
      e.leaf_input = {0, 0};
      e.leaf_input.insert(e.leaf_input.end(), leaf.timestamped_entry.begin(),
                          leaf.timestamped_entry.end());
      std::vector<std::string> chain_der;
      for (const Hash& fp : leaf.chain) {
        CT_ASSIGN_OR_RETURN(std::string der, ReadFile(log.tiles_dir + "/" + IssuerPath(fp)));
        chain_der.push_back(std::move(der));
      }
      ExtraData extra;
      extra.pre_certificate = leaf.pre_certificate;
      for (const std::string& der : chain_der) extra.chain.push_back(AsBytes(der));
      LogEntryType type = leaf.entry_type == TileLeaf::kPrecertEntry ? LogEntryType::kPrecert
                                                                      : LogEntryType::kX509;
      CT_ASSIGN_OR_RETURN(e.extra_data, SerializeExtraData(type, extra));
      log.leaf_hashes.push_back(HashLeaf(e.leaf_input));
      log.entries.push_back(std::move(e));
    }
  }
  CT_RETURN_IF_ERROR(WriteFile(log.dir + "/entries.json", EncodeGetEntriesResponse(log.entries)));
  {
    absl::StatusOr<LeafInput> first = ParseLeafInput(log.entries[0].leaf_input);
    CT_RETURN_IF_ERROR(first.status());
    absl::StatusOr<ExtraData> extra = ParseExtraData(first->entry.type, log.entries[0].extra_data);
    CT_RETURN_IF_ERROR(extra.status());
    std::vector<Bytes> roots;
    if (!extra->chain.empty()) roots.emplace_back(extra->chain.back().begin(), extra->chain.back().end());
    CT_RETURN_IF_ERROR(WriteFile(log.dir + "/roots.json", EncodeGetRootsResponse(roots)));
  }

  // Tree heads. Entry i is stamped 1767225600000 + 1000 i (make_test_log).
  Signer signer;
  log.sth_key_spki = signer.Spki();
  log.sth_key_file = templ + "/rfc6962_key.der";
  CT_RETURN_IF_ERROR(WriteFile(log.sth_key_file, AsChars(log.sth_key_spki)));
  uint64_t t = 1767225600000 + 1000 * size + 5000;
  log.now = absl::FromUnixMillis(static_cast<int64_t>(t)) + absl::Minutes(1);
  Hash root = RootOf(log.leaf_hashes);
  Hash small_root = RootOf(absl::MakeConstSpan(log.leaf_hashes).subspan(0, small_size));
  Hash other_root = HashLeaf(absl::string_view("a tree this log never had"));
  log.good = signer.Sign(size, t, root);
  log.small = signer.Sign(small_size, t - 1000, small_root);
  SignedTreeHead badsig = log.good;
  badsig.signature.signature[badsig.signature.signature.size() - 1] ^= 1;
  struct Named {
    const char* name;
    SignedTreeHead sth;
  } sths[] = {
      {"good", log.good},
      {"small", log.small},
      {"badsig", badsig},
      {"fork", signer.Sign(size, t + 1000, other_root)},
      {"shrunk", signer.Sign(small_size, t + 2000, small_root)},
      {"future", signer.Sign(size, t + 86400000, root)},
      {"forkbig", signer.Sign(size, t + 3000, other_root)},
  };
  for (const Named& n : sths) {
    CT_ASSIGN_OR_RETURN(std::string json, EncodeGetSthResponse(n.sth));
    CT_RETURN_IF_ERROR(WriteFile(absl::StrCat(log.dir, "/sth/", n.name, ".json"), json));
  }
  // Faults: a tampered leaf_input, and a precert entry (i % 3 == 1) given
  // another precert entry's extra_data.
  log.tamper_index = size / 2;
  log.badchain_index = 4;
  CT_RETURN_IF_ERROR(WriteFile(log.dir + "/config.json",
                               absl::StrCat("{\"tamper_index\":", log.tamper_index,
                                            ",\"badchain_index\":", log.badchain_index,
                                            ",\"badchain_from\":7}")));
  return log;
}

LoopbackRfc6962Server::LoopbackRfc6962Server(const std::string& dir)
    : server_("ct/rfc6962/testing/rfc6962_test_server.py", {dir}) {}

void StartTestLog(uint64_t size, uint64_t small_size, RunningTestLog* out) {
  absl::StatusOr<Rfc6962TestLog> log = MakeRfc6962TestLog(size, small_size);
  if (!log.ok()) {
    out->error = std::string(log.status().message());
    return;
  }
  out->log = *std::move(log);
  out->server = std::make_unique<LoopbackRfc6962Server>(out->log.dir);
  if (out->server->port() == 0) out->error = "server did not start";
}

}  // namespace ct::testing
