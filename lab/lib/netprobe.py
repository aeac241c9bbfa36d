#!/usr/bin/python3
"""The traffic of the lab's pods: a tiny HTTP server, an HTTP client and an ICMP echo sender (standard library only).

  netprobe.py serve --port P [--name POD] [--backlog N] [--no-accept]
  netprobe.py http HOST:PORT [--bind PORT] [--requests N] [--pause S] [--timeout S] [--path P] [--hold S]
  netprobe.py ping HOST [--size N] [--df do|probe|dont] [--count N] [--interval S] [--timeout S] [--id N]

Every result is one line on stdout ("http: ...", "ping: ..."); the exit status is 0 only if every request got
its answer, so scenarios can assert on failures they expect.
"""

import argparse
import os
import select
import socket
import struct
import sys
import threading
import time

IP_MTU_DISCOVER = 10          # <linux/in.h>; Python's socket module does not export these
PMTUDISC = {"dont": 0, "want": 1, "do": 2, "probe": 3}


def log(*parts):
    print(*parts, flush=True)


# --- server -----------------------------------------------------------------------------------------------------

def serve(args):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", args.port))
    srv.listen(args.backlog)
    if args.no_accept:
        # A hung application: the kernel completes handshakes until the accept queue is full, then drops SYNs.
        while True:
            time.sleep(3600)
    while True:
        conn, peer = srv.accept()
        threading.Thread(target=handle, args=(conn, peer, args.name), daemon=True).start()


def handle(conn, peer, name):
    buf = b""
    try:
        with conn:
            while True:
                data = conn.recv(4096)
                if not data:
                    return
                buf += data
                while b"\r\n\r\n" in buf:
                    request, buf = buf.split(b"\r\n\r\n", 1)
                    line = request.split(b"\r\n", 1)[0].decode(errors="replace")
                    body = ("pod=%s peer=%s:%d request=%s\n" % (name, peer[0], peer[1], line)).encode()
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s"
                                 % (len(body), body))
    except OSError:
        return


# --- client -----------------------------------------------------------------------------------------------------

def http(args):
    host, port = args.target.rsplit(":", 1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.bind:
        sock.bind(("0.0.0.0", args.bind))
    sock.settimeout(args.timeout)
    started = time.monotonic()
    try:
        sock.connect((host, int(port)))
    except OSError as e:
        log("http: connect %s failed after %.1fs: %s" % (args.target, time.monotonic() - started, describe(e)))
        return 1
    local = sock.getsockname()
    log("http: connected %s:%d -> %s in %.3fs" % (local[0], local[1], args.target, time.monotonic() - started))
    failures = 0
    for i in range(args.requests):
        if i:
            time.sleep(args.pause)
        try:
            sock.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: netprobe\r\n\r\n" % (args.path, host)).encode())
            log("http: response %d: %s" % (i + 1, read_response(sock)))
        except OSError as e:
            log("http: request %d failed: %s" % (i + 1, describe(e)))
            failures += 1
            break
    if args.hold:
        time.sleep(args.hold)
    sock.close()
    return 1 if failures else 0


def read_response(sock):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionResetError("connection closed by peer")
        buf += chunk
    head, body = buf.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionResetError("connection closed by peer")
        body += chunk
    return "%s | %s" % (head.split(b"\r\n", 1)[0].decode(), body.decode().strip())


def describe(e):
    if isinstance(e, socket.timeout):
        return "timeout"
    return "%s (%s)" % (os.strerror(e.errno) if e.errno else str(e), type(e).__name__)


# --- ICMP echo --------------------------------------------------------------------------------------------------

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def ping(args):
    """Raw ICMP echo requests with `size` bytes of payload (the IP packet is size + 28 bytes), DF as asked."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, PMTUDISC[args.df])
    ident = args.id & 0xFFFF
    answered = 0
    for seq in range(1, args.count + 1):
        if seq > 1:
            time.sleep(args.interval)
        payload = (b"hoptrace-lab " + bytes(range(256)) * 8)[:args.size]
        header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
        packet = struct.pack("!BBHHH", 8, 0, checksum(header + payload), ident, seq) + payload
        try:
            sock.sendto(packet, (args.host, 0))
        except OSError as e:
            log("ping: seq=%d size=%d not sent: %s" % (seq, args.size + 28, describe(e)))
            continue
        outcome = wait_echo(sock, args.host, ident, seq, args.timeout)
        log("ping: seq=%d size=%d df=%s %s" % (seq, args.size + 28, args.df, outcome))
        answered += outcome.startswith("reply")
    return 0 if answered == args.count else 1


def wait_echo(sock, host, ident, seq, timeout):
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return "no answer"
        data, (src, _) = sock.recvfrom(65535)
        ihl = (data[0] & 0x0F) * 4
        icmp_type, code = data[ihl], data[ihl + 1]
        if icmp_type == 0 and src == host:
            rid, rseq = struct.unpack("!HH", data[ihl + 4:ihl + 8])
            if (rid, rseq) == (ident, seq):
                return "reply from %s bytes=%d" % (src, len(data))
        elif icmp_type == 3:
            quoted = data[ihl + 8:]
            qihl = (quoted[0] & 0x0F) * 4
            if len(quoted) >= qihl + 8 and quoted[qihl] == 8:
                qid, qseq = struct.unpack("!HH", quoted[qihl + 4:qihl + 8])
                if (qid, qseq) == (ident, seq):
                    mtu = struct.unpack("!H", data[ihl + 6:ihl + 8])[0]
                    what = "frag-needed mtu=%d" % mtu if code == 4 else "unreachable code=%d" % code
                    return "%s from %s" % (what, src)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--name", default=socket.gethostname())
    s.add_argument("--backlog", type=int, default=128)
    s.add_argument("--no-accept", action="store_true")
    h = sub.add_parser("http")
    h.add_argument("target")
    h.add_argument("--bind", type=int, default=0)
    h.add_argument("--requests", type=int, default=1)
    h.add_argument("--pause", type=float, default=0.2)
    h.add_argument("--timeout", type=float, default=3.0)
    h.add_argument("--path", default="/")
    h.add_argument("--hold", type=float, default=0.0)
    g = sub.add_parser("ping")
    g.add_argument("host")
    g.add_argument("--size", type=int, default=56)
    g.add_argument("--df", choices=sorted(PMTUDISC), default="want")
    g.add_argument("--count", type=int, default=1)
    g.add_argument("--interval", type=float, default=0.5)
    g.add_argument("--timeout", type=float, default=1.0)
    g.add_argument("--id", type=int, default=os.getpid())
    args = p.parse_args()
    return {"serve": serve, "http": http, "ping": ping}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
