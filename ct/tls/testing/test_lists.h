// File: ct/tls/testing/test_lists.h
// Test-only: variations of the test PKI's log list (log-list.json written by
// make_test_pki) and a throw-away log-list signing key.
#ifndef CT_TLS_TESTING_TEST_LISTS_H_
#define CT_TLS_TESTING_TEST_LISTS_H_

#include <string>

#include "absl/time/time.h"

namespace ct::testing {

// WithoutLog returns `json` minus the log whose description is `description`.
std::string WithoutLog(const std::string& json, const std::string& description);
// WithLogState returns `json` with that log's state replaced by {state: {timestamp}}.
std::string WithLogState(const std::string& json, const std::string& description,
                         const std::string& state, absl::Time since);
// WithListTimestamp returns `json` with log_list_timestamp set to `t`.
std::string WithListTimestamp(const std::string& json, absl::Time t);

// ListSigner is a fresh P-256 key signing log lists (ECDSA, SHA-256, DER).
struct ListSigner {
  ListSigner();
  ~ListSigner();
  std::string public_key_pem;
  std::string Sign(const std::string& json) const;

 private:
  void* key_;  // EVP_PKEY
};

}  // namespace ct::testing

#endif  // CT_TLS_TESTING_TEST_LISTS_H_
