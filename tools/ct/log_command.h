// File: tools/ct/log_command.h
// `ct log ...`.
#ifndef CT_TOOLS_CT_LOG_COMMAND_H_
#define CT_TOOLS_CT_LOG_COMMAND_H_

#include <string>
#include <vector>

namespace ct::cli {

// LogCommand runs `ct log <subcommand> ARGS...` and returns the exit
// status: 0 = ok, 1 = verification or policy failure, 2 = bad input.
int LogCommand(const std::vector<std::string>& args);

}  // namespace ct::cli

#endif  // CT_TOOLS_CT_LOG_COMMAND_H_
