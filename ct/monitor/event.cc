#include "ct/monitor/event.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ct/base/errors.h"

namespace ct {
namespace {

// ordered_json keeps the keys in the documented order (docs/monitor.md).
using Json = nlohmann::ordered_json;

// Certificate validity: RFC 3339 UTC, fractional seconds only when present.
constexpr char kTimeFormat[] = "%Y-%m-%dT%H:%M:%E*SZ";
// Entry timestamps: RFC 3339 UTC with milliseconds (RFC 6962 §3.2 times are
// milliseconds since the epoch).
constexpr char kMillisFormat[] = "%Y-%m-%dT%H:%M:%E3SZ";
// 9999-12-31T23:59:59.999Z, the last instant RFC 3339 can write; a larger
// entry timestamp (which no honest log produces) is written as a number.
constexpr uint64_t kMaxRfc3339Millis = 253402300799999;

// Rfc3339 formats `t` in UTC with a four-digit year (absl's %Y does not pad);
// a year outside 0000-9999 is written as absl does and does not parse back.
std::string Rfc3339(absl::Time t, const char* format = kTimeFormat) {
  const int64_t year = absl::ToCivilSecond(t, absl::UTCTimeZone()).year();
  if (year < 0 || year > 9999) return absl::FormatTime(format, t, absl::UTCTimeZone());
  // Both formats start with "%Y".
  return absl::StrCat(absl::Dec(year, absl::kZeroPad4),
                      absl::FormatTime(format + 2, t, absl::UTCTimeZone()));
}

// ParseRfc3339 reads what Rfc3339 writes: "YYYY-MM-DDTHH:MM:SS[.fraction]Z".
bool ParseRfc3339(absl::string_view text, absl::Time* out) {
  // The shape is checked here because absl::ParseTime also takes other widths
  // and surrounding space.
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:dd";
  constexpr size_t kShapeLen = sizeof(kShape) - 1;
  if (text.size() < kShapeLen + 1 || text.back() != 'Z') return false;
  for (size_t i = 0; i < kShapeLen; ++i) {
    if (kShape[i] == 'd' ? !absl::ascii_isdigit(text[i]) : text[i] != kShape[i]) return false;
  }
  absl::string_view frac = text.substr(kShapeLen, text.size() - kShapeLen - 1);
  if (!frac.empty()) {
    if (frac.size() < 2 || frac[0] != '.') return false;
    for (char c : frac.substr(1)) {
      if (!absl::ascii_isdigit(c)) return false;
    }
  }
  std::string err;
  return absl::ParseTime(kTimeFormat, text, absl::UTCTimeZone(), out, &err);
}

// IsLowerHex reports whether `s` is only the characters [0-9a-f].
bool IsLowerHex(absl::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f'); });
}

// Reader reads the keys of one JSON object into a MonitorEvent; the first
// problem is kept in `error` and later reads are no-ops.
class Reader {
 public:
  explicit Reader(const Json& object) : object_(object) {}

  const std::string& error() const { return error_; }

  // Find returns the value of `key`, or nullptr (recording an error if
  // `required`).
  const Json* Find(const char* key, bool required) {
    if (!error_.empty()) return nullptr;
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) Fail(key, "missing");
      return nullptr;
    }
    return &it.value();
  }

  void String(const char* key, std::string* out, bool required = true) {
    const Json* v = Find(key, required);
    if (v == nullptr) return;
    if (!v->is_string()) return Fail(key, "not a string");
    *out = v->get_ref<const std::string&>();
  }

  void Uint(const char* key, uint64_t* out) {
    const Json* v = Find(key, true);
    if (v == nullptr) return;
    if (!v->is_number_unsigned()) return Fail(key, "not an unsigned integer");
    *out = v->get<uint64_t>();
  }

  void Bool(const char* key, bool* out) {
    const Json* v = Find(key, true);
    if (v == nullptr) return;
    if (!v->is_boolean()) return Fail(key, "not a boolean");
    *out = v->get<bool>();
  }

  void Strings(const char* key, std::vector<std::string>* out) {
    const Json* v = Find(key, true);
    if (v == nullptr) return;
    if (!v->is_array()) return Fail(key, "not an array");
    out->clear();
    for (const Json& s : *v) {
      if (!s.is_string()) return Fail(key, "holds a value that is not a string");
      out->push_back(s.get_ref<const std::string&>());
    }
  }

