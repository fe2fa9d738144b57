/* all.h - every protocol module header, for the split build and its tests.
 * (The generated dtls.h holds the same declarations.) */
#ifndef DTLS_PROTO_ALL_H
#define DTLS_PROTO_ALL_H

#include "../crypto/api.h"
#include "../crypto/internal.h"
#include "version.h"
#include "buf.h"
#include "replay.h"
#include "record.h"
#include "msg.h"
#include "hs_msg.h"
#include "suites.h"
#include "keys.h"
#include "cookie.h"
#include "x509.h"
#include "der.h"
#include "api.h"
#include "engine.h"
#include "heartbeat.h"
#include "srtp.h"
#include "session.h"

#endif /* DTLS_PROTO_ALL_H */
