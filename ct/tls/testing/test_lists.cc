#include "ct/tls/testing/test_lists.h"

#include <openssl/bio.h>
#include <openssl/bytestring.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <cstdlib>

#include "nlohmann/json.hpp"

namespace ct::testing {
namespace {

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

template <typename Fn>
std::string EditLog(const std::string& json, const std::string& description, Fn&& fn) {
  nlohmann::json j = nlohmann::json::parse(json);
  for (auto& op : j["operators"]) {
    auto& logs = op["logs"];
    for (auto it = logs.begin(); it != logs.end(); ++it) {
      if ((*it)["description"] == description) {
        if (fn(*it)) logs.erase(it);
        return j.dump(2);
      }
    }
  }
  std::abort();  // no such log: a broken test
}

}  // namespace

std::string WithoutLog(const std::string& json, const std::string& description) {
  return EditLog(json, description, [](nlohmann::json&) { return true; });
}

std::string WithLogState(const std::string& json, const std::string& description,
                         const std::string& state, absl::Time since) {
  return EditLog(json, description, [&](nlohmann::json& log) {
    log["state"] = {{state, {{"timestamp", Rfc3339(since)}}}};
    return false;
  });
}

std::string WithListTimestamp(const std::string& json, absl::Time t) {
  nlohmann::json j = nlohmann::json::parse(json);
  j["log_list_timestamp"] = Rfc3339(t);
  return j.dump(2);
}

ListSigner::ListSigner() {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  if (!ec || !EC_KEY_generate_key(ec.get())) std::abort();
  EVP_PKEY* pkey = EVP_PKEY_new();
  if (!pkey || !EVP_PKEY_set1_EC_KEY(pkey, ec.get())) std::abort();
  key_ = pkey;
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PUBKEY(bio.get(), pkey)) std::abort();
  const uint8_t* data;
  size_t len;
  BIO_mem_contents(bio.get(), &data, &len);
  public_key_pem.assign(reinterpret_cast<const char*>(data), len);
}

ListSigner::~ListSigner() { EVP_PKEY_free(static_cast<EVP_PKEY*>(key_)); }

std::string ListSigner::Sign(const std::string& json) const {
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>(json.data()), json.size(), digest);
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(static_cast<EVP_PKEY*>(key_));
  std::string sig(ECDSA_size(ec), '\0');
  unsigned sig_len = 0;
  if (!ECDSA_sign(0, digest, sizeof(digest), reinterpret_cast<uint8_t*>(&sig[0]), &sig_len, ec)) {
    std::abort();
  }
  sig.resize(sig_len);
  return sig;
}

}  // namespace ct::testing
