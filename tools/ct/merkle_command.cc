#include "tools/ct/merkle_command.h"

#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "nlohmann/json.hpp"
#include "tools/ct/args.h"

namespace ct::cli {
namespace {

constexpr char kMerkleUsage[] =
    "usage: ct merkle root [FILE] [--data] [--json]\n"
    "  root   RFC 6962 root of the leaf hashes in FILE (or stdin), one per\n"
    "         line as 64 hex digits or base64; with --data each line is a raw\n"
    "         leaf entry in hex and is hashed as SHA-256(0x00 || entry).\n";

int Fail(const absl::Status& status) {
  std::cerr << "ct merkle: " << status.message() << "\n";
  return 2;
}

int Root(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(argv, {}, {"data", "json"});
  if (!args.ok()) return Fail(args.status());
  if (args->positional.size() > 1) {
    return Fail(absl::InvalidArgumentError("root takes at most one FILE"));
  }
  absl::StatusOr<std::string> input =
      ReadFileOrStdin(args->positional.empty() ? "-" : args->positional[0]);
  if (!input.ok()) return Fail(input.status());

  CompactRange tree;
  uint64_t line_number = 0;
  for (absl::string_view line : absl::StrSplit(*input, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) continue;
    if (args->Has("data")) {
      std::string bytes;
      bool hex = line.size() % 2 == 0;
      for (char c : line) hex = hex && absl::ascii_isxdigit(c);
      if (!hex) {
        return Fail(absl::InvalidArgumentError(
            absl::StrCat("line ", line_number, ": leaf entry is not hex")));
      }
      tree.Append(HashLeaf(absl::HexStringToBytes(line)));
      continue;
    }
    absl::StatusOr<Hash> hash = HashFromText(line);
    if (!hash.ok()) {
      return Fail(absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, ": ", hash.status().message())));
    }
    tree.Append(*hash);
  }
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

}  // namespace

int MerkleCommand(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::cerr << kMerkleUsage;
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "root") return Root(rest);
  std::cerr << "ct merkle: unknown subcommand \"" << args[0] << "\"\n" << kMerkleUsage;
  return 2;
}

}  // namespace ct::cli
