// dtls_esp32.ino - a DTLS 1.2 PSK client (TLS_PSK_WITH_AES_128_CCM_8) on an
// ESP32 (any of the family) with the Arduino-ESP32 core, over Wi-Fi (UDP).
// It connects to dtls-server on a PC, sends a line every 5 seconds and prints
// what the server echoes.  Step by step: README.md beside this sketch.
//
// Randomness: the ESP32's hardware RNG (esp_random), which DtlsArduino.h
// selects on ESP32.  It is a true random source while Wi-Fi is on, which is
// why connect() comes after the station has an address.
//
// Options: the ESP32 has room for the defaults (certificates included).  To
// change one, see examples/arduino/README.md ("Options"): in the Arduino IDE
// the sketch compiles the implementation itself; with PlatformIO, build_flags.
#include <WiFi.h>
#include <DtlsArduino.h>

// ==== your network and the server: the same as dtls-server's options ====
//   build/dtls-server --psk-identity esp32 --psk 000102030405060708090a0b0c0d0e0f --echo 4433
static const char WIFI_SSID[] = "your-ssid";
static const char WIFI_PASSWORD[] = "your-password";
static const IPAddress SERVER_IP(192, 168, 1, 10);  // the PC running dtls-server
static const uint16_t SERVER_PORT = 4433;
static const uint16_t LOCAL_PORT = 4434;
static const char PSK_IDENTITY[] = "esp32";
static const uint8_t PSK[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};

// The UDP socket: NetworkUDP in core 3.x (WiFiUDP is its old name there),
// WiFiUDP in core 2.x (PlatformIO's espressif32 platform).
#if ESP_ARDUINO_VERSION_MAJOR >= 3
NetworkUDP udp;
#else
WiFiUDP udp;
#endif

// The connection, with 1232-byte buffers (RFC 7925's IPv6-safe datagram
// size; dtls-server's default MTU): no random function to pass on ESP32.
DtlsArduinoClient<1232> dtls(udp);

static uint32_t last_sent, failed_at;
static unsigned count;

static void start() {
  int r = dtls.connect(SERVER_IP, SERVER_PORT);
  Serial.print("connect: ");
  Serial.println(r == 0 ? "ClientHello sent" : dtls.errorText());
  if (r != 0) failed_at = millis() | 1;
}

void setup() {
  Serial.begin(115200);
  WiFi.mode(WIFI_STA);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  Serial.print("Wi-Fi");
  while (WiFi.status() != WL_CONNECTED) {
    delay(500);
    Serial.print(".");
  }
  Serial.println();
  Serial.print("address ");
  Serial.println(WiFi.localIP());
  udp.begin(LOCAL_PORT);
  dtls.setPsk(PSK_IDENTITY, PSK, sizeof PSK);
  start();
}

void loop() {
  dtls.update();  // datagrams in, retransmissions out
  if (dtls.error() != 0) {
    if (failed_at == 0) {  // report once, retry in 10 s
      Serial.print("failed: ");
      Serial.println(dtls.errorText());
      failed_at = millis() | 1;
    } else if (millis() - failed_at > 10000) {
      failed_at = 0;
      start();
    }
    return;
  }
  if (dtls.connected() && (last_sent == 0 || millis() - last_sent > 5000)) {
    char line[48];
    snprintf(line, sizeof line, "hello %u from the ESP32", ++count);
    int r = dtls.write(line);
    Serial.print("sent: ");
    Serial.println(r > 0 ? line : dtls.errorText(r));
    last_sent = millis() | 1;
  }
  uint8_t buf[256];
  int n;
  while ((n = dtls.read(buf, sizeof buf - 1)) > 0) {
    buf[n] = 0;
    Serial.print("echo: ");
    Serial.println((const char *)buf);
  }
}
