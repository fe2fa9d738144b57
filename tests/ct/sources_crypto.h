/* sources_crypto.h - the crypto core's sources, in the amalgamation's order,
 * for the constant-time harnesses that compile the library into their own
 * translation unit (with their declassification hooks defined first). */
#include "../../crypto/error.c"
#include "../../crypto/ct.c"
#include "../../crypto/sha2.c"
#include "../../crypto/hmac.c"
#include "../../crypto/aes.c"
#include "../../crypto/gcm.c"
#include "../../crypto/ccm.c"
#include "../../crypto/chachapoly.c"
#include "../../crypto/x25519.c"
#include "../../crypto/ecc.c"
#include "../../crypto/p256.c"
#include "../../crypto/p384.c"
#include "../../crypto/bignum.c"
#include "../../crypto/rsa.c"
#include "../../crypto/hooks.c"
