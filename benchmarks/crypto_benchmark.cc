// File: benchmarks/crypto_benchmark.cc
// Signature verification and hashing rates of the BoringSSL ctcore links
// (@boringssl//:crypto: Debian's source built without OPENSSL_SMALL, or the
// packaged library as a fallback, see docs/boringssl.md), each measured in
// the same run against the same operation through Debian's packaged
// libcrypto.so.0. Counter `vs_packaged` = packaged time / our time (2.0 =
// twice as fast as the packaged library), `packaged_ns` = its time per call.
//
// Both libraries export the same symbol names, so the packaged one is loaded
// with dlopen(RTLD_LOCAL | RTLD_DEEPBIND) and called through dlsym'd pointers;
// keys and signatures are made with the linked library and handed over as
// DER or raw bytes.
#include <dlfcn.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "openssl/bn.h"
#include "openssl/curve25519.h"
#include "openssl/ec.h"
#include "openssl/ec_key.h"
#include "openssl/ecdsa.h"
#include "openssl/mem.h"
#include "openssl/nid.h"
#include "openssl/rsa.h"
#include "openssl/sha.h"
#include "openssl/x509.h"  // d2i_EC_PUBKEY, i2d_EC_PUBKEY
#include "ct/base/bytes.h"

namespace {

constexpr char kPackagedPath[] =
    "/usr/lib/x86_64-linux-gnu/android/libcrypto.so.0";

// Debian's packaged BoringSSL, reached only through these pointers. The
// types come from our headers: both are built from the same source.
struct Packaged {
  bool loaded = false;
  bool same_as_linked = false;  // the fallback build links this very library
  std::string error;
  decltype(&::d2i_EC_PUBKEY) d2i_EC_PUBKEY = nullptr;
  decltype(&::ECDSA_verify) ECDSA_verify = nullptr;
  decltype(&::RSA_public_key_from_bytes) RSA_public_key_from_bytes = nullptr;
  decltype(&::RSA_verify) RSA_verify = nullptr;
  decltype(&::ED25519_verify) ED25519_verify = nullptr;
  decltype(&::SHA256) SHA256 = nullptr;
};

template <typename Fn>
bool Resolve(void* handle, const char* name, Fn* out) {
  *out = reinterpret_cast<Fn>(dlsym(handle, name));
  return *out != nullptr;
}

const Packaged& GetPackaged() {
  static const Packaged* packaged = [] {
    auto* p = new Packaged;
    void* handle = dlopen(kPackagedPath, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (handle == nullptr) {
      p->error = std::string("packaged library not loaded: ") + dlerror();
      return p;
    }
    p->loaded = Resolve(handle, "d2i_EC_PUBKEY", &p->d2i_EC_PUBKEY) &&
                Resolve(handle, "ECDSA_verify", &p->ECDSA_verify) &&
                Resolve(handle, "RSA_public_key_from_bytes",
                        &p->RSA_public_key_from_bytes) &&
                Resolve(handle, "RSA_verify", &p->RSA_verify) &&
                Resolve(handle, "ED25519_verify", &p->ED25519_verify) &&
                Resolve(handle, "SHA256", &p->SHA256);
    if (!p->loaded) p->error = "packaged library lacks a symbol";
    // Function addresses are canonical across objects: equal means the
    // binary itself links the packaged library (fallback build).
    p->same_as_linked = p->loaded && p->SHA256 == &::SHA256;
    return p;
  }();
  return *packaged;
}

// Times `ours` as the benchmark loop, then `packaged` over the same number of
// iterations; sets `vs_packaged` and `packaged_ns`. Without the packaged
// library only our rate is reported, with the reason as the label.
template <typename Ours, typename PackagedFn>
void RunAgainstPackaged(benchmark::State& state, Ours&& ours,
                        PackagedFn&& packaged) {
  const Packaged& p = GetPackaged();
  auto start = std::chrono::steady_clock::now();
  for (auto _ : state) ours();
  std::chrono::duration<double> ours_s =
      std::chrono::steady_clock::now() - start;
  const int64_t n = state.iterations();
  state.SetItemsProcessed(n);
  if (!p.loaded) {
    state.SetLabel(p.error);
    return;
  }
  auto pstart = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) packaged();
  std::chrono::duration<double> packaged_s =
      std::chrono::steady_clock::now() - pstart;
  state.counters["vs_packaged"] =
      ours_s.count() > 0 ? packaged_s.count() / ours_s.count() : 0;
  state.counters["packaged_ns"] = n > 0 ? packaged_s.count() * 1e9 / n : 0;
  if (p.same_as_linked) state.SetLabel("fallback build: linked = packaged");
}

std::vector<uint8_t> Digest(const char* message) {
  std::vector<uint8_t> digest(SHA256_DIGEST_LENGTH);
  const ct::ByteSpan m = ct::AsBytes(message);
  ::SHA256(m.data(), m.size(), digest.data());
  return digest;
}

void BM_P256Verify(benchmark::State& state) {
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  if (!key || !EC_KEY_generate_key(key.get())) {
    return state.SkipWithError("P-256 key generation failed");
  }
  std::vector<uint8_t> digest = Digest("ctcore P-256 benchmark");
  std::vector<uint8_t> sig(ECDSA_size(key.get()));
  unsigned sig_len = 0;
  if (!ECDSA_sign(0, digest.data(), digest.size(), sig.data(), &sig_len,
                  key.get())) {
    return state.SkipWithError("ECDSA_sign failed");
  }
  sig.resize(sig_len);

  const Packaged& p = GetPackaged();
  EC_KEY* packaged_key = nullptr;  // owned by the packaged library; leaked
  if (p.loaded) {
    uint8_t* der = nullptr;
    int der_len = i2d_EC_PUBKEY(key.get(), &der);
    const uint8_t* in = der;
    packaged_key = der_len > 0 ? p.d2i_EC_PUBKEY(nullptr, &in, der_len) : nullptr;
    OPENSSL_free(der);
    if (packaged_key == nullptr ||
        p.ECDSA_verify(0, digest.data(), digest.size(), sig.data(), sig.size(),
                       packaged_key) != 1) {
      return state.SkipWithError("packaged ECDSA_verify rejects our signature");
    }
  }
  if (ECDSA_verify(0, digest.data(), digest.size(), sig.data(), sig.size(),
                   key.get()) != 1) {
    return state.SkipWithError("ECDSA_verify rejects its own signature");
  }
  RunAgainstPackaged(
      state,
      [&] {
        benchmark::DoNotOptimize(ECDSA_verify(0, digest.data(), digest.size(),
                                              sig.data(), sig.size(),
                                              key.get()));
      },
      [&] {
        benchmark::DoNotOptimize(p.ECDSA_verify(0, digest.data(),
                                                digest.size(), sig.data(),
                                                sig.size(), packaged_key));
      });
}
BENCHMARK(BM_P256Verify);

void BM_Rsa2048Verify(benchmark::State& state) {
  bssl::UniquePtr<RSA> rsa(RSA_new());
  bssl::UniquePtr<BIGNUM> e(BN_new());
  if (!rsa || !e || !BN_set_word(e.get(), RSA_F4) ||
      !RSA_generate_key_ex(rsa.get(), 2048, e.get(), nullptr)) {
    return state.SkipWithError("RSA key generation failed");
  }
  std::vector<uint8_t> digest = Digest("ctcore RSA-2048 benchmark");
  std::vector<uint8_t> sig(RSA_size(rsa.get()));
  unsigned sig_len = 0;
  if (!RSA_sign(NID_sha256, digest.data(), digest.size(), sig.data(), &sig_len,
                rsa.get())) {
    return state.SkipWithError("RSA_sign failed");
  }
  sig.resize(sig_len);

  const Packaged& p = GetPackaged();
  RSA* packaged_rsa = nullptr;  // owned by the packaged library; leaked
  if (p.loaded) {
    uint8_t* der = nullptr;
    size_t der_len = 0;
    if (RSA_public_key_to_bytes(&der, &der_len, rsa.get())) {
      packaged_rsa = p.RSA_public_key_from_bytes(der, der_len);
    }
    OPENSSL_free(der);
    if (packaged_rsa == nullptr ||
        p.RSA_verify(NID_sha256, digest.data(), digest.size(), sig.data(),
                     sig.size(), packaged_rsa) != 1) {
      return state.SkipWithError("packaged RSA_verify rejects our signature");
    }
  }
  if (RSA_verify(NID_sha256, digest.data(), digest.size(), sig.data(),
                 sig.size(), rsa.get()) != 1) {
    return state.SkipWithError("RSA_verify rejects its own signature");
  }
  RunAgainstPackaged(
      state,
      [&] {
        benchmark::DoNotOptimize(RSA_verify(NID_sha256, digest.data(),
                                            digest.size(), sig.data(),
                                            sig.size(), rsa.get()));
      },
      [&] {
        benchmark::DoNotOptimize(p.RSA_verify(NID_sha256, digest.data(),
                                              digest.size(), sig.data(),
                                              sig.size(), packaged_rsa));
      });
}
BENCHMARK(BM_Rsa2048Verify);

void BM_Ed25519Verify(benchmark::State& state) {
  uint8_t public_key[32], private_key[64], sig[64];
  ED25519_keypair(public_key, private_key);
  // About the size of a signed note's body.
  std::vector<uint8_t> message(128, 0x5a);
  if (!ED25519_sign(sig, message.data(), message.size(), private_key) ||
      ED25519_verify(message.data(), message.size(), sig, public_key) != 1) {
    return state.SkipWithError("Ed25519 sign/verify failed");
  }
  const Packaged& p = GetPackaged();
  if (p.loaded &&
      p.ED25519_verify(message.data(), message.size(), sig, public_key) != 1) {
    return state.SkipWithError("packaged ED25519_verify rejects our signature");
  }
  RunAgainstPackaged(
      state,
      [&] {
        benchmark::DoNotOptimize(
            ED25519_verify(message.data(), message.size(), sig, public_key));
      },
      [&] {
        benchmark::DoNotOptimize(
            p.ED25519_verify(message.data(), message.size(), sig, public_key));
      });
}
BENCHMARK(BM_Ed25519Verify);

// SHA-256 of Arg bytes: 64 (one Merkle node) and 16 KiB (bulk).
void BM_Sha256(benchmark::State& state) {
  std::vector<uint8_t> data(state.range(0), 0xa5);
  uint8_t ours[SHA256_DIGEST_LENGTH], packaged[SHA256_DIGEST_LENGTH];
  ::SHA256(data.data(), data.size(), ours);
  const Packaged& p = GetPackaged();
  if (p.loaded) {
    p.SHA256(data.data(), data.size(), packaged);
    if (CRYPTO_memcmp(ours, packaged, sizeof(ours)) != 0) {
      return state.SkipWithError("packaged SHA256 disagrees");
    }
  }
  RunAgainstPackaged(
      state,
      [&] {
        ::SHA256(data.data(), data.size(), ours);
        benchmark::DoNotOptimize(ours);
      },
      [&] {
        p.SHA256(data.data(), data.size(), packaged);
        benchmark::DoNotOptimize(packaged);
      });
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sha256)->Arg(64)->Arg(16384);

}  // namespace
