"""Test traffic, sent from inside a network namespace by the live-capture tests.

  traffic.py ping DST IDENT COUNT SIZE INTERVAL   ICMP echo requests, id IDENT, seq 0..COUNT-1, SIZE payload bytes
  traffic.py udp DST PORT SIZE COUNT              COUNT UDP datagrams of SIZE bytes, as fast as the socket takes them
  traffic.py udp-for DST PORT SIZE SECONDS        UDP datagrams for SECONDS seconds
"""
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def ping(dst, ident, count, size, interval):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    for seq in range(count):
        payload = bytes((seq + i) & 0xFF for i in range(size))
        header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
        s.sendto(struct.pack("!BBHHH", 8, 0, checksum(header + payload), ident, seq) + payload, (dst, 0))
        if interval > 0:
            time.sleep(interval)


def udp(dst, port, size, count=None, seconds=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    payload = bytes(i & 0xFF for i in range(size))
    end = time.monotonic() + seconds if seconds is not None else None
    sent = 0
    while (count is None or sent < count) and (end is None or sent % 256 or time.monotonic() < end):
        try:
            s.sendto(payload, (dst, port))
            sent += 1
        except OSError:  # ENOBUFS when the qdisc is full: wait a little
            time.sleep(0.0005)
    print(sent)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "ping":
        ping(args[0], int(args[1]), int(args[2]), int(args[3]), float(args[4]))
    elif mode == "udp":
        udp(args[0], int(args[1]), int(args[2]), count=int(args[3]))
    elif mode == "udp-for":
        udp(args[0], int(args[1]), int(args[2]), seconds=float(args[3]))
    else:
        sys.exit("unknown mode " + mode)
