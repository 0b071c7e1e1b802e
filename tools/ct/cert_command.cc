#include "tools/ct/cert_command.h"

#include <iostream>

namespace ct::cli {

int CertCommand(const std::vector<std::string>& args) {
  std::cerr << "ct cert: not implemented yet\n";
  return 2;
}

}  // namespace ct::cli
