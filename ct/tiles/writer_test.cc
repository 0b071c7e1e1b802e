#include "ct/tiles/writer.h"

#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/bytestring.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ct/merkle/hash.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/audit.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/note.h"
#include "ct/tiles/tile_reader.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;

std::string EcPrivateKeyDer() {
  EC_KEY* k = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
  EXPECT_EQ(EC_KEY_generate_key(k), 1);
  EVP_PKEY* p = EVP_PKEY_new();
  EVP_PKEY_assign_EC_KEY(p, k);
  bssl::ScopedCBB cbb;
  CBB_init(cbb.get(), 256);
  EXPECT_EQ(EVP_marshal_private_key(cbb.get(), p), 1);
  EVP_PKEY_free(p);
  return std::string(reinterpret_cast<const char*>(CBB_data(cbb.get())), CBB_len(cbb.get()));
}

std::string TesseraPrivateKey() {
  nlohmann::json e = nlohmann::json::parse(
      ReadTestdata("testdata/tiles/tlog-tiles-tessera-testdata/expected.json"));
  std::string a = e["source_assertions"];
  const std::string marker = "LOG_PRIVATE_KEY is also in that script: ";
  a = a.substr(a.find(marker) + marker.size());
  return a.substr(0, a.find(')'));
}

TEST(NoteSignerTest, ReproducesGoAndTesseraSignatures) {
  nlohmann::json g = nlohmann::json::parse(
      ReadTestdata("testdata/note/golang-mod-sumdb-note-vectors.json"));
  absl::StatusOr<NoteSigner> peter = NoteSigner::FromPrivateKey(g["keys"]["PeterNeumann_skey"]);
  ASSERT_TRUE(peter.ok()) << peter.status();
  EXPECT_EQ(peter->public_key(), g["keys"]["PeterNeumann_vkey"].get<std::string>());
  std::string text = g["text"];
  Note note{text, {*peter->Sign(text)}};
  EXPECT_EQ(*FormatNote(note), text + "\n" + g["peter_sig_line"].get<std::string>());

  absl::StatusOr<NoteSigner> tessera = NoteSigner::FromPrivateKey(TesseraPrivateKey());
  ASSERT_TRUE(tessera.ok()) << tessera.status();
  for (int size : {0, 5, 15}) {
    std::string want =
        ReadTestdata(absl::StrCat("testdata/tiles/tlog-tiles-tessera-testdata/checkpoint.", size));
    absl::StatusOr<Note> parsed = ParseNote(want);
    ASSERT_TRUE(parsed.ok());
    Note again{parsed->text, {*tessera->Sign(parsed->text)}};
    EXPECT_EQ(*FormatNote(again), want) << size;
  }
  EXPECT_FALSE(NoteSigner::FromPrivateKey("PRIVATE+KEY+x+00000000+AAAA").ok());
  EXPECT_FALSE(NoteSigner::Ed25519("bad name", std::string(32, 'x')).ok());
  EXPECT_FALSE(NoteSigner::ForRfc6962Log("o", "junk").ok());
}

LogEntry Entry(uint64_t i) {
  LogEntry e;
  e.timestamp = 1700000000000 + i;
  e.certificate = absl::StrCat("certificate ", i);
  e.chain = {absl::StrCat("issuer ", i % 5), "root"};
  if (i % 3 == 1) {
    e.entry_type = TileLeaf::kPrecertEntry;
    e.issuer_key_hash = HashLeaf(absl::StrCat("issuer key ", i % 5));
    e.pre_certificate = absl::StrCat("precertificate ", i);
  }
  return e;
}

