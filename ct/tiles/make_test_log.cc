// make_test_log: writes a synthetic static-ct-api log for tests.
//
//   make_test_log DIR SIZE [ORIGIN]
//
// Entries alternate x509 and precert entries with 5 issuers; the checkpoint
// is signed with a fixed Ed25519 test key whose verifier key is printed on
// stdout. Test-only: the key is public.
#include <cstdlib>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "ct/tiles/note.h"
#include "ct/tiles/writer.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: make_test_log DIR SIZE [ORIGIN]\n";
    return 2;
  }
  std::string origin = argc > 3 ? argv[3] : "test.example/log";
  uint64_t size = std::strtoull(argv[2], nullptr, 10);
  auto sink = ct::DirectorySink::Create(argv[1]);
  auto signer = ct::NoteSigner::Ed25519(origin, std::string(32, '\x2a'));
  if (!sink.ok() || !signer.ok()) {
    std::cerr << "make_test_log: setup failed\n";
    return 2;
  }
  ct::TileWriter w(origin, sink->get());
  for (uint64_t i = 0; i < size; ++i) {
    ct::LogEntry e;
    e.timestamp = 1700000000000 + i;
    e.certificate = absl::StrCat("test certificate ", i, std::string(64, 'c'));
    e.chain = {absl::StrCat("test issuer ", i % 5), "test root"};
    if (i % 2 == 1) {
      e.entry_type = ct::TileLeaf::kPrecertEntry;
      e.issuer_key_hash = ct::HashLeaf(absl::StrCat("issuer key ", i % 5));
      e.pre_certificate = absl::StrCat("test precertificate ", i);
    }
    auto idx = w.Append(e);
    if (!idx.ok()) {
      std::cerr << "make_test_log: " << idx.status().message() << "\n";
      return 2;
    }
  }
  auto note = w.Publish({*signer}, 1700000000000 + size);
  if (!note.ok()) {
    std::cerr << "make_test_log: " << note.status().message() << "\n";
    return 2;
  }
  std::cout << signer->public_key() << "\n";
  return 0;
}
