#include "ct/tiles/checkpoint.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/base/errors.h"

namespace ct {
namespace {

// The structure name in MalformedError messages ("malformed checkpoint: ...").
constexpr absl::string_view kCheckpoint = "malformed checkpoint";

}  // namespace

absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text) {
  if (text.empty() || text.back() != '\n')
    return MalformedError(kCheckpoint, "text does not end in a newline");
  std::vector<absl::string_view> lines =
      absl::StrSplit(text.substr(0, text.size() - 1), '\n');
  if (lines.size() < 3) {
    return MalformedError(kCheckpoint,
                          absl::StrCat("has ", lines.size(), " lines, want at least 3"));
  }
  Checkpoint cp;
  if (lines[0].empty()) return MalformedError(kCheckpoint, "empty origin line");
  cp.origin = std::string(lines[0]);
  // Tree size: decimal ASCII, no sign, no leading zeros ("0" is the empty tree).
  absl::string_view size = lines[1];
  if (size.empty() || size.size() > 20 ||
      size.find_first_not_of("0123456789") != absl::string_view::npos ||
      (size.size() > 1 && size[0] == '0')) {
    return MalformedError(kCheckpoint, absl::StrCat("tree size \"", absl::CHexEscape(size),
                                                    "\" is not a canonical decimal number"));
  }
  uint64_t n = 0;
  for (char c : size) {
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (n > (UINT64_MAX - d) / 10) {
      return MalformedError(kCheckpoint, absl::StrCat("tree size ", size, " overflows uint64"));
    }
    n = n * 10 + d;
  }
  cp.size = n;
  absl::StatusOr<Bytes> root = Base64Decode(lines[2]);
  if (!root.ok()) {
    return MalformedError(kCheckpoint, absl::StrCat("root hash: ", root.status().message()));
  }
  absl::StatusOr<Hash> h = HashFromBytes(*root);
  if (!h.ok()) {
    return MalformedError(kCheckpoint,
                          absl::StrCat("root hash has ", root->size(), " bytes, want 32"));
  }
  cp.root = *h;
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty())
      return MalformedError(kCheckpoint, absl::StrCat("extension line ", i - 2, " is empty"));
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

std::string FormatCheckpoint(const Checkpoint& checkpoint) {
  std::string out = absl::StrCat(checkpoint.origin, "\n", checkpoint.size, "\n",
                                 HashToBase64(checkpoint.root), "\n");
  for (const std::string& e : checkpoint.extensions) absl::StrAppend(&out, e, "\n");
  return out;
}

absl::StatusOr<VerifiedCheckpoint> OpenCheckpoint(
    absl::string_view msg, absl::Span<const NoteVerifier> verifiers,
    absl::string_view want_origin) {
  absl::StatusOr<VerifiedNote> note = OpenNote(msg, verifiers);
  if (!note.ok()) {
    // Classify: a signature that fails (or no known key) is kBadSignature; a
    // malformed note already carries kMalformed; a caller error (ambiguous
    // verifiers) stays unclassified.
    if (absl::IsUnauthenticated(note.status())) {
      return WithKind(note.status(), ErrorKind::kBadSignature);
    }
    return note.status();
  }
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(note->text);
  if (!cp.ok()) return cp.status();
  if (!want_origin.empty() && cp->origin != want_origin) {
    return MakeError(ErrorKind::kBadSignature,
                     absl::StrCat("checkpoint origin \"", absl::CHexEscape(cp->origin),
                                  "\", want \"", absl::CHexEscape(want_origin), "\""));
  }
  bool by_origin = false;
  for (const VerifiedSignature& s : note->verified) by_origin |= s.name == cp->origin;
  if (!by_origin) {
    return MakeError(ErrorKind::kBadSignature,
                     absl::StrCat("no verified signature by a key named after origin \"",
                                  absl::CHexEscape(cp->origin), "\""));
  }
  VerifiedCheckpoint out;
  out.checkpoint = *std::move(cp);
  out.note = *std::move(note);
  return out;
}

}  // namespace ct
