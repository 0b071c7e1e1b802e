// File: tools/ct/merkle_command.h
// `ct merkle ...`: Merkle tree tools for researchers.
#ifndef CT_TOOLS_CT_MERKLE_COMMAND_H_
#define CT_TOOLS_CT_MERKLE_COMMAND_H_

#include <string>
#include <vector>

namespace ct::cli {

// MerkleCommand runs `ct merkle <subcommand> ARGS...` and returns the exit
// status: 0 = ok/verified, 1 = does not verify, 2 = bad input.
int MerkleCommand(const std::vector<std::string>& args);

}  // namespace ct::cli

#endif  // CT_TOOLS_CT_MERKLE_COMMAND_H_
