// File: tools/ct/cert_command.h
// `ct cert ...`.
#ifndef CT_TOOLS_CT_CERT_COMMAND_H_
#define CT_TOOLS_CT_CERT_COMMAND_H_

#include <string>
#include <vector>

namespace ct::cli {

// CertCommand runs `ct cert <subcommand> ARGS...` and returns the exit
// status: 0 = ok, 1 = verification or policy failure, 2 = bad input.
int CertCommand(const std::vector<std::string>& args);

}  // namespace ct::cli

#endif  // CT_TOOLS_CT_CERT_COMMAND_H_
