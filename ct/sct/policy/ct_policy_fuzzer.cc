// Fuzz target: EvaluateCtPolicy on arbitrary SCT sets over a fixed synthetic
// log list never crashes, and its verdicts are consistent: they do not depend
// on the order of the SCTs, a compliant verdict always rests on valid SCTs
// from at least two distinct known logs, and invalid SCTs never matter. The
// compliance enum agrees with `compliant`/`enforced`, and every reason line
// has its code.
#include <openssl/sha.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/policy/ct_policy.h"

namespace {

const absl::Time kBase = absl::FromUnixSeconds(1767225600);  // 2026-01-01

ct::LogList MakeList() {
  const ct::LogState states[] = {
      ct::LogState::kUsable,  ct::LogState::kQualified, ct::LogState::kReadOnly,
      ct::LogState::kRetired, ct::LogState::kPending,   ct::LogState::kRejected,
      ct::LogState::kNone,    ct::LogState::kUsable};
  std::vector<ct::LogInfo> logs;
  for (int i = 0; i < 8; ++i) {
    ct::LogInfo log;
    log.description = "log" + std::to_string(i);
    log.operator_name = "op" + std::to_string(i % 3);
    std::string key = "key" + std::to_string(i);
    log.key.assign(key.begin(), key.end());
    SHA256(log.key.data(), log.key.size(), log.log_id.data());
    log.state = states[i];
    log.state_timestamp = kBase + absl::Hours(24 * i);
    log.api = i % 4 == 1 ? ct::LogApi::kStaticCt : ct::LogApi::kRfc6962;
    if (i == 7) {
      log.previous_operators.push_back({"old", kBase + absl::Hours(100)});
    }
    logs.push_back(log);
  }
  return *ct::LogList::Create("fuzz", kBase + absl::Hours(24 * 30), logs);
}

uint64_t Take(const uint8_t*& p, const uint8_t* end, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n && p < end; ++i) v = (v << 8) | *p++;
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ct::LogList* list = new ct::LogList(MakeList());
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  ct::CertificateValidity cert;
  cert.not_before = kBase + absl::Seconds(Take(p, end, 3));
  cert.not_after = cert.not_before + absl::Seconds(Take(p, end, 4));
  absl::Time at = kBase + absl::Seconds(Take(p, end, 4));
  std::vector<ct::SctVerification> scts;
  while (p < end && scts.size() < 16) {
    uint8_t b = static_cast<uint8_t>(Take(p, end, 1));
    ct::SctVerification sct;
    size_t log = b % 9;  // 8 = unknown log
    if (log < list->logs().size()) sct.log_id = list->logs()[log].log_id;
    sct.source = static_cast<ct::SctSource>((b >> 4) % 3);
    sct.status = (b & 0x40) == 0 ? ct::SctStatus::kValid
                                 : ct::SctStatus::kInvalidSignature;
    sct.timestamp_ms = b & 0x80 ? Take(p, end, 8)
                                : absl::ToUnixMillis(kBase) + Take(p, end, 4) * 1000;
    sct.sct.emplace();
    sct.sct->log_id = sct.log_id;
    sct.sct->timestamp = sct.timestamp_ms;
    scts.push_back(sct);
  }
  std::vector<ct::SctVerification> reversed(scts.rbegin(), scts.rend());
  std::vector<ct::SctVerification> only_valid;
  for (const auto& s : scts) {
    if (s.status == ct::SctStatus::kValid) only_valid.push_back(s);
  }
  for (ct::CtPolicy policy : {ct::kChromeCurrent, ct::kAppleCurrent}) {
    auto r = ct::EvaluateCtPolicy(policy, cert, scts, *list, at);
    if (!r.ok()) std::abort();  // inputs are always finite and ordered
    auto rev = ct::EvaluateCtPolicy(policy, cert, reversed, *list, at);
    auto valid = ct::EvaluateCtPolicy(policy, cert, only_valid, *list, at);
    if (!rev.ok() || !valid.ok()) std::abort();
    if (rev->compliant != r->compliant || rev->enforced != r->enforced) {
      std::abort();
    }
    if (valid->compliant != r->compliant) std::abort();
    if (rev->compliance != r->compliance) std::abort();
    if (r->reasons.empty()) std::abort();
    if (r->reason_codes.size() != r->reasons.size()) std::abort();
    if (!r->enforced) {
      if (r->compliance != ct::CtCompliance::kLogListStale) std::abort();
    } else if (r->compliant != (r->compliance == ct::CtCompliance::kCompliant)) {
      std::abort();
    }
    if (r->compliant) {
      std::set<ct::LogId> known;
      for (const auto& s : scts) {
        if (s.status == ct::SctStatus::kValid && list->FindLog(s.log_id) != nullptr) {
          known.insert(s.log_id);
        }
      }
      if (known.size() < 2) std::abort();
    }
  }
  return 0;
}
