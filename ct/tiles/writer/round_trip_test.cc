// LogWriter output read back by the ct/tiles reader: checkpoints open with
// both note keys, AuditLog recomputes every tile and the root, the hash
// reader proves old tree heads are prefixes, and data tiles parse back with
// their leaf_index. In memory (MemorySink) and on disk (DirectorySink).
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/nid.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"
#include "ct/tiles/audit.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/note.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/tile_reader.h"
#include "ct/tiles/writer/log_writer.h"
#include "ct/tiles/writer/sink.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr char kOrigin[] = "log.example/test";
constexpr uint64_t kBase = 1700000000000;

std::string EcPrivateKeyDer() {
  bssl::UniquePtr<EC_KEY> k(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  EXPECT_EQ(EC_KEY_generate_key(k.get()), 1);
  bssl::ScopedCBB cbb;
  CBB_init(cbb.get(), 256);
  EXPECT_EQ(EC_KEY_marshal_private_key(cbb.get(), k.get(), 0), 1);
  return std::string(reinterpret_cast<const char*>(CBB_data(cbb.get())),
                     CBB_len(cbb.get()));
}

Bytes B(absl::string_view s) { return Bytes(s.begin(), s.end()); }

// Add appends synthetic entry `i`: every third a precertificate, chains of
// "issuer i % 5" and "root".
absl::StatusOr<AddedEntry> Add(LogWriter& w, uint64_t i) {
  const std::vector<Bytes> chain = {B(absl::StrCat("issuer ", i % 5)),
                                    B("root")};
  if (i % 3 == 1) {
    const Hash ikh = HashLeaf(absl::StrCat("issuer key ", i % 5));
    return w.AddPrecertificate(B(absl::StrCat("precertificate ", i)),
                               B(absl::StrCat("certificate ", i)), ikh, chain,
                               kBase + i);
  }
  return w.AddCertificate(B(absl::StrCat("certificate ", i)), chain, kBase + i);
}

// PlaceholderAudit audits the entries of Add: their pre_certificate bytes
// are placeholders, not precertificates, so the precertificate check (on by
// default) is off; these tests are about the tree, not the certificates.
// (Real precertificates through LogWriter and AuditLog: tools/ct
// log_prove_test and ct_log_cli_test with make_test_log --x509.)
AuditOptions PlaceholderAudit() {
  AuditOptions o;
  o.check_precertificates = false;
  return o;
}

struct WriterSetup {
  LogWriterOptions options;
  uint64_t now = kBase;
};

// NewWriter returns a writer publishing into `sink`, or into `dir` if `sink`
// is null, with a fresh ECDSA key, one Ed25519 key and `s->now` as its clock.
absl::StatusOr<LogWriter> NewWriter(WriterSetup* s, TileSink* sink,
                                    const std::string& dir = "") {
  s->options.origin = kOrigin;
  s->options.log_private_key = EcPrivateKeyDer();
  std::array<uint8_t, 32> seed;
  seed.fill(7);
  s->options.ed25519_note_keys.push_back({kOrigin, seed});
  s->options.sink = sink;
  s->options.directory = dir;
  s->options.clock_ms = [s] { return s->now; };
  return LogWriter::Create(s->options);
}

// EdVerifier returns the verifier of `w`'s Ed25519 note key.
NoteVerifier EdVerifier(const LogWriter& w) {
  absl::StatusOr<NoteVerifier> v =
      NoteVerifier::FromVerifierKey(w.NoteVerifierKeys()[0]);
  EXPECT_TRUE(v.ok()) << v.status();
  return *v;
}

TEST(LogWriterRoundTripTest, RoundTripsThroughReaderAndAudit) {
  for (uint64_t size : {1, 255, 256, 257, 65536, 70000}) {
    MemoryFetcher log;
    MemorySink sink(&log);
    WriterSetup setup;
    absl::StatusOr<LogWriter> w = NewWriter(&setup, &sink);
    ASSERT_TRUE(w.ok()) << w.status();
    absl::StatusOr<NoteVerifier> ec = NoteVerifier::ForRfc6962Log(kOrigin, w->LogPublicKeyDer());
    ASSERT_TRUE(ec.ok()) << ec.status();
    const std::vector<NoteVerifier> verifiers = {EdVerifier(*w), *ec};
    std::string old_note;
    uint64_t old_size = 0;
    for (uint64_t i = 0; i < size; ++i) {
      absl::StatusOr<AddedEntry> added = Add(*w, i);
      ASSERT_TRUE(added.ok()) << added.status();
      ASSERT_EQ(added->leaf_index, i);
      if (i + 1 == size / 2 + 1) {  // publish an intermediate tree head
        setup.now = kBase + i;
        absl::StatusOr<std::string> n = w->Publish();
        ASSERT_TRUE(n.ok()) << n.status();
        old_note = *n;
        old_size = i + 1;
      }
    }
    setup.now = 1769279856830;
    absl::StatusOr<std::string> note = w->Publish();
    ASSERT_TRUE(note.ok()) << note.status();
    EXPECT_EQ(*log.Fetch("checkpoint"), *note);
    absl::StatusOr<VerifiedCheckpoint> cp =
        OpenCheckpoint(*note, verifiers, kOrigin);
    ASSERT_TRUE(cp.ok()) << cp.status();
    ASSERT_EQ(cp->note.verified.size(), 2u);
    EXPECT_EQ(cp->note.verified[0].timestamp, 1769279856830u);  // 0x05 first
    EXPECT_EQ(cp->checkpoint.size, size);
    EXPECT_EQ(cp->checkpoint.root, w->Root());
    absl::StatusOr<AuditResult> audit =
        AuditLog(log, size, cp->checkpoint.root, PlaceholderAudit());
    ASSERT_TRUE(audit.ok()) << size << ": " << audit.status();
    // "issuer i % 5" and "root".
    EXPECT_EQ(audit->issuers, std::min<uint64_t>(size, 5) + 1);
    // The old tree head is a prefix of the new tree, from authenticated tiles.
    absl::StatusOr<VerifiedCheckpoint> old = OpenCheckpoint(old_note, verifiers);
    ASSERT_TRUE(old.ok()) << old.status();
    TileHashReader reader(size, cp->checkpoint.root, &log);
    EXPECT_EQ(*reader.RangeHash(0, old_size), old->checkpoint.root);
    ASSERT_TRUE(reader.InclusionProof(size - 1).ok());
    // Entries read back carry their leaf_index and hash to the tile's hash.
    std::string bytes;
    absl::StatusOr<std::vector<TileLeaf>> leaves = FetchDataTileLeaves(
        log, TileForIndex(kDataTileLevel, size - 1, size), &bytes);
    ASSERT_TRUE(leaves.ok()) << leaves.status();
    EXPECT_EQ(*ParseLeafIndexExtension(leaves->back().extensions), size - 1);
    EXPECT_EQ(LeafHash(leaves->back()), *reader.LeafHash(size - 1));
  }
}

TEST(LogWriterRoundTripTest, PublishesEmptyTreeAndRejectsBadEntries) {
  MemoryFetcher log;
  MemorySink sink(&log);
  WriterSetup setup;
  absl::StatusOr<LogWriter> w = NewWriter(&setup, &sink);
  ASSERT_TRUE(w.ok()) << w.status();
  absl::StatusOr<std::string> n = w->Publish();
  ASSERT_TRUE(n.ok()) << n.status();
  absl::StatusOr<VerifiedCheckpoint> cp = OpenCheckpoint(*n, {EdVerifier(*w)});
  ASSERT_TRUE(cp.ok()) << cp.status();
  EXPECT_EQ(cp->checkpoint.size, 0u);
  EXPECT_EQ(cp->checkpoint.root, EmptyRoot());
  EXPECT_EQ(w->AddCertificate({}, {}, kBase).status().code(),
            absl::StatusCode::kInvalidArgument);
  const Hash ikh{};
  EXPECT_EQ(w->AddPrecertificate({}, B("c"), ikh, {}, kBase).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(w->size(), 0u);
}

TEST(LogWriterRoundTripTest, MemorySinkRejectsBadPaths) {
  MemoryFetcher log;
  MemorySink sink(&log);
  EXPECT_EQ(sink.Put("../x", "y").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(sink.Put("/x", "y").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(sink.Put("tile/0/000", "y").ok());
}

TEST(LogWriterRoundTripTest, WritesADirectoryThatDirectoryFetcherReads) {
  const std::string dir =
      absl::StrCat(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR")
                                              : "/tmp",
                   "/round_trip_test_log");
  WriterSetup setup;
  absl::StatusOr<LogWriter> w = NewWriter(&setup, nullptr, dir);
  ASSERT_TRUE(w.ok()) << w.status();
  for (uint64_t i = 0; i < 600; ++i) ASSERT_TRUE(Add(*w, i).ok());
  setup.now = kBase + 600;
  ASSERT_TRUE(w->Publish().ok());
  absl::StatusOr<std::unique_ptr<DirectoryFetcher>> f =
      DirectoryFetcher::Create(dir);
  ASSERT_TRUE(f.ok());
  absl::StatusOr<VerifiedCheckpoint> cp =
      OpenCheckpoint(*(*f)->Fetch("checkpoint"), {EdVerifier(*w)});
  ASSERT_TRUE(cp.ok()) << cp.status();
  absl::StatusOr<AuditResult> audit =
      AuditLog(**f, 600, cp->checkpoint.root, PlaceholderAudit());
  EXPECT_TRUE(audit.ok()) << audit.status();
  // A default audit checks precertificates and rejects the placeholders
  // (entry 1 is the first precert entry).
  audit = AuditLog(**f, 600, cp->checkpoint.root);
  EXPECT_EQ(audit.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(audit.status().message().find("entry 1: pre_certificate"), std::string::npos)
      << audit.status();
}

}  // namespace
}  // namespace ct
