// stub_udp.h - a UDP implementation that sends nowhere and receives nothing.
// It lets psk_client build on a board without a network library (the
// repository's test compiles and links it for an Arduino Mega this way).
// With it the handshake never completes: set USE_ETHERNET to 1 in
// psk_client.ino, or name your board's UDP class there.
#ifndef STUB_UDP_H
#define STUB_UDP_H

#include <Udp.h>

class StubUdp : public UDP {
  public:
    uint8_t begin(uint16_t) { return 1; }
    void stop() {}
    int beginPacket(IPAddress, uint16_t) { return 1; }
    int beginPacket(const char *, uint16_t) { return 1; }
    int endPacket() { return 1; }  // the datagram is dropped here
    size_t write(uint8_t) { return 1; }
    size_t write(const uint8_t *, size_t size) { return size; }
    int parsePacket() { return 0; }  // nothing ever arrives
    int available() { return 0; }
    int read() { return -1; }
    int read(unsigned char *, size_t) { return 0; }
    int read(char *, size_t) { return 0; }
    int peek() { return -1; }
    void flush() {}
    IPAddress remoteIP() { return IPAddress(0, 0, 0, 0); }
    uint16_t remotePort() { return 0; }
};

#endif
