#include "tools/ct/log_command.h"

#include <iostream>

namespace ct::cli {

int LogCommand(const std::vector<std::string>& args) {
  std::cerr << "ct log: not implemented yet\n";
  return 2;
}

}  // namespace ct::cli
