// File: ct/sct/internal/evp_pkey.h
// -----------------------------------------------------------------------------
// The parsed BoringSSL key behind LogVerifier and LogSigner. Their public
// headers name it only as an incomplete type, so that installed headers never
// mention a BoringSSL type (docs/embedding.md). Logically private to ct/sct.
#ifndef CT_SCT_INTERNAL_EVP_PKEY_H_
#define CT_SCT_INTERNAL_EVP_PKEY_H_

#include <openssl/base.h>
#include <openssl/evp.h>

#include <memory>
#include <utility>

namespace ct::internal {

// EvpPkey owns one immutable parsed key; copies of its owners share it.
struct EvpPkey {
  bssl::UniquePtr<EVP_PKEY> pkey;
};

// ShareEvpPkey wraps `pkey` for sharing (null stays null).
inline std::shared_ptr<const EvpPkey> ShareEvpPkey(bssl::UniquePtr<EVP_PKEY> pkey) {
  if (pkey == nullptr) return nullptr;
  return std::make_shared<const EvpPkey>(EvpPkey{std::move(pkey)});
}

}  // namespace ct::internal

#endif  // CT_SCT_INTERNAL_EVP_PKEY_H_
