/* soc/soc_caps.h - from ESP-IDF components/soc/<target>/include/soc/soc_caps.h (v4.4):
 * esp32 line 272 SOC_SHA_SUPPORT_PARALLEL_ENG, lines 287-288 AES-192/256;
 * esp32c3 line 190 SOC_SHA_SUPPORT_DMA, line 42 AES-256 (no AES-192). */
#ifndef DTLS_DECL_SOC_CAPS_H
#define DTLS_DECL_SOC_CAPS_H
#include "sdkconfig.h"
#if defined(CONFIG_IDF_TARGET_ESP32)
#define SOC_SHA_SUPPORT_PARALLEL_ENG (1)
#define SOC_AES_SUPPORT_AES_192 (1)
#define SOC_AES_SUPPORT_AES_256 (1)
#else /* esp32c3 */
#define SOC_SHA_SUPPORT_DMA (1)
#define SOC_AES_SUPPORT_AES_256 (1)
#endif
#endif
