// Corpus-replay driver for fuzz targets built outside --config=fuzz.
//
// Each argument is a file or a directory of files; every file's bytes go
// through LLVMFuzzerTestOneInput once. A fuzz target's property checks abort on
// failure, so a non-zero exit means a regression in the seed corpus.
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

int RunFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz_driver: cannot read %s\n", path.c_str());
    return 1;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  // Copy into an exactly-sized heap buffer so ASan catches over-reads.
  std::vector<uint8_t> exact(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size());
  return 0;
}

int RunPath(const std::string& path, int* count) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    std::fprintf(stderr, "fuzz_driver: no such file %s\n", path.c_str());
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    ++*count;
    return RunFile(path);
  }
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) return 1;
  int rc = 0;
  while (struct dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    rc |= RunPath(path + "/" + name, count);
  }
  closedir(dir);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  int count = 0;
  int rc = 0;
  // The empty input is always worth a run.
  LLVMFuzzerTestOneInput(nullptr, 0);
  for (int i = 1; i < argc; ++i) rc |= RunPath(argv[i], &count);
  std::printf("fuzz_driver: replayed %d corpus files\n", count);
  return rc;
}
