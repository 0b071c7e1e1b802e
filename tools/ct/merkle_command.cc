#include "tools/ct/merkle_command.h"

#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/hash_source.h"
#include "ct/merkle/prove.h"
#include "ct/merkle/verify.h"
#include "nlohmann/json.hpp"
#include "tools/ct/args.h"

namespace ct::cli {
namespace {

constexpr char kMerkleUsage[] =
    "usage: ct merkle <subcommand> [args] [--json]\n"
    "  root [FILE] [--data]\n"
    "      RFC 6962 root of the leaf hashes in FILE (or stdin), one per line\n"
    "      as 64 hex digits or base64; with --data each line is a leaf entry\n"
    "      in hex (an empty line is the empty entry), hashed as\n"
    "      SHA-256(0x00 || entry).\n"
    "  verify-inclusion --leaf-hash H --index I --size N --root R --proof H1,H2,...\n"
    "      RFC 9162 §2.1.3.2 inclusion check (--proof \"\" for an empty path).\n"
    "  verify-consistency --size1 M --size2 N --root1 R1 --root2 R2 --proof H1,...\n"
    "      RFC 9162 §2.1.4.2 consistency check.\n"
    "  prove-inclusion [FILE] --index I [--size N] [--data]\n"
    "      audit path of leaf I in the tree of the first N leaves of FILE.\n"
    "  prove-consistency [FILE] --size1 M [--size2 N] [--data]\n"
    "      consistency proof between the first M and first N leaves of FILE.\n"
    "Hashes are accepted as hex or standard base64 and printed as hex.\n"
    "Exit status: 0 = ok/verified, 1 = does not verify (root mismatch),\n"
    "2 = bad input (malformed hash, wrong proof length, index or size out of\n"
    "range, unreadable file).\n";

int Fail(const absl::Status& status) {
  std::cerr << "ct merkle: " << status.message() << "\n";
  return 2;
}

// ReadLeaves reads one leaf hash per line (hex or base64; blank lines are
// skipped), or with `data` one hex-encoded leaf entry per line (every line
// is an entry, so an empty line is the empty entry; only the newline ending
// the last line is not a separator), from `path` ("-" = stdin).
absl::StatusOr<std::vector<Hash>> ReadLeaves(const std::string& path,
                                             bool data) {
  absl::StatusOr<std::string> input = ReadFileOrStdin(path);
  if (!input.ok()) return input.status();
  absl::string_view text = *input;
  if (data && absl::ConsumeSuffix(&text, "\n")) absl::ConsumeSuffix(&text, "\r");
  std::vector<Hash> leaves;
  if (data && text.empty() && input->empty()) return leaves;
  uint64_t line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    if (data) {
      absl::ConsumeSuffix(&line, "\r");
      absl::StatusOr<Bytes> entry = HexDecode(line);
      if (!entry.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "line ", line_number, ": leaf entry is not an even number of hex digits"));
      }
      leaves.push_back(HashLeaf(*entry));
      continue;
    }
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    absl::StatusOr<Hash> hash = HashFromText(line);
    if (!hash.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, ": ", hash.status().message()));
    }
    leaves.push_back(*hash);
  }
  return leaves;
}

absl::StatusOr<std::string> Required(const Args& args, const std::string& name) {
  std::optional<std::string> v = args.Get(name);
  if (!v) return absl::InvalidArgumentError(absl::StrCat("--", name, " is required"));
  return *v;
}

absl::StatusOr<uint64_t> RequiredUint64(const Args& args, const std::string& name) {
  absl::StatusOr<std::string> v = Required(args, name);
  if (!v.ok()) return v.status();
  return ParseUint64(name, *v);
}

absl::StatusOr<Hash> RequiredHash(const Args& args, const std::string& name) {
  absl::StatusOr<std::string> v = Required(args, name);
  if (!v.ok()) return v.status();
  absl::StatusOr<Hash> h = HashFromText(absl::StripAsciiWhitespace(*v));
  if (!h.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, ": ", h.status().message()));
  }
  return h;
}

// ParseProof parses --proof: hashes separated by commas (or whitespace);
// an empty value is the empty proof.
absl::StatusOr<std::vector<Hash>> ParseProof(const Args& args) {
  absl::StatusOr<std::string> v = Required(args, "proof");
  if (!v.ok()) return v.status();
  std::vector<Hash> proof;
  size_t i = 0;
  for (absl::string_view item :
       absl::StrSplit(*v, absl::ByAnyChar(", \t\n"), absl::SkipEmpty())) {
    absl::StatusOr<Hash> h = HashFromText(item);
    if (!h.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--proof item ", i, ": ", h.status().message()));
    }
    proof.push_back(*h);
    ++i;
  }
  return proof;
}

