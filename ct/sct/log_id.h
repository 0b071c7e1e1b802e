// File: ct/sct/log_id.h
// -----------------------------------------------------------------------------
// The one definition of a CT log's ID: SHA-256 of its DER SubjectPublicKeyInfo
// (RFC 6962 §3.2). A LogId is a ct::Hash, so HashToBase64 / HashToHex
// (ct/merkle/hash.h) write it and HashesEqual compares it.
//
// Bytes convention: see ct/base/bytes.h (binary in as ct::ByteSpan).
//
// Example:
//   ct::LogId id = ct::LogIdFromKey(spki_der);
//   std::string b64 = ct::HashToBase64(id);  // as in log lists
#ifndef CT_SCT_LOG_ID_H_
#define CT_SCT_LOG_ID_H_

#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"

namespace ct {

// LogId is a log's ID: SHA-256 of its DER SubjectPublicKeyInfo (RFC 6962
// §3.2). Copyable and movable.
using LogId = Hash;

// LogIdFromKey returns SHA-256(`spki_der`). It does not parse the key.
LogId LogIdFromKey(ByteSpan spki_der);

}  // namespace ct

#endif  // CT_SCT_LOG_ID_H_
