// File: tools/ct/monitor_command.h
// `ct monitor`: watch CT logs for certificates of the user's names
// (ct/monitor), and `ct monitor report|authorize` on its state.
#ifndef CT_TOOLS_CT_MONITOR_COMMAND_H_
#define CT_TOOLS_CT_MONITOR_COMMAND_H_

#include <string>
#include <vector>

namespace ct::cli {

// MonitorCommand runs `ct monitor ARGS...` and returns the exit code: 0 when
// nothing unexpected happened, 1 when an unexpected certificate or a log's
// misbehaviour was reported in this run, 2 on bad input or logs that could
// not be read.
int MonitorCommand(const std::vector<std::string>& args);

}  // namespace ct::cli

#endif  // CT_TOOLS_CT_MONITOR_COMMAND_H_