std::vector<std::string> HexList(const std::vector<Hash>& hashes) {
  std::vector<std::string> out;
  for (const Hash& h : hashes) out.push_back(HashToHex(h));
  return out;
}

// Report prints a verification result and returns the exit status.
int Report(const absl::Status& status, bool json, nlohmann::json out) {
  if (!status.ok() && !IsRootMismatch(status)) return Fail(status);
  out["verified"] = status.ok();
  if (!status.ok()) out["error"] = std::string(status.message());
  if (json) {
    std::cout << out.dump() << "\n";
  } else if (status.ok()) {
    std::cout << "verified\n";
  } else {
    std::cout << "does not verify: " << status.message() << "\n";
  }
  return status.ok() ? 0 : 1;
}

int Root(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(argv, {}, {"data", "json"});
  if (!args.ok()) return Fail(args.status());
  if (args->positional.size() > 1) {
    return Fail(absl::InvalidArgumentError("root takes at most one FILE"));
  }
  absl::StatusOr<std::vector<Hash>> leaves = ReadLeaves(
      args->positional.empty() ? "-" : args->positional[0], args->Has("data"));
  if (!leaves.ok()) return Fail(leaves.status());
  CompactRange tree;
  tree.AppendLeaves(*leaves);
  const Hash root = tree.Root();
  if (args->Has("json")) {
    nlohmann::json out = {{"tree_size", tree.size()},
                          {"root_hex", HashToHex(root)},
                          {"root_base64", HashToBase64(root)}};
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "tree_size " << tree.size() << "\n"
              << "root " << HashToHex(root) << "\n";
  }
  return 0;
}

int VerifyInclusionCommand(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args =
      ParseArgs(argv, {"leaf-hash", "index", "size", "root", "proof"}, {"json"});
  if (!args.ok()) return Fail(args.status());
  if (!args->positional.empty()) {
    return Fail(absl::InvalidArgumentError("verify-inclusion takes no FILE"));
  }
  absl::StatusOr<Hash> leaf = RequiredHash(*args, "leaf-hash");
  if (!leaf.ok()) return Fail(leaf.status());
  absl::StatusOr<uint64_t> index = RequiredUint64(*args, "index");
  if (!index.ok()) return Fail(index.status());
  absl::StatusOr<uint64_t> size = RequiredUint64(*args, "size");
  if (!size.ok()) return Fail(size.status());
  absl::StatusOr<Hash> root = RequiredHash(*args, "root");
  if (!root.ok()) return Fail(root.status());
  absl::StatusOr<std::vector<Hash>> proof = ParseProof(*args);
  if (!proof.ok()) return Fail(proof.status());
  absl::Status status = VerifyInclusion(*leaf, *index, *size, *proof, *root);
  return Report(status, args->Has("json"),
                {{"leaf_index", *index}, {"tree_size", *size}});
}

int VerifyConsistencyCommand(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(
      argv, {"size1", "size2", "root1", "root2", "proof"}, {"json"});
  if (!args.ok()) return Fail(args.status());
  if (!args->positional.empty()) {
    return Fail(absl::InvalidArgumentError("verify-consistency takes no FILE"));
  }
  absl::StatusOr<uint64_t> size1 = RequiredUint64(*args, "size1");
  if (!size1.ok()) return Fail(size1.status());
  absl::StatusOr<uint64_t> size2 = RequiredUint64(*args, "size2");
  if (!size2.ok()) return Fail(size2.status());
  absl::StatusOr<Hash> root1 = RequiredHash(*args, "root1");
  if (!root1.ok()) return Fail(root1.status());
  absl::StatusOr<Hash> root2 = RequiredHash(*args, "root2");
  if (!root2.ok()) return Fail(root2.status());
  absl::StatusOr<std::vector<Hash>> proof = ParseProof(*args);
  if (!proof.ok()) return Fail(proof.status());
  absl::Status status = VerifyConsistency(*size1, *size2, *proof, *root1, *root2);
  return Report(status, args->Has("json"),
                {{"size1", *size1}, {"size2", *size2}});
}

// LoadTree reads the leaf file of a prove-* subcommand and returns the tree
// and the size given by `size_flag` (default: all leaves).
absl::StatusOr<InMemoryTree> LoadTree(const Args& args, const std::string& cmd) {
  if (args.positional.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(cmd, " takes at most one FILE"));
  }
  absl::StatusOr<std::vector<Hash>> leaves = ReadLeaves(
      args.positional.empty() ? "-" : args.positional[0], args.Has("data"));
  if (!leaves.ok()) return leaves.status();
  InMemoryTree tree;
  tree.AppendLeaves(*leaves);
  return tree;
}

