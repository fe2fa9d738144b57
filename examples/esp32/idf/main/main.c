/* main.c - a PSK DTLS client on ESP-IDF: joins Wi-Fi, does a handshake with
 * build/dtls-server on a PC (README.md), then sends a line every 5 seconds
 * and logs what comes back (run the server with --echo).  The AES and
 * SHA-256 peripherals serve as crypto hooks (port/esp_idf.h).
 *
 * The engine is driven by hand (dtls_conn_input / dtls_conn_timer) from a
 * task of its own, whose stack is sized in menuconfig (README.md: the
 * measured figures).  Every large object is static, not on that stack. */
#include <stdio.h>
#include <string.h>

#include "esp_event.h"
#include "esp_log.h"
#include "esp_netif.h"
#include "esp_wifi.h"
#include "freertos/FreeRTOS.h"
#include "freertos/event_groups.h"
#include "freertos/task.h"
#include "nvs_flash.h"

#include "dtls.h"
#include "port/esp_idf.h"

static const char *TAG = "dtls";
static EventGroupHandle_t s_net;
#define GOT_IP BIT0

static void on_event(void *arg, esp_event_base_t base, int32_t id, void *data)
{
    (void)arg;
    (void)data;
    if (base == WIFI_EVENT && (id == WIFI_EVENT_STA_START || id == WIFI_EVENT_STA_DISCONNECTED))
        esp_wifi_connect(); /* (re)join */
    else if (base == IP_EVENT && id == IP_EVENT_STA_GOT_IP)
        xEventGroupSetBits(s_net, GOT_IP);
}

static int wifi_join(void)
{
    wifi_init_config_t init = WIFI_INIT_CONFIG_DEFAULT();
    wifi_config_t wc;
    s_net = xEventGroupCreate();
    if (esp_netif_init() != ESP_OK || esp_event_loop_create_default() != ESP_OK)
        return -1;
    esp_netif_create_default_wifi_sta();
    if (esp_wifi_init(&init) != ESP_OK)
        return -1;
    esp_event_handler_register(WIFI_EVENT, ESP_EVENT_ANY_ID, on_event, NULL);
    esp_event_handler_register(IP_EVENT, IP_EVENT_STA_GOT_IP, on_event, NULL);
    memset(&wc, 0, sizeof wc);
    strncpy((char *)wc.sta.ssid, CONFIG_DTLS_EXAMPLE_WIFI_SSID, sizeof wc.sta.ssid);
    strncpy((char *)wc.sta.password, CONFIG_DTLS_EXAMPLE_WIFI_PASSWORD, sizeof wc.sta.password);
    if (esp_wifi_set_mode(WIFI_MODE_STA) != ESP_OK || esp_wifi_set_config(WIFI_IF_STA, &wc) != ESP_OK ||
        esp_wifi_start() != ESP_OK)
        return -1;
    ESP_LOGI(TAG, "joining Wi-Fi \"%s\"", CONFIG_DTLS_EXAMPLE_WIFI_SSID);
    xEventGroupWaitBits(s_net, GOT_IP, pdFALSE, pdTRUE, portMAX_DELAY);
    return 0;
}

/* hex (the menuconfig string) to bytes: the length, or -1 */
static int unhex(uint8_t *out, size_t cap, const char *hex)
{
    size_t n = 0;
    while (hex[0] != 0 && hex[1] != 0) {
        unsigned v = 0;
        int i;
        for (i = 0; i < 2; i++) {
            char c = hex[i];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= (unsigned)(c - 'A' + 10);
            else
                return -1;
        }
        if (n == cap)
            return -1;
        out[n++] = (uint8_t)v;
        hex += 2;
    }
    return (hex[0] == 0 && n > 0) ? (int)n : -1;
}

static const uint16_t suites[] = {DTLS_PSK_WITH_AES_128_CCM_8, DTLS_PSK_WITH_AES_128_GCM_SHA256};
static dtls_crypto_hooks hooks;
static dtls_esp_idf_hw hw;
static dtls_esp_idf_udp udp;
static dtls_config cfg;
static dtls_ctx ctx;
static dtls_hs hs;
static dtls_conn conn;
static uint8_t tx[1232], rx[1232], psk[64], msg[256];

/* Waits for a datagram or the connection's deadline, whichever is first,
 * and hands it to the engine.  The connection's error, or 0. */
static int step(void)
{
    uint32_t at, wait = 1000, now = dtls_esp_idf_now_ms(NULL);
    int n, rc = 0;
    if (dtls_conn_deadline(&conn, &at))
        wait = (int32_t)(at - now) > 0 ? at - now : 0;
    n = dtls_esp_idf_recv(&udp, rx, sizeof rx, NULL, NULL, wait);
    if (n > 0)
        rc = dtls_conn_input(&conn, rx, (size_t)n);
    else if (dtls_conn_deadline(&conn, &at) && (int32_t)(dtls_esp_idf_now_ms(NULL) - at) >= 0)
        rc = dtls_conn_timer(&conn); /* retransmission, or a hook's pending work */
    return rc == DTLS_ERR_IN_PROGRESS ? 0 : rc;
}

