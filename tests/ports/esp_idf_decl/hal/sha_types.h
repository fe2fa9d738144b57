/* hal/sha_types.h - esp_sha_type for the ESP32-C3: ESP-IDF
 * components/hal/include/hal/sha_types.h (v4.4: "typedef SHA_TYPE
 * esp_sha_type;") over components/esp_rom/include/esp32c3/rom/sha.h (v4.4
 * lines 25-30: SHA1 = 0, SHA2_224, SHA2_256, SHA_TYPE_MAX).  The ESP32's enum
 * differs (esp32/rom/sha.h: SHA2_256 = 1); the port names the constant only. */
#ifndef DTLS_DECL_HAL_SHA_TYPES_H
#define DTLS_DECL_HAL_SHA_TYPES_H
typedef enum { SHA1 = 0, SHA2_224, SHA2_256, SHA_TYPE_MAX } SHA_TYPE; /* esp32c3/rom/sha.h */
typedef SHA_TYPE esp_sha_type;                                        /* hal/sha_types.h */
#endif
