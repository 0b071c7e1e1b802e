// Smoke test of the BoringSSL that @boringssl provides (docs/boringssl.md):
// published known-answer vectors through the code paths ctcore relies on
// (SHA-256, P-256 ECDSA with the x86_64 assembly, Ed25519, RSA, libssl), run
// in every configuration including ASan/UBSan, plus a check that a source
// build really keeps Debian's packaged libcrypto.so.0 out of the process.
#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "boringssl/ctcore_build_info.h"
#include "gtest/gtest.h"
#include "openssl/bn.h"
#include "openssl/curve25519.h"
#include "openssl/ec.h"
#include "openssl/ec_key.h"
#include "openssl/ecdsa.h"
#include "openssl/mem.h"
#include "openssl/nid.h"
#include "openssl/rsa.h"
#include "openssl/sha.h"
#include "openssl/ssl.h"

namespace {

std::vector<uint8_t> Hex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

bssl::UniquePtr<BIGNUM> Bn(const char* hex) {
  BIGNUM* bn = nullptr;
  if (!BN_hex2bn(&bn, hex)) return nullptr;
  return bssl::UniquePtr<BIGNUM>(bn);
}

TEST(BoringSslTest, ReportsWhichLibraryIsLinked) {
  std::printf("@boringssl: %s (%s)\n",
              CTCORE_BORINGSSL_FROM_SOURCE ? "source build" : "packaged",
              CTCORE_BORINGSSL_DETAIL);
  void* packaged = dlopen("libcrypto.so.0", RTLD_NOW | RTLD_NOLOAD);
  if (CTCORE_BORINGSSL_FROM_SOURCE) {
    EXPECT_EQ(packaged, nullptr)
        << "source build, yet Debian's libcrypto.so.0 is loaded";
  } else {
    EXPECT_NE(packaged, nullptr) << "packaged build without libcrypto.so.0";
  }
  if (packaged != nullptr) dlclose(packaged);
}

// FIPS 180-2 appendix B.1.
TEST(BoringSslTest, Sha256OfAbcIsTheFipsAnswer) {
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>("abc"), 3, digest);
  std::vector<uint8_t> want = Hex(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(CRYPTO_memcmp(digest, want.data(), sizeof(digest)), 0);
}

// RFC 6979 A.2.5: P-256, SHA-256, message "sample".
TEST(BoringSslTest, P256VerifiesRfc6979VectorAndRejectsTampering) {
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  ASSERT_TRUE(key);
  auto x = Bn("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6");
  auto y = Bn("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
  ASSERT_TRUE(x && y);
  ASSERT_TRUE(EC_KEY_set_public_key_affine_coordinates(key.get(), x.get(), y.get()));
  bssl::UniquePtr<ECDSA_SIG> sig(ECDSA_SIG_new());
  ASSERT_TRUE(sig);
  auto r = Bn("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716");
  auto s = Bn("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
  ASSERT_TRUE(r && s);
  ASSERT_TRUE(ECDSA_SIG_set0(sig.get(), r.release(), s.release()));

  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>("sample"), 6, digest);
  EXPECT_EQ(ECDSA_do_verify(digest, sizeof(digest), sig.get(), key.get()), 1);
  digest[0] ^= 1;
  EXPECT_EQ(ECDSA_do_verify(digest, sizeof(digest), sig.get(), key.get()), 0);
}

TEST(BoringSslTest, P256SignsAndVerifiesItsOwnSignatures) {
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  ASSERT_TRUE(key && EC_KEY_generate_key(key.get()));
  uint8_t digest[SHA256_DIGEST_LENGTH] = {1, 2, 3};
  std::vector<uint8_t> sig(ECDSA_size(key.get()));
  unsigned len = 0;
  ASSERT_TRUE(ECDSA_sign(0, digest, sizeof(digest), sig.data(), &len, key.get()));
  EXPECT_EQ(ECDSA_verify(0, digest, sizeof(digest), sig.data(), len, key.get()), 1);
  sig[len - 1] ^= 1;
  EXPECT_EQ(ECDSA_verify(0, digest, sizeof(digest), sig.data(), len, key.get()), 0);
}

// RFC 8032 section 7.1, TEST 1 (empty message).
TEST(BoringSslTest, Ed25519VerifiesRfc8032VectorAndRejectsTampering) {
  std::vector<uint8_t> pub = Hex(
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  std::vector<uint8_t> sig = Hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb882"
      "1590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  ASSERT_EQ(pub.size(), 32u);
  ASSERT_EQ(sig.size(), 64u);
  EXPECT_EQ(ED25519_verify(nullptr, 0, sig.data(), pub.data()), 1);
  sig[10] ^= 1;
  EXPECT_EQ(ED25519_verify(nullptr, 0, sig.data(), pub.data()), 0);
}

TEST(BoringSslTest, Rsa2048SignsAndVerifies) {
  bssl::UniquePtr<RSA> rsa(RSA_new());
  bssl::UniquePtr<BIGNUM> e(BN_new());
  ASSERT_TRUE(rsa && e && BN_set_word(e.get(), RSA_F4));
  ASSERT_TRUE(RSA_generate_key_ex(rsa.get(), 2048, e.get(), nullptr));
  uint8_t digest[SHA256_DIGEST_LENGTH] = {9};
  std::vector<uint8_t> sig(RSA_size(rsa.get()));
  unsigned len = 0;
  ASSERT_TRUE(RSA_sign(NID_sha256, digest, sizeof(digest), sig.data(), &len,
                       rsa.get()));
  EXPECT_EQ(RSA_verify(NID_sha256, digest, sizeof(digest), sig.data(), len,
                       rsa.get()), 1);
  digest[0] ^= 1;
  EXPECT_EQ(RSA_verify(NID_sha256, digest, sizeof(digest), sig.data(), len,
                       rsa.get()), 0);
}

TEST(BoringSslTest, LibsslCreatesAContext) {
  bssl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  ASSERT_TRUE(ctx);
  bssl::UniquePtr<SSL> ssl(SSL_new(ctx.get()));
  EXPECT_TRUE(ssl);
}

}  // namespace
