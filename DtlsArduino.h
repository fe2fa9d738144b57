/* DtlsArduino.h - a DTLS 1.2 client over the Arduino core's UDP interface.
 *
 * Header-only C++ port code (the platform #if for ESP32 is allowed here, as in
 * port/).  It takes the core's abstract `UDP &` (Udp.h), so WiFiUDP,
 * EthernetUDP and every other UDP implementation work; millis() is the clock.
 * Randomness: on ESP32 (ARDUINO_ARCH_ESP32) the hardware RNG, esp_random();
 * on every other board the sketch MUST hand a random function to the
 * constructor (there is no fallback to random(), whose output is predictable:
 * keys derived from it would be too).  Memory is the sketch's: declare the
 * object globally; nothing is allocated.
 *
 *     #include <DtlsArduino.h>
 *     EthernetUDP udp;                      // or WiFiUDP, ...
 *     DtlsArduinoClient<> dtls(udp, my_random, NULL);
 *     setup(): udp.begin(local_port); dtls.setPsk("id", key, 16);
 *              dtls.connect(IPAddress(192, 168, 1, 10), 4433);
 *     loop():  dtls.update();             // datagrams in, retransmissions
 *              if (dtls.connected()) dtls.write(...);
 *              while ((n = dtls.read(buf, sizeof buf)) > 0) ...;
 *              if (dtls.error()) Serial.println(dtls.errorText());
 *
 * Nothing blocks: connect() sends the ClientHello and returns; update(),
 * called from loop(), feeds received datagrams to dtls_conn_input and runs
 * dtls_conn_timer when dtls_conn_deadline says so (RFC 6347 4.2.4).
 *
 * Options (DTLS_ENABLE_CERTS 0, ...): define them before the first include of
 * dtls.h or this header, together with DTLS_STATIC and DTLS_IMPLEMENTATION in
 * that one file (examples/arduino/README.md says why: a sketch's #define
 * never reaches the library's dtls.c). */
#ifndef DTLS_ARDUINO_H
#define DTLS_ARDUINO_H

#include <Arduino.h>
#include <IPAddress.h>
#include <Udp.h>

#include "dtls.h"

#if defined(ARDUINO_ARCH_ESP32)
/* ESP-IDF components/esp_hw_support/include/esp_random.h: a true RNG while
 * Wi-Fi or Bluetooth is on (or after bootloader_random_enable()); start Wi-Fi
 * before connect().  ESP-IDF Programming Guide, "Random Number Generation". */
#include <esp_random.h>
#define DTLS_ARDUINO_HW_RANDOM 1
#else
#define DTLS_ARDUINO_HW_RANDOM 0
#endif

/* Room for errorText()'s sentence (the longest is about 80 characters). */
#ifndef DTLS_ARDUINO_TEXT
#define DTLS_ARDUINO_TEXT 88
#endif

/* The random callback's shape (dtls_crypto_hooks.random): fill out[0..len)
 * with unpredictable bytes; 0 on success, -1 when the source failed (the
 * handshake then fails: internal_error, DTLS_ERR_ALERT_SENT(80)). */
typedef int (*DtlsArduinoRandom)(void *user, uint8_t *out, size_t len);

class DtlsArduino {
  public:
    /* tx and rx: mtu bytes each, owned by the caller (DtlsArduinoClient<N>
     * holds them).  rng may not be NULL (connect() then fails). */
    DtlsArduino(UDP &net, uint8_t *tx, uint8_t *rx, uint16_t mtu, DtlsArduinoRandom rng, void *rng_user)
        : udp_(net), tx_(tx), rx_(rx), mtu_(mtu), err_(0), started_(false)
    {
        memset(&hooks_, 0, sizeof hooks_);
        memset(&cfg_, 0, sizeof cfg_);
        memset(addr_, 0, sizeof addr_);
        hooks_.random = rng; /* hooks_.user is its first argument */
        hooks_.user = rng_user;
        suite_[0] = DTLS_PSK_WITH_AES_128_CCM_8; /* RFC 7925 4.2.2's mandatory suite for PSK */
        cfg_.role = DTLS_ROLE_CLIENT;
        cfg_.suites = suite_;
        cfg_.n_suites = 1;
        cfg_.send = sendCb;
        cfg_.now = nowCb;
        cfg_.user = this;
        cfg_.hooks = &hooks_;
        cfg_.mtu = mtu;
        cfg_.mtu_floor = mtu < 256 ? mtu : 256;
    }