absl::StatusOr<uint64_t> OptionalSize(const Args& args, const std::string& name,
                                      const InMemoryTree& tree) {
  if (!args.Get(name)) return tree.size();
  absl::StatusOr<uint64_t> size = ParseUint64(name, *args.Get(name));
  if (!size.ok()) return size.status();
  if (*size > tree.size()) {
    return absl::OutOfRangeError(absl::StrCat("--", name, " ", *size,
                                              " exceeds the ", tree.size(),
                                              " leaves in the input"));
  }
  return size;
}

int ProveInclusionCommand(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"index", "size"}, {"data", "json"});
  if (!args.ok()) return Fail(args.status());
  absl::StatusOr<InMemoryTree> tree = LoadTree(*args, "prove-inclusion");
  if (!tree.ok()) return Fail(tree.status());
  absl::StatusOr<uint64_t> index = RequiredUint64(*args, "index");
  if (!index.ok()) return Fail(index.status());
  absl::StatusOr<uint64_t> size = OptionalSize(*args, "size", *tree);
  if (!size.ok()) return Fail(size.status());
  absl::StatusOr<std::vector<Hash>> proof = InclusionProof(*tree, *index, *size);
  if (!proof.ok()) return Fail(proof.status());
  absl::StatusOr<Hash> root = RootAtSize(*tree, *size);
  if (!root.ok()) return Fail(root.status());
  absl::StatusOr<Hash> leaf = tree->NodeHash(0, *index);
  if (!leaf.ok()) return Fail(leaf.status());
  const std::vector<std::string> hex = HexList(*proof);
  if (args->Has("json")) {
    nlohmann::json out = {{"leaf_index", *index},
                          {"tree_size", *size},
                          {"leaf_hash", HashToHex(*leaf)},
                          {"root", HashToHex(*root)},
                          {"proof", hex}};
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "leaf_index " << *index << "\n"
              << "tree_size " << *size << "\n"
              << "leaf_hash " << HashToHex(*leaf) << "\n"
              << "root " << HashToHex(*root) << "\n"
              << "proof " << absl::StrJoin(hex, ",") << "\n";
  }
  return 0;
}

int ProveConsistencyCommand(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(argv, {"size1", "size2"}, {"data", "json"});
  if (!args.ok()) return Fail(args.status());
  absl::StatusOr<InMemoryTree> tree = LoadTree(*args, "prove-consistency");
  if (!tree.ok()) return Fail(tree.status());
  absl::StatusOr<uint64_t> size1 = RequiredUint64(*args, "size1");
  if (!size1.ok()) return Fail(size1.status());
  absl::StatusOr<uint64_t> size2 = OptionalSize(*args, "size2", *tree);
  if (!size2.ok()) return Fail(size2.status());
  absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(*tree, *size1, *size2);
  if (!proof.ok()) return Fail(proof.status());
  absl::StatusOr<Hash> root1 = RootAtSize(*tree, *size1);
  if (!root1.ok()) return Fail(root1.status());
  absl::StatusOr<Hash> root2 = RootAtSize(*tree, *size2);
  if (!root2.ok()) return Fail(root2.status());
  const std::vector<std::string> hex = HexList(*proof);
  if (args->Has("json")) {
    nlohmann::json out = {{"size1", *size1},         {"size2", *size2},
                          {"root1", HashToHex(*root1)}, {"root2", HashToHex(*root2)},
                          {"proof", hex}};
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "size1 " << *size1 << "\n"
              << "size2 " << *size2 << "\n"
              << "root1 " << HashToHex(*root1) << "\n"
              << "root2 " << HashToHex(*root2) << "\n"
              << "proof " << absl::StrJoin(hex, ",") << "\n";
  }
  return 0;
}

}  // namespace

int MerkleCommand(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::cerr << kMerkleUsage;
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "root") return Root(rest);
  if (args[0] == "verify-inclusion") return VerifyInclusionCommand(rest);
  if (args[0] == "verify-consistency") return VerifyConsistencyCommand(rest);
  if (args[0] == "prove-inclusion") return ProveInclusionCommand(rest);
  if (args[0] == "prove-consistency") return ProveConsistencyCommand(rest);
  std::cerr << "ct merkle: unknown subcommand \"" << args[0]
            << "\" (see ct merkle --help)\n";
  return 2;
}

}  // namespace ct::cli