static void dtls_task(void *arg)
{
    uint8_t addr[DTLS_MAX_ADDR];
    size_t alen = sizeof addr;
    char port[8];
    int klen, rc = 0, len;
    uint32_t next = 0;
    (void)arg;
    klen = unhex(psk, sizeof psk, CONFIG_DTLS_EXAMPLE_PSK_KEY_HEX);
    snprintf(port, sizeof port, "%d", CONFIG_DTLS_EXAMPLE_SERVER_PORT);
    if (klen < 0) {
        ESP_LOGE(TAG, "the PSK in menuconfig is not 1-64 bytes of hex");
        goto out;
    }
    if (dtls_esp_idf_udp_connect(&udp, CONFIG_DTLS_EXAMPLE_SERVER_HOST, port, addr, &alen) < 0) {
        ESP_LOGE(TAG, "cannot resolve or reach %s:%s", CONFIG_DTLS_EXAMPLE_SERVER_HOST, port);
        goto out;
    }
    /* esp_fill_random is a true RNG here: Wi-Fi is on (port/esp_idf.h) */
    dtls_esp_idf_hooks(&hooks, &hw);
    cfg.role = DTLS_ROLE_CLIENT;
    cfg.suites = suites;
    cfg.n_suites = sizeof suites / sizeof suites[0];
    cfg.psk_identity = (const uint8_t *)CONFIG_DTLS_EXAMPLE_PSK_IDENTITY;
    cfg.psk_identity_len = strlen(CONFIG_DTLS_EXAMPLE_PSK_IDENTITY);
    cfg.psk = psk;
    cfg.psk_len = (size_t)klen;
    cfg.send = dtls_esp_idf_send;
    cfg.now = dtls_esp_idf_now_ms;
    cfg.user = &udp;
    cfg.hooks = &hooks;
    rc = dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1);
    if (rc == 0)
        rc = dtls_conn_init(&conn, &ctx, addr, alen);
    if (rc == 0)
        rc = dtls_conn_connect(&conn);
    while (rc == 0 && !dtls_conn_is_established(&conn))
        rc = step();
    if (rc < 0) {
        ESP_LOGE(TAG, "handshake failed: %s (a wrong PSK shows as a timeout)", dtls_strerror(rc));
        goto out;
    }
    ESP_LOGI(TAG, "connected: %s; AES blocks %u hw / %u sw, SHA-256 blocks %u hw / %u sw",
             dtls_suite_name(dtls_conn_suite(&conn)), (unsigned)hw.aes_hw_blocks, (unsigned)hw.aes_sw_blocks,
             (unsigned)hw.sha_hw_blocks, (unsigned)hw.sha_sw_blocks);
    ESP_LOGI(TAG, "stack never used so far: %u bytes of %u", (unsigned)uxTaskGetStackHighWaterMark(NULL),
             (unsigned)CONFIG_DTLS_EXAMPLE_TASK_STACK);
    for (;;) {
        if ((int32_t)(dtls_esp_idf_now_ms(NULL) - next) >= 0) {
            static const char line[] = "hello from ESP-IDF\n";
            dtls_conn_write(&conn, (const uint8_t *)line, sizeof line - 1);
            next = dtls_esp_idf_now_ms(NULL) + 5000;
        }
        rc = step();
        while ((len = dtls_conn_read(&conn, msg, sizeof msg - 1)) > 0) {
            msg[len] = 0;
            ESP_LOGI(TAG, "received %d bytes: %s", len, (const char *)msg);
        }
        if (rc < 0 || len == DTLS_ERR_CLOSED) {
            ESP_LOGE(TAG, "connection ended: %s", dtls_strerror(rc < 0 ? rc : len));
            break;
        }
    }
out:
    dtls_esp_idf_udp_close(&udp);
    vTaskDelete(NULL);
}

void app_main(void)
{
    esp_err_t e = nvs_flash_init(); /* Wi-Fi keeps its calibration in NVS */
    if (e == ESP_ERR_NVS_NO_FREE_PAGES || e == ESP_ERR_NVS_NEW_VERSION_FOUND) {
        nvs_flash_erase();
        e = nvs_flash_init();
    }
    if (e != ESP_OK || wifi_join() < 0) {
        ESP_LOGE(TAG, "Wi-Fi start-up failed");
        return;
    }
    /* the handshake runs in its own task: app_main's default stack (3,584 B)
     * is too small (README.md: the figures) */
    xTaskCreate(dtls_task, "dtls", CONFIG_DTLS_EXAMPLE_TASK_STACK, NULL, 5, NULL);
}
