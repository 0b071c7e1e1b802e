// Fuzz target: EventFromJson never crashes, fails only with kMalformed, and
// an event it accepts survives EventToJson: the JSON written for it parses
// back to the same event, and writing that again gives the same bytes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/monitor/event.h"

namespace {

bool Same(const ct::MonitorEvent& a, const ct::MonitorEvent& b) {
  return a.id == b.id && a.kind == b.kind && a.log == b.log && a.log_id == b.log_id &&
         a.log_url == b.log_url && a.index == b.index && a.timestamp_ms == b.timestamp_ms &&
         a.precertificate == b.precertificate && a.names == b.names &&
         a.ip_addresses == b.ip_addresses && a.matched == b.matched &&
         a.tbs_sha256 == b.tbs_sha256 && a.cert_sha256 == b.cert_sha256 &&
         a.pubkey_sha256 == b.pubkey_sha256 && a.subject == b.subject &&
         a.issuer == b.issuer && a.issuer_org == b.issuer_org && a.serial == b.serial &&
         a.not_before == b.not_before && a.not_after == b.not_after && a.verdict == b.verdict &&
         a.reasons == b.reasons && a.error == b.error && a.evidence_old == b.evidence_old &&
         a.evidence_new == b.evidence_new;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input = ct::AsChars(ct::ByteSpan(data, size));
  absl::StatusOr<ct::MonitorEvent> event = ct::EventFromJson(input);
  if (!event.ok()) {
    if (ct::ErrorKindOf(event.status()) != ct::ErrorKind::kMalformed) abort();
    return 0;
  }
  const std::string json = ct::EventToJson(*event);
  absl::StatusOr<ct::MonitorEvent> again = ct::EventFromJson(json);
  if (!again.ok() || !Same(*event, *again)) abort();
  if (ct::EventToJson(*again) != json) abort();
  // The other forms must not crash either.
  (void)ct::EventText(*event);
  (void)ct::EventEnvironment(*event);
  return 0;
}
