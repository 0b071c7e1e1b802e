// File: tools/ct/args.h
// A small command-line parser for `ct` subcommands: `--name value`,
// `--name=value`, boolean `--flag`, and positional arguments.
#ifndef CT_TOOLS_CT_ARGS_H_
#define CT_TOOLS_CT_ARGS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace ct::cli {

// Args holds one subcommand's parsed arguments.
struct Args {
  std::map<std::string, std::string> values;  // --name value
  std::set<std::string> flags;                // --flag
  std::vector<std::string> positional;
  // Every valued option in command-line order (a repeated option appears
  // once per use; `values` keeps the last).
  std::vector<std::pair<std::string, std::string>> ordered;

  // Has returns whether boolean `flag` was given.
  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  // Get returns the value of `--name`, if given.
  std::optional<std::string> Get(const std::string& name) const;
  // GetAll returns every value of a repeatable `--name`, in order.
  std::vector<std::string> GetAll(const std::string& name) const;
};

// ParseArgs parses `argv` given the names that take a value and the boolean
// flags; unknown options and missing values are kInvalidArgument.
absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& argv,
                               const std::set<std::string>& valued,
                               const std::set<std::string>& boolean);

// ParseUint64 parses a decimal uint64 for option `name`; kInvalidArgument on
// anything else (signs, spaces, overflow).
absl::StatusOr<uint64_t> ParseUint64(const std::string& name,
                                     const std::string& text);

// ReadFileOrStdin returns the bytes of `path`, or of standard input when
// `path` is "-" or empty.
absl::StatusOr<std::string> ReadFileOrStdin(const std::string& path);

}  // namespace ct::cli

#endif  // CT_TOOLS_CT_ARGS_H_
