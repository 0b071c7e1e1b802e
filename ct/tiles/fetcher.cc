#include "ct/tiles/fetcher.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ct {

std::vector<absl::StatusOr<std::string>> Fetcher::FetchAll(
    absl::Span<const std::string> paths) {
  std::vector<absl::StatusOr<std::string>> out;
  out.reserve(paths.size());
  for (const std::string& p : paths) out.push_back(Fetch(p));
  return out;
}

bool IsValidResourcePath(absl::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  for (char c : path) {
    if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '?' || c == '#' || c == '%') return false;
  }
  for (absl::string_view e : absl::StrSplit(path, '/')) {
    if (e.empty() || e == "." || e == "..") return false;
  }
  return true;
}

bool IsValidRequestPath(absl::string_view path) {
  const size_t q = path.find('?');
  if (q == absl::string_view::npos) return IsValidResourcePath(path);
  if (!IsValidResourcePath(path.substr(0, q))) return false;
  const absl::string_view query = path.substr(q + 1);
  if (query.empty()) return false;
  for (size_t i = 0; i < query.size(); ++i) {
    const char c = query[i];
    if (c == '%') {
      if (i + 2 >= query.size() || !absl::ascii_isxdigit(query[i + 1]) ||
          !absl::ascii_isxdigit(query[i + 2])) {
        return false;
      }
      i += 2;
    } else if (!absl::ascii_isalnum(c) && !absl::StrContains("-._~!$&'()*+,;=:@/?", c)) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::unique_ptr<DirectoryFetcher>> DirectoryFetcher::Create(
    std::string root, size_t max_bytes) {
  struct stat st;
  if (stat(root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::NotFoundError(absl::StrCat("\"", root, "\" is not a directory"));
  }
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return std::unique_ptr<DirectoryFetcher>(new DirectoryFetcher(std::move(root), max_bytes));
}

absl::StatusOr<std::string> DirectoryFetcher::Fetch(absl::string_view path) {
  if (!IsValidResourcePath(path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid resource path \"", absl::CHexEscape(path), "\""));
  }
  std::string full = absl::StrCat(root_, "/", path);
  FILE* f = fopen(full.c_str(), "rb");
  if (f == nullptr) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return absl::NotFoundError(absl::StrCat(path, " not found"));
    }
    return absl::UnavailableError(absl::StrCat("open ", full, ": ", strerror(errno)));
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    return absl::NotFoundError(absl::StrCat(path, " is not a regular file"));
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes_) {
    fclose(f);
    return absl::ResourceExhaustedError(absl::StrCat(
        path, " has ", st.st_size, " bytes, limit ", max_bytes_));
  }
  std::string body(static_cast<size_t>(st.st_size), '\0');
  size_t n = body.empty() ? 0 : fread(body.data(), 1, body.size(), f);
  bool err = ferror(f) != 0;
  fclose(f);
  if (err || n != body.size()) {
    return absl::UnavailableError(absl::StrCat("read ", full, " failed"));
  }
  return body;
}

void MemoryFetcher::Put(std::string path, std::string body) {
  absl::MutexLock lock(&mu_);
  files_[std::move(path)] = std::move(body);
}

void MemoryFetcher::Remove(absl::string_view path) {
  absl::MutexLock lock(&mu_);
  auto it = files_.find(path);
  if (it != files_.end()) files_.erase(it);
}

uint64_t MemoryFetcher::fetch_count() const {
  absl::MutexLock lock(&mu_);
  return fetches_;
}

absl::StatusOr<std::string> MemoryFetcher::Fetch(absl::string_view path) {
  absl::MutexLock lock(&mu_);
  ++fetches_;
  auto it = files_.find(path);
  if (it == files_.end()) return absl::NotFoundError(absl::StrCat(path, " not found"));
  return it->second;
}

}  // namespace ct
