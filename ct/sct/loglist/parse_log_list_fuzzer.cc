// Fuzz target: ParseLogList never crashes, and every list it accepts is
// consistent: each log's ID is SHA-256 of its key, FindLog returns exactly
// that log, IDs are unique, and OperatorAt honours the sorted history.
#include <openssl/mem.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstdlib>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/loglist/parse_log_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view json = ct::AsChars(ct::ByteSpan(data, size));
  absl::StatusOr<ct::LogList> list = ct::ParseLogList(json);
  if (!list.ok()) {
    if (list.status().message().empty()) std::abort();
    return 0;
  }
  for (const ct::LogInfo& log : list->logs()) {
    if (log.key.empty()) std::abort();
    ct::LogId h;
    SHA256(log.key.data(), log.key.size(), h.data());
    if (CRYPTO_memcmp(h.data(), log.log_id.data(), h.size()) != 0) std::abort();
    if (list->FindLog(log.log_id) != &log) std::abort();
    if (log.api == ct::LogApi::kStaticCt &&
        (log.submission_url.empty() || log.monitoring_url.empty()))
      std::abort();
    if (log.api == ct::LogApi::kRfc6962 && log.url.empty()) std::abort();
    // Tiled logs carry the static-ct-api origin of their submission prefix.
    if (log.api == ct::LogApi::kStaticCt &&
        (log.origin_source != ct::OriginSource::kSubmissionUrl || log.origin.empty() ||
         log.origin.back() == '/' || log.submission_url.find(log.origin) == std::string::npos))
      std::abort();
    for (size_t i = 0; i < log.previous_operators.size(); ++i) {
      const ct::PreviousOperator& prev = log.previous_operators[i];
      if (i > 0 && !(log.previous_operators[i - 1].end_time < prev.end_time))
        std::abort();
      // End times are strictly increasing with nanosecond resolution, so one
      // nanosecond before its end_time this previous operator is in charge.
      if (ct::OperatorAt(log, prev.end_time - absl::Nanoseconds(1)) != prev.name)
        std::abort();
    }
    if (ct::OperatorAt(log, absl::InfiniteFuture()) != log.operator_name)
      std::abort();
  }
  return 0;
}
