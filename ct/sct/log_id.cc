#include "ct/sct/log_id.h"

#include <openssl/sha.h>

namespace ct {

LogId LogIdFromKey(ByteSpan spki_der) {
  LogId id;
  SHA256(spki_der.data(), spki_der.size(), id.data());
  return id;
}

}  // namespace ct