    /* The PSK identity and key (RFC 4279); both stay the caller's and must
     * outlive the connection. */
    void setPsk(const char *identity, const uint8_t *key, size_t key_len)
    {
        cfg_.psk_identity = (const uint8_t *)identity;
        cfg_.psk_identity_len = strlen(identity);
        cfg_.psk = key;
        cfg_.psk_len = key_len;
    }
    /* The suites offered, preferred first [TLS_PSK_WITH_AES_128_CCM_8]. */
    void setSuites(const uint16_t *suites, size_t n)
    {
        cfg_.suites = suites;
        cfg_.n_suites = n;
    }
    /* Everything else (retransmission timers, certificates, log hook): change
     * it before connect(); keep send, now, user and hooks as they are. */
    dtls_config &config() { return cfg_; }

    /* Starts the handshake with the server at ip:port (sends the
     * ClientHello) and returns: 0, or a DTLS_ERR_* code (then errorText()).
     * The socket must be open: call udp.begin(local_port) first. */
    int connect(IPAddress ip, uint16_t port)
    {
        int r;
        addr_[0] = ip[0];
        addr_[1] = ip[1];
        addr_[2] = ip[2];
        addr_[3] = ip[3];
        addr_[4] = (uint8_t)(port >> 8);
        addr_[5] = (uint8_t)port;
        started_ = false;
        if (hooks_.random == NULL)
            return err_ = DTLS_ERR_RANDOM; /* no entropy source was given: refuse rather than guess */
        r = dtls_ctx_init(&ctx_, &cfg_, tx_, mtu_, &hs_, 1);
        if (r == 0)
            r = dtls_conn_init(&conn_, &ctx_, addr_, sizeof addr_);
        if (r == 0)
            r = dtls_conn_connect(&conn_);
        err_ = r < 0 ? r : 0;
        started_ = err_ == 0;
        return err_;
    }

    /* Call from loop(): takes the datagrams that arrived from the server and
     * runs the retransmission timer.  Datagrams wait in the UDP object while
     * a received record is unread (records point into the one receive
     * buffer).  Returns error(). */
    int update()
    {
        uint32_t at;
        if (!started_)
            return err_;
        /* a bounded number of datagrams per call keeps loop() responsive */
        for (uint8_t i = 0; i < 8 && !recordWaiting(); i++) {
            int n = udp_.parsePacket();
            if (n <= 0)
                break;
            if (!fromServer() || (size_t)n > mtu_)
                continue; /* not our peer, or larger than we accept: dropped (the next parsePacket skips it) */
            n = udp_.read(rx_, (size_t)n);
            if (n > 0)
                (void)dtls_conn_input(&conn_, rx_, (size_t)n); /* errors stay in dtls_conn_error */
        }
        if (dtls_conn_deadline(&conn_, &at) && (int32_t)(nowCb(this) - at) >= 0)
            (void)dtls_conn_timer(&conn_);
        return error();
    }

