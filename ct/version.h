// File: ct/version.h
// -----------------------------------------------------------------------------
// The version of ctcore, for code that embeds the installed library
// (docs/embedding.md). MAJOR is the ABI generation: it is the number in the
// soname libctcore.so.MAJOR and changes whenever the ABI breaks; MINOR grows
// with backward-compatible additions; PATCH with fixes.
//
// Example:
//   #if CTCORE_VERSION_NUMBER >= CTCORE_MAKE_VERSION(1, 0, 0)
//   ...
//   #endif
#ifndef CT_VERSION_H_
#define CT_VERSION_H_

#define CTCORE_VERSION_MAJOR 1
#define CTCORE_VERSION_MINOR 2
#define CTCORE_VERSION_PATCH 0

// CTCORE_MAKE_VERSION packs a version into one comparable integer.
#define CTCORE_MAKE_VERSION(major, minor, patch) \
  ((major) * 1000000 + (minor) * 1000 + (patch))
#define CTCORE_VERSION_NUMBER \
  CTCORE_MAKE_VERSION(CTCORE_VERSION_MAJOR, CTCORE_VERSION_MINOR, CTCORE_VERSION_PATCH)
#define CTCORE_VERSION_STRING "1.2.0"

#endif  // CT_VERSION_H_
