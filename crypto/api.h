/* api.h - the public API of the split sources: what dtls_crypto.h declares.
 * Tests and the Makefile's split build include this; users include the
 * generated dtls_crypto.h instead. */
#ifndef DTLS_CRYPTO_API_H
#define DTLS_CRYPTO_API_H

#include "prologue.h"
#include "config.h"
#include "algs.h"
#include "error.h"
#include "ct.h"
#include "sha2.h"
#include "hmac.h"
#include "aes.h"
#include "gcm.h"
#include "ccm.h"
#include "chachapoly.h"
#include "x25519.h"
#include "p256.h"
#include "p384.h"
#include "rsa.h"
#include "hooks.h"

#endif /* DTLS_CRYPTO_API_H */