TEST(TileWriterTest, RoundTripsThroughReaderAndAudit) {
  absl::StatusOr<NoteSigner> ed = NoteSigner::Ed25519("log.example/test", std::string(32, '\x07'));
  absl::StatusOr<NoteSigner> ec = NoteSigner::ForRfc6962Log("log.example/test", EcPrivateKeyDer());
  ASSERT_TRUE(ed.ok() && ec.ok());
  std::vector<NoteVerifier> verifiers = {ed->Verifier(), ec->Verifier()};
  for (uint64_t size : {1, 255, 256, 257, 65536, 70000}) {
    MemoryFetcher log;
    MemorySink sink(&log);
    TileWriter w("log.example/test", &sink);
    std::string old_note;
    uint64_t old_size = 0;
    for (uint64_t i = 0; i < size; ++i) {
      absl::StatusOr<uint64_t> idx = w.Append(Entry(i));
      ASSERT_TRUE(idx.ok()) << idx.status();
      ASSERT_EQ(*idx, i);
      if (i + 1 == size / 2 + 1) {  // publish an intermediate tree head
        absl::StatusOr<std::string> n = w.Publish({*ed, *ec}, 1000 + i);
        ASSERT_TRUE(n.ok()) << n.status();
        old_note = *n;
        old_size = i + 1;
      }
    }
    absl::StatusOr<std::string> note = w.Publish({*ed, *ec}, 1769279856830);
    ASSERT_TRUE(note.ok()) << note.status();
    EXPECT_EQ(*log.Fetch("checkpoint"), *note);
    absl::StatusOr<VerifiedCheckpoint> cp = OpenCheckpoint(*note, verifiers, "log.example/test");
    ASSERT_TRUE(cp.ok()) << cp.status();
    ASSERT_EQ(cp->note.verified.size(), 2u);
    EXPECT_EQ(cp->note.verified[1].timestamp, 1769279856830u);
    EXPECT_EQ(cp->checkpoint.size, size);
    absl::StatusOr<AuditResult> audit = AuditLog(log, size, cp->checkpoint.root);
    ASSERT_TRUE(audit.ok()) << size << ": " << audit.status();
    EXPECT_EQ(audit->issuers, std::min<uint64_t>(size, 5) + 1);  // "issuer i % 5" and "root"
    // The old tree head is a prefix of the new tree, from authenticated tiles.
    absl::StatusOr<VerifiedCheckpoint> old = OpenCheckpoint(old_note, verifiers);
    ASSERT_TRUE(old.ok()) << old.status();
    TileHashReader reader(size, cp->checkpoint.root, &log);
    EXPECT_EQ(*reader.RangeHash(0, old_size), old->checkpoint.root);
    ASSERT_TRUE(reader.InclusionProof(size - 1).ok());
    // Entries read back carry their leaf_index and hash to the tile's hash.
    std::string bytes;
    absl::StatusOr<std::vector<TileLeaf>> leaves =
        FetchDataTileLeaves(log, TileForIndex(kDataTileLevel, size - 1, size), &bytes);
    ASSERT_TRUE(leaves.ok()) << leaves.status();
    EXPECT_EQ(*LeafIndexFromExtensions(leaves->back().extensions), size - 1);
    EXPECT_EQ(LeafHash(leaves->back()), *reader.LeafHash(size - 1));
  }
}

TEST(TileWriterTest, PublishesEmptyTreeAndRejectsBadEntries) {
  MemoryFetcher log;
  MemorySink sink(&log);
  TileWriter w("o", &sink);
  absl::StatusOr<NoteSigner> ed = NoteSigner::Ed25519("o", std::string(32, '\x01'));
  absl::StatusOr<std::string> n = w.Publish({*ed}, 0);
  ASSERT_TRUE(n.ok()) << n.status();
  absl::StatusOr<VerifiedCheckpoint> cp = OpenCheckpoint(*n, {ed->Verifier()});
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->checkpoint.size, 0u);
  EXPECT_EQ(cp->checkpoint.root, EmptyRoot());
  LogEntry e;
  EXPECT_EQ(w.Append(e).status().code(), absl::StatusCode::kInvalidArgument);
  e.certificate = "c";
  e.entry_type = TileLeaf::kPrecertEntry;
  EXPECT_EQ(w.Append(e).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(w.size(), 0u);
}

TEST(TileWriterTest, WritesADirectoryThatDirectoryFetcherReads) {
  std::string dir = absl::StrCat(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp",
                                 "/writer_test_log");
  absl::StatusOr<std::unique_ptr<DirectorySink>> sink = DirectorySink::Create(dir);
  ASSERT_TRUE(sink.ok()) << sink.status();
  TileWriter w("o", sink->get());
  for (uint64_t i = 0; i < 600; ++i) ASSERT_TRUE(w.Append(Entry(i)).ok());
  absl::StatusOr<NoteSigner> ed = NoteSigner::Ed25519("o", std::string(32, '\x02'));
  ASSERT_TRUE(w.Publish({*ed}, 0).ok());
  absl::StatusOr<std::unique_ptr<DirectoryFetcher>> f = DirectoryFetcher::Create(dir);
  ASSERT_TRUE(f.ok());
  absl::StatusOr<VerifiedCheckpoint> cp =
      OpenCheckpoint(*(*f)->Fetch("checkpoint"), {ed->Verifier()});
  ASSERT_TRUE(cp.ok()) << cp.status();
  absl::StatusOr<AuditResult> audit = AuditLog(**f, 600, cp->checkpoint.root);
  EXPECT_TRUE(audit.ok()) << audit.status();
}

}  // namespace
}  // namespace ct