  void HashHex(const char* key, Hash* out) {
    std::string text;
    String(key, &text);
    if (!error_.empty()) return;
    if (text.size() != 2 * kHashSize || !IsLowerHex(text)) {
      return Fail(key, "not 64 lowercase hex digits");
    }
    absl::StatusOr<Hash> h = HashFromText(text);
    if (!h.ok()) return Fail(key, "not a hash");
    *out = *h;
  }

  void Time(const char* key, absl::Time* out) {
    std::string text;
    String(key, &text);
    if (!error_.empty()) return;
    if (!ParseRfc3339(text, out)) Fail(key, "not an RFC 3339 UTC time");
  }

  // TimestampMs reads the optional entry timestamp: RFC 3339 with whole
  // milliseconds, or a number of milliseconds past year 9999.
  void TimestampMs(const char* key, uint64_t* out) {
    const Json* v = Find(key, false);
    if (v == nullptr) return;
    if (v->is_number_unsigned()) {
      uint64_t ms = v->get<uint64_t>();
      if (ms <= kMaxRfc3339Millis) return Fail(key, "a number for a time RFC 3339 can write");
      *out = ms;
      return;
    }
    absl::Time t;
    if (!v->is_string() || !ParseRfc3339(v->get_ref<const std::string&>(), &t)) {
      return Fail(key, "not an RFC 3339 UTC time");
    }
    if (t <= absl::UnixEpoch() || t != absl::FromUnixMillis(absl::ToUnixMillis(t))) {
      return Fail(key, "not a whole number of milliseconds after 1970");
    }
    *out = static_cast<uint64_t>(absl::ToUnixMillis(t));
  }

  void Fail(absl::string_view key, absl::string_view why) {
    if (error_.empty()) error_ = absl::StrCat("\"", key, "\" ", why);
  }

 private:
  const Json& object_;
  std::string error_;
};

// Printable returns `s` for a one-line text: control characters, '"' and
// '\' escaped as in C; other bytes (UTF-8) kept.
std::string Printable(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7f) {
      absl::StrAppend(&out, "\\x", absl::Hex(static_cast<unsigned>(u), absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Quoted(absl::string_view s) { return absl::StrCat("\"", Printable(s), "\""); }

// kMaxEnvValue bounds one environment value: Linux refuses to exec with a
// single "NAME=value" string over 128 KiB, and a certificate may carry
// thousands of names. The JSON on stdin has everything.
constexpr size_t kMaxEnvValue = 16 * 1024;

// EnvValue returns `s` without NUL bytes, which an environment cannot hold,
// cut to kMaxEnvValue bytes.
std::string EnvValue(absl::string_view s) {
  std::string out(s.substr(0, kMaxEnvValue));
  out.erase(std::remove(out.begin(), out.end(), '\0'), out.end());
  return out;
}

// EnvList joins `items` with ',' keeping only the whole items that fit in
// kMaxEnvValue bytes.
std::string EnvList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (out.size() + item.size() + 1 > kMaxEnvValue) break;
    if (!out.empty()) out.push_back(',');
    out += item;
  }
  return out;
}

// CertspotterEventName returns certspotter's EVENT value for `kind`.
absl::string_view CertspotterEventName(EventKind kind) {
  switch (kind) {
    case EventKind::kCertificate:
      return "discovered_cert";
    case EventKind::kMalformedEntry:
      return "malformed_cert";
    case EventKind::kLogMisbehavior:
      return "error";
  }
  return "error";
}

}  // namespace

absl::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kCertificate:
      return "certificate";
    case EventKind::kMalformedEntry:
      return "malformed_entry";
    case EventKind::kLogMisbehavior:
      return "log_misbehavior";
  }
  return "unknown";
}

