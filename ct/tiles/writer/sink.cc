#include "ct/tiles/writer/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ct {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path,
                        int err) {
  std::string msg = absl::StrFormat("%s %s: %s", what, path, strerror(err));
  switch (err) {
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(msg);
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(msg);
    case ENOTDIR:
    case EEXIST:
      return absl::FailedPreconditionError(msg);
    default:
      return absl::UnavailableError(msg);
  }
}

// MakeDirectories creates `dir` and its missing parents (mode 0755).
absl::Status MakeDirectories(const std::string& dir) {
  if (dir.empty()) return absl::OkStatus();
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return absl::OkStatus();
    return ErrnoError("not a directory:", dir, ENOTDIR);
  }
  const size_t slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    absl::Status s = MakeDirectories(dir.substr(0, slash));
    if (!s.ok()) return s;
  }
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return ErrnoError("cannot create directory", dir, errno);
  }
  return absl::OkStatus();
}

absl::Status CheckPath(absl::string_view path) {
  if (!IsValidResourcePath(path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid resource path \"", absl::CHexEscape(path), "\""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<DirectorySink>> DirectorySink::Create(
    std::string root) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root.empty()) return absl::InvalidArgumentError("directory is empty");
  absl::Status s = MakeDirectories(root);
  if (!s.ok()) return s;
  return std::unique_ptr<DirectorySink>(new DirectorySink(std::move(root)));
}

absl::Status DirectorySink::Put(absl::string_view relative_path,
                                absl::string_view data) {
  absl::Status s = CheckPath(relative_path);
  if (!s.ok()) return s;
  const std::string path = absl::StrCat(root_, "/", relative_path);
  const size_t slash = path.find_last_of('/');
  s = MakeDirectories(path.substr(0, slash));
  if (!s.ok()) return s;
  const std::string tmp = absl::StrCat(path, ".tmp-", getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", tmp, errno);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      close(fd);
      unlink(tmp.c_str());
      return ErrnoError("cannot write", tmp, err);
    }
    done += static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    const int err = errno;
    unlink(tmp.c_str());
    return ErrnoError("cannot close", tmp, err);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    unlink(tmp.c_str());
    return ErrnoError("cannot rename to", path, err);
  }
  return absl::OkStatus();
}

absl::Status MemorySink::Put(absl::string_view path, absl::string_view body) {
  absl::Status s = CheckPath(path);
  if (!s.ok()) return s;
  fetcher_->Put(std::string(path), std::string(body));
  return absl::OkStatus();
}

}  // namespace ct