    /* The handshake is complete: write() and read() work. */
    bool connected() const { return started_ && dtls_conn_is_established(&conn_) == 1; }
    /* Sends data as one record: len, or a DTLS_ERR_* code (DTLS_ERR_STATE
     * before the handshake completed, DTLS_ERR_TOO_BIG above maxPayload()). */
    int write(const uint8_t *data, size_t len) { return started_ ? dtls_conn_write(&conn_, data, len) : DTLS_ERR_STATE; }
    int write(const char *text) { return write((const uint8_t *)text, strlen(text)); }
    size_t maxPayload() const { return started_ ? dtls_conn_max_payload(&conn_) : 0; }
    /* 1 when a received record waits for read(), else 0. */
    int available() { return recordWaiting() ? 1 : 0; }
    /* Copies the next record: its length, 0 when none waits, or a DTLS_ERR_*
     * code (DTLS_ERR_CLOSED after the server's close_notify,
     * DTLS_ERR_BUFFER_TOO_SMALL: the record stays for a larger buffer). */
    int read(uint8_t *out, size_t cap)
    {
        int r;
        if (!started_)
            return err_;
        r = dtls_conn_read(&conn_, out, cap);
        return r == DTLS_ERR_WOULD_BLOCK ? 0 : r;
    }
    /* Sends close_notify; the connection can be connect()ed again. */
    void close()
    {
        if (started_)
            (void)dtls_conn_close(&conn_);
    }
    bool peerClosed() const { return started_ && dtls_conn_peer_closed(&conn_) == 1; }
    /* 0 while healthy, else the DTLS_ERR_* code that ended the connection
     * (DTLS_ERR_TIMEOUT: no answer from the server; DTLS_ERR_ALERT_* ...). */
    int error() const
    {
        if (!started_)
            return err_;
        return dtls_conn_error(&conn_);
    }
    /* A sentence for error(), or for any code, copied into this object (on
     * AVR the texts live in flash: dtls_strerror_r reads them from there). */
    const char *errorText() { return errorText(error()); }
    const char *errorText(int code)
    {
        (void)dtls_strerror_r(code, text_, sizeof text_); /* a longer text is cut */
        return text_;
    }
    dtls_conn *connection() { return &conn_; }
#if DTLS_ARDUINO_HW_RANDOM
    /* The ESP32's hardware RNG as the random callback. */
    static int espRandom(void *user, uint8_t *out, size_t len)
    {
        (void)user;
        while (len > 0) {
            uint32_t w = esp_random();
            size_t n = len < 4 ? len : 4;
            memcpy(out, &w, n);
            out += n;
            len -= n;
        }
        return 0;
    }
#endif

  private:
    bool recordWaiting()
    {
        /* cap 0: DTLS_ERR_BUFFER_TOO_SMALL while a record waits (it stays) */
        return started_ && dtls_conn_read(&conn_, NULL, 0) == DTLS_ERR_BUFFER_TOO_SMALL;
    }
    bool fromServer()
    {
        IPAddress ip = udp_.remoteIP();
        uint16_t port = udp_.remotePort();
        return ip[0] == addr_[0] && ip[1] == addr_[1] && ip[2] == addr_[2] && ip[3] == addr_[3] &&
               port == (uint16_t)(addr_[4] << 8 | addr_[5]);
    }
    static int sendCb(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
    {
        DtlsArduino *self = (DtlsArduino *)user;
        size_t sent;
        if (addr_len != 6)
            return -1;
        if (self->udp_.beginPacket(IPAddress(addr[0], addr[1], addr[2], addr[3]), (uint16_t)(addr[4] << 8 | addr[5])) != 1)
            return -1;
        sent = self->udp_.write(data, len);
        /* a failed send is a lost datagram: the retransmission timer recovers */
        return self->udp_.endPacket() == 1 && sent == len ? (int)len : -1;
    }
    static uint32_t nowCb(void *user)
    {
        (void)user;
        return (uint32_t)millis(); /* wraps after 49.7 days; the engine's comparisons are wrap-safe */
    }

    UDP &udp_;
    uint8_t *tx_, *rx_;
    uint16_t mtu_;
    int err_;
    bool started_;
    uint16_t suite_[1];
    uint8_t addr_[6]; /* IPv4 address, port (big-endian): the opaque peer address handed back to sendCb */
    char text_[DTLS_ARDUINO_TEXT];
    dtls_crypto_hooks hooks_;
    dtls_config cfg_;
    dtls_ctx ctx_;
    dtls_hs hs_;
    dtls_conn conn_;
};

/* The client with its buffers: MTU bytes for sending and as many for
 * receiving (the largest datagram accepted; 512 holds every PSK handshake
 * message and records of up to about 480 bytes). */
template <uint16_t MTU = 512> class DtlsArduinoClient : public DtlsArduino {
  public:
    DtlsArduinoClient(UDP &net, DtlsArduinoRandom rng, void *rng_user)
        : DtlsArduino(net, buf_, buf_ + MTU, MTU, rng, rng_user)
    {
    }
#if DTLS_ARDUINO_HW_RANDOM
    /* ESP32: the hardware RNG (esp_random). */
    explicit DtlsArduinoClient(UDP &net) : DtlsArduino(net, buf_, buf_ + MTU, MTU, DtlsArduino::espRandom, NULL) {}
#endif

  private:
    uint8_t buf_[2 * MTU];
};

#endif /* DTLS_ARDUINO_H */
