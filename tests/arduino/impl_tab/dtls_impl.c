/* dtls_impl.c - a sketch tab that compiles dtls.h's implementation with the
 * sketch's options (see impl_tab.ino). */
#define DTLS_ENABLE_CERTS 0
#define DTLS_IMPLEMENTATION 1
#include <dtls.h>
