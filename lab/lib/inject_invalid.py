#!/usr/bin/python3
"""inject_invalid.py --src IP --sport P --dst IP --dport P [--count N] [--wait S]

Run inside a server pod (needs scapy: the system Python). Waits for the server's next segment of the connection
src:sport -> dst:dport, then sends COUNT segments of that connection that conntrack must call INVALID: the sequence
number is the one the server would use next (inside the window), but the ACK acknowledges 100000 bytes the client
never sent (conntrack: "ACK is over upper bound"), as when conntrack missed part of a connection. Each carries the
payload below and IP IDs 0xbad0, 0xbad1, ... so the captures can find them.
"""

import argparse
import sys
import time

from scapy.all import IP, TCP, AsyncSniffer, Raw, conf, send  # noqa: E402

PAYLOAD = b"hoptrace-lab: segment conntrack marks INVALID\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--src", required=True)
    p.add_argument("--sport", type=int, required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--dport", type=int, required=True)
    p.add_argument("--count", type=int, default=3)
    p.add_argument("--wait", type=float, default=10.0)
    a = p.parse_args()
    conf.verb = 0
    bpf = "tcp and src host %s and src port %d and dst host %s and dst port %d and tcp[tcpflags] & tcp-ack != 0" % (
        a.src, a.sport, a.dst, a.dport)
    sniffer = AsyncSniffer(iface="eth0", filter=bpf, count=1, timeout=a.wait)
    sniffer.start()
    time.sleep(0.3)   # the socket is open once start() returns; give libpcap a moment to apply the filter
    print("ready", flush=True)
    sniffer.join()
    if not sniffer.results:
        print("no segment of %s:%d -> %s:%d seen" % (a.src, a.sport, a.dst, a.dport), flush=True)
        return 3
    seen = sniffer.results[0][TCP]
    seq = (seen.seq + len(seen.payload)) & 0xFFFFFFFF
    ack = (seen.ack + 100000) & 0xFFFFFFFF
    for i in range(a.count):
        pkt = IP(src=a.src, dst=a.dst, id=0xBAD0 + i) / TCP(sport=a.sport, dport=a.dport, flags="PA", seq=seq,
                                                          ack=ack, window=502) / Raw(PAYLOAD)
        send(pkt)
        print("sent seq=%d ack=%d (the client's next byte is %d) id=0x%04x" % (seq, ack, seen.ack, 0xBAD0 + i),
              flush=True)
        time.sleep(0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