std::string EventToJson(const MonitorEvent& e) {
  Json j = Json::object();
  j["id"] = e.id;
  j["event"] = std::string(EventKindName(e.kind));
  j["log"] = e.log;
  j["log_id"] = e.log_id;
  if (!e.log_url.empty()) j["log_url"] = e.log_url;
  auto timestamp = [&] {
    if (e.timestamp_ms == 0) return;
    if (e.timestamp_ms > kMaxRfc3339Millis) {
      j["timestamp"] = e.timestamp_ms;
    } else {
      j["timestamp"] =
          Rfc3339(absl::FromUnixMillis(static_cast<int64_t>(e.timestamp_ms)), kMillisFormat);
    }
  };
  switch (e.kind) {
    case EventKind::kCertificate:
      j["index"] = e.index;
      timestamp();
      j["precertificate"] = e.precertificate;
      j["names"] = e.names;
      j["ip_addresses"] = e.ip_addresses;
      j["matched"] = e.matched;
      j["tbs_sha256"] = HashToHex(e.tbs_sha256);
      j["cert_sha256"] = HashToHex(e.cert_sha256);
      j["pubkey_sha256"] = HashToHex(e.pubkey_sha256);
      j["subject"] = e.subject;
      j["issuer"] = e.issuer;
      j["issuer_org"] = e.issuer_org;
      j["serial"] = e.serial;
      j["not_before"] = Rfc3339(e.not_before);
      j["not_after"] = Rfc3339(e.not_after);
      j["verdict"] = e.verdict;
      j["reasons"] = e.reasons;
      break;
    case EventKind::kMalformedEntry:
      j["index"] = e.index;
      timestamp();
      j["error"] = e.error;
      break;
    case EventKind::kLogMisbehavior:
      j["error"] = e.error;
      j["evidence"] = Json::object();
      j["evidence"]["old"] = e.evidence_old;
      j["evidence"]["new"] = e.evidence_new;
      break;
  }
  // Strings from certificates are bytes: invalid UTF-8 becomes U+FFFD rather
  // than an exception (and so cannot round-trip; valid UTF-8 always does).
  return j.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

absl::StatusOr<MonitorEvent> EventFromJson(absl::string_view json) {
  const Json j = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return MalformedError("monitor event", "not JSON");
  if (!j.is_object()) return MalformedError("monitor event", "not a JSON object");
  MonitorEvent e;
  Reader r(j);
  std::string kind;
  r.String("id", &e.id);
  r.String("event", &kind);
  if (!r.error().empty()) return MalformedError("monitor event", r.error());
  if (kind == EventKindName(EventKind::kCertificate)) {
    e.kind = EventKind::kCertificate;
  } else if (kind == EventKindName(EventKind::kMalformedEntry)) {
    e.kind = EventKind::kMalformedEntry;
  } else if (kind == EventKindName(EventKind::kLogMisbehavior)) {
    e.kind = EventKind::kLogMisbehavior;
  } else {
    return MalformedError("monitor event", "\"event\" is not a known kind");
  }
  r.String("log", &e.log);
  r.String("log_id", &e.log_id);
  r.String("log_url", &e.log_url, /*required=*/false);
  // Only the keys EventToJson writes for the kind are read; others (such as
  // the webhook's "text") are ignored.
  switch (e.kind) {
    case EventKind::kCertificate:
      r.Uint("index", &e.index);
      r.TimestampMs("timestamp", &e.timestamp_ms);
      r.Bool("precertificate", &e.precertificate);
      r.Strings("names", &e.names);
      r.Strings("ip_addresses", &e.ip_addresses);
      r.Strings("matched", &e.matched);
      r.HashHex("tbs_sha256", &e.tbs_sha256);
      r.HashHex("cert_sha256", &e.cert_sha256);
      r.HashHex("pubkey_sha256", &e.pubkey_sha256);
      r.String("subject", &e.subject);
      r.String("issuer", &e.issuer);
      r.String("issuer_org", &e.issuer_org);
      r.String("serial", &e.serial);
      r.Time("not_before", &e.not_before);
      r.Time("not_after", &e.not_after);
      r.String("verdict", &e.verdict);
      r.Strings("reasons", &e.reasons);
      break;
    case EventKind::kMalformedEntry:
      r.Uint("index", &e.index);
      r.TimestampMs("timestamp", &e.timestamp_ms);
      r.String("error", &e.error);
      break;
    case EventKind::kLogMisbehavior: {
      r.String("error", &e.error);
      const Json* evidence = r.Find("evidence", true);
      if (evidence != nullptr) {
        if (!evidence->is_object()) {
          r.Fail("evidence", "not an object");
        } else {
          Reader ev(*evidence);
          ev.String("old", &e.evidence_old);
          ev.String("new", &e.evidence_new);
          if (!ev.error().empty()) r.Fail("evidence", ev.error());
        }
      }
      break;
    }
  }
  if (!r.error().empty()) return MalformedError("monitor event", r.error());
  return e;
}

std::string EventText(const MonitorEvent& e) {
  const std::string where = absl::StrCat(" log=", Quoted(e.log));
  switch (e.kind) {
    case EventKind::kCertificate: {
      std::string out = absl::AsciiStrToUpper(e.verdict.empty() ? "certificate" : e.verdict);
      std::vector<std::string> ids = e.names;
      ids.insert(ids.end(), e.ip_addresses.begin(), e.ip_addresses.end());
      constexpr size_t kMaxShown = 5;
      const size_t shown = std::min(ids.size(), kMaxShown);
      absl::StrAppend(&out, " ",
                      Printable(absl::StrJoin(ids.begin(), ids.begin() + shown, ",")));
      if (ids.size() > shown) absl::StrAppend(&out, " (+", ids.size() - shown, " more)");
      if (!e.reasons.empty()) absl::StrAppend(&out, " (", Printable(EnvList(e.reasons)), ")");
      if (e.precertificate) absl::StrAppend(&out, " precertificate");
      absl::StrAppend(&out, " issuer=", Quoted(e.issuer_org.empty() ? e.issuer : e.issuer_org),
                      where, " index=", e.index);
      return out;
    }
    case EventKind::kMalformedEntry:
      return absl::StrCat("MALFORMED_ENTRY", where, " index=", e.index,
                          " error=", Quoted(e.error));
    case EventKind::kLogMisbehavior:
      return absl::StrCat("LOG_MISBEHAVIOR", where, " error=", Quoted(e.error),
                          " (this log is no longer monitored)");
  }
  return "";
}

std::vector<std::pair<std::string, std::string>> EventEnvironment(const MonitorEvent& e) {
  std::vector<std::pair<std::string, std::string>> env;
  auto add = [&env](absl::string_view name, absl::string_view value) {
    env.emplace_back(std::string(name), EnvValue(value));
  };
  add("EVENT", CertspotterEventName(e.kind));
  add("SUMMARY", EventText(e));
  add("CT_EVENT", EventKindName(e.kind));
  add("CT_EVENT_ID", e.id);
  add("CT_LOG", e.log);
  add("CT_LOG_ID", e.log_id);
  add("LOG_URI", e.log_url);
  switch (e.kind) {
    case EventKind::kCertificate:
      add("WATCH_ITEM", e.matched.empty() ? "" : e.matched.front());
      add("ENTRY_INDEX", absl::StrCat(e.index));
      add("TBS_SHA256", HashToHex(e.tbs_sha256));
      add("CERT_SHA256", HashToHex(e.cert_sha256));
      add("PUBKEY_SHA256", HashToHex(e.pubkey_sha256));
      add("SUBJECT_DN", e.subject);
      add("ISSUER_DN", e.issuer);
      add("SERIAL", e.serial);
      add("NOT_BEFORE", Rfc3339(e.not_before));
      add("NOT_BEFORE_RFC3339", Rfc3339(e.not_before));
      add("NOT_BEFORE_UNIXTIME", absl::StrCat(absl::ToUnixSeconds(e.not_before)));
      add("NOT_AFTER", Rfc3339(e.not_after));
      add("NOT_AFTER_RFC3339", Rfc3339(e.not_after));
      add("NOT_AFTER_UNIXTIME", absl::StrCat(absl::ToUnixSeconds(e.not_after)));
      add("CT_PRECERTIFICATE", e.precertificate ? "yes" : "no");
      add("CT_VERDICT", e.verdict);
      add("CT_REASONS", EnvList(e.reasons));
      add("CT_MATCHED", EnvList(e.matched));
      add("CT_DNS_NAMES", EnvList(e.names));
      add("CT_IP_ADDRESSES", EnvList(e.ip_addresses));
      add("CT_ISSUER_ORG", e.issuer_org);
      break;
    case EventKind::kMalformedEntry:
      add("ENTRY_INDEX", absl::StrCat(e.index));
      add("PARSE_ERROR", e.error);
      add("CT_ERROR", e.error);
      break;
    case EventKind::kLogMisbehavior:
      add("CT_ERROR", e.error);
      break;
  }
  return env;
}

}  // namespace ct
