#!/usr/bin/python3
"""craft_ipip.py BUNDLE START_EPOCH: writes node-a's and node-b's captures and state for Calico in IP-in-IP mode.

CRAFTED, NOT CAPTURED: this kernel has no ipip module. The packets are what Linux sends for Calico's
`ipipMode: Always` (tunl0, the fallback ipip device: remote any, ttl inherit, no PMTU discovery, MTU 1480) and
were built with scapy, hop by hop, as `tcpdump -i any` on each node would have recorded them:
1. the client pod calls demo/web (10.96.88.10:80); node-a DNATs to web-1 (10.244.1.10:8080) and sends the
   packets through tunl0, encapsulated in IP protocol 4 from 192.168.50.11 to 192.168.50.12 (both on one subnet,
   where Calico's `CrossSubnet` mode would not encapsulate at all);
2. an echo request and reply between the same pods;
3. mtu-client (eth0 MTU 1500) sends 2 DF echo requests of 1500 bytes: tunl0 carries 1480, node-a answers with
   ICMP fragmentation needed, next-hop MTU 1480, and nothing reaches node-b.
"""

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scapy.all import ICMP, IP, TCP, Raw  # noqa: E402

import kubeproxy  # noqa: E402
import topology as t  # noqa: E402
from craft import (POD, PKT_HOST, PKT_OUTGOING, Crossing, Iface, NodeTrace, conntrack_stats, rewrite,  # noqa: E402
                   write_node)

CALI_MAC = "ee:ee:ee:ee:ee:ee"   # Calico gives every host-side veth this MAC
TUNL_MTU = t.UNDERLAY_MTU - 20
BLOCK = 26                        # Calico's IPAM block size


def cali(pod_short: str) -> str:   # Calico names host-side veths cali + 11 hex characters of a hash
    return "cali" + hashlib.sha1(("demo." + t.pod(pod_short).name).encode()).hexdigest()[:11]


def block(n: t.Node) -> str:
    return "%s/%d" % (n.flannel_ip, BLOCK)


def node_trace(n: t.Node, pods) -> NodeTrace:
    ifaces = [Iface(1, "lo", 65536, None, addresses=["127.0.0.1/8"]),
              Iface(2, "eth0", t.UNDERLAY_MTU, n.mac, addresses=[n.ip + "/24"]),
              Iface(3, "tunl0", TUNL_MTU, None, kind="ipip", addresses=[n.cni0_ip + "/32"],
                    info_data={"proto": "ipip", "remote": "any", "local": "any", "ttl": 0, "pmtudisc": False})]
    for i, p in enumerate(pods):
        ifaces.append(Iface(4 + i, cali(p), t.pod(p).mtu if p == "mtu-client" else TUNL_MTU, CALI_MAC, kind="veth"))
    return NodeTrace(n.name, ifaces)


def routes(n: t.Node, pods) -> list:
    r = [{"dst": "default", "gateway": t.GATEWAY_IP, "dev": "eth0", "flags": []},
         {"type": "blackhole", "dst": block(n), "protocol": "bird", "flags": []}]
    r += [{"dst": t.pod(p).ip, "dev": cali(p), "scope": "link", "flags": []} for p in pods]
    r += [{"dst": block(o), "gateway": o.ip, "dev": "tunl0", "protocol": "bird", "flags": ["onlink"]}
          for o in t.NODES if o is not n]
    r.append({"dst": t.UNDERLAY_CIDR, "dev": "eth0", "protocol": "kernel", "scope": "link", "prefsrc": n.ip,
              "flags": []})
    return sorted(r, key=lambda x: (x["dst"] != "default", x["dst"]))


class Cluster:
    def __init__(self, start: float):
        self.a, self.b = t.node("node-a"), t.node("node-b")
        self.pods_a, self.pods_b = ["client", "mtu-client", "api"], ["web-1", "web-2"]
        self.ta, self.tb = node_trace(self.a, self.pods_a), node_trace(self.b, self.pods_b)
        self.outer_id = {self.a.name: 0x3a10, self.b.name: 0x5c20}
        self.net = Crossing({"node-a": self.ta, "node-b": self.tb}, self.encapsulate,
                            [(POD, PKT_HOST, "sent"), ("tunl0", PKT_OUTGOING, "fwd"), ("eth0", PKT_OUTGOING, "outer")],
                            [("eth0", PKT_HOST, "outer"), ("tunl0", PKT_HOST, "fwd"), (POD, PKT_OUTGOING, "deliver")],
                            self.mac)
        self.net.now = start

    @property
    def now(self):
        return self.net.now

    @now.setter
    def now(self, value):
        self.net.now = value

    def mac(self, node: str, iface: str, stage: str):
        if iface == "eth0":   # outgoing frames carry this node's MAC, incoming ones the sender's
            sender = t.node(node) if stage == "outer" and node == self.sending else self.other(node)
            return sender.mac
        if iface == POD:
            return CALI_MAC if stage == "deliver" else self.pod_mac
        return None

    def other(self, node: str) -> t.Node:
        return self.b if node == "node-a" else self.a

    def encapsulate(self, src: str, dst: str, inner: IP) -> IP:
        self.outer_id[src] += 1
        # ttl inherit: the outer header takes the inner TTL; nopmtudisc: no DF outside.
        return IP(bytes(IP(src=t.node(src).ip, dst=t.node(dst).ip, proto=4, ttl=inner.ttl, id=self.outer_id[src],
                           flags=0) / inner))

    def send(self, src_pod: str, dst_pod: str, sent: IP, after_src_nat: IP = None, after_dst_nat: IP = None):
        src, dst = t.pod(src_pod).node, t.pod(dst_pod).node
        self.sending, self.pod_mac = src, t.pod(src_pod).mac
        self.net.cross(src, dst, cali(src_pod), cali(dst_pod), sent, after_src_nat, after_dst_nat)


def tcp_call(c: Cluster):
    client, web = t.pod("client").ip, t.pod("web-1").ip
    vip = t.service("web").cluster_ip
    cport, cseq, sseq = 40071, 1_302_454_117, 3_961_022_530
    opts = lambda ts, ecr: [("MSS", TUNL_MTU - 40), ("SAckOK", b""), ("Timestamp", (ts, ecr)), ("NOP", None),
                            ("WScale", 10)]
    ts = [(880_114_200, 0), (421_553_010, 880_114_200)]
    request = b"GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: netprobe\r\n\r\n" % vip.encode()
    body = b"pod=web-7d4b9c6f8-abcde peer=%s:%d request=GET / HTTP/1.1\n" % (client.encode(), cport)
    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    cid, sid = [0x7e10], [0x0]

    def c2s(flags, seq, ack, payload=b"", options=None):
        cid[0] += 1
        sent = IP(src=client, dst=vip, id=cid[0], flags="DF") / TCP(
            sport=cport, dport=80, flags=flags, seq=seq, ack=ack, window=64860 if flags == "S" else 64,
            options=options or [("NOP", None), ("NOP", None), ("Timestamp", (880_114_201, 421_553_010))]) / payload
        sent = IP(bytes(sent))
        c.send("client", "web-1", sent, after_src_nat=rewrite(sent, dst=web, dport=8080))
        c.now += 150e-6

    def s2c(flags, seq, ack, payload=b"", options=None):
        sid[0] += 1
        sent = IP(src=web, dst=client, id=sid[0] if flags != "SA" else 0, flags="DF") / TCP(
            sport=8080, dport=cport, flags=flags, seq=seq, ack=ack, window=64308 if flags == "SA" else 63,
            options=options or [("NOP", None), ("NOP", None), ("Timestamp", (421_553_011, 880_114_201))]) / payload
        sent = IP(bytes(sent))
        c.send("web-1", "client", sent, after_dst_nat=rewrite(sent, src=vip, sport=80))
        c.now += 150e-6

    c2s("S", cseq, 0, options=opts(*ts[0]))
    s2c("SA", sseq, cseq + 1, options=opts(*ts[1]))
    c2s("A", cseq + 1, sseq + 1)
    c2s("PA", cseq + 1, sseq + 1, request)
    s2c("A", sseq + 1, cseq + 1 + len(request))
    c.now += 2e-3
    s2c("PA", sseq + 1, cseq + 1 + len(request), response)
    c2s("A", cseq + 1 + len(request), sseq + 1 + len(response))
    c.now += 20e-3
    c2s("FA", cseq + 1 + len(request), sseq + 1 + len(response))
    s2c("FA", sseq + 1 + len(response), cseq + 2 + len(request))
    c2s("A", cseq + 2 + len(request), sseq + 2 + len(response))


def echo(c: Cluster):
    client, web = t.pod("client").ip, t.pod("web-1").ip
    payload = bytes(range(56))
    req = IP(bytes(IP(src=client, dst=web, id=0x2201, flags="DF") / ICMP(type=8, id=0x0c01, seq=1) / payload))
    c.send("client", "web-1", req)
    c.now += 80e-6
    rep = IP(bytes(IP(src=web, dst=client, id=0x9c31) / ICMP(type=0, id=0x0c01, seq=1) / payload))
    c.send("web-1", "client", rep)


def too_big(c: Cluster):
    src, dst = t.pod("mtu-client").ip, t.pod("web-1").ip
    for seq in (1, 2):
        c.now += 0.5
        payload = (b"hoptrace-lab " + bytes(range(256)) * 8)[:1472]
        req = IP(bytes(IP(src=src, dst=dst, id=0x4410 + seq, flags="DF") / ICMP(type=8, id=0x0d02, seq=seq) / payload))
        c.ta.see(c.now, cali("mtu-client"), PKT_HOST, req, t.pod("mtu-client").mac)
        # ip_forward refuses it before decrementing the TTL; Linux quotes as much of it as fits in 576 bytes,
        # and the node answers from eth0's address (the cali veth has none).
        quoted = bytes(req)[:576 - 28]
        err = IP(bytes(IP(src=c.a.ip, dst=src, id=0x6b01 + seq, ttl=64) / ICMP(type=3, code=4, nexthopmtu=TUNL_MTU)
                       / Raw(quoted)))
        c.ta.see(c.now + 30e-6, cali("mtu-client"), PKT_OUTGOING, err, CALI_MAC)


def node_files(n: t.Node) -> dict:
    sysctl = "\n".join([
        "net.core.somaxconn = 4096",
        "net.ipv4.conf.all.forwarding = 1",
        "net.ipv4.conf.all.rp_filter = 0",
        "net.ipv4.conf.tunl0.rp_filter = 0",
        "net.ipv4.ip_forward = 1",
        "net.netfilter.nf_conntrack_max = 262144",
        "net.netfilter.nf_conntrack_tcp_be_liberal = 0",
        "net.netfilter.nf_conntrack_tcp_loose = 1",
    ]) + "\n"
    stats = conntrack_stats([("2026-11-21T09:00:00.000Z", "start"), ("2026-11-21T09:00:02.000Z", "end")],
                            "cpu=%d   \tfound=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 "
                            "search_restart=0 clash_resolve=0 chaintoolong=0 \n")
    conntrack = ""
    if n.name == "node-a":
        conntrack = ("tcp      6 118 TIME_WAIT src=10.244.0.10 dst=10.96.88.10 sport=40071 dport=80 src=10.244.1.10 "
                     "dst=10.244.0.10 sport=8080 dport=40071 [ASSURED] mark=0 use=1\n"
                     "icmp     1 29 src=10.244.0.10 dst=10.244.1.10 type=8 code=0 id=3073 src=10.244.1.10 "
                     "dst=10.244.0.10 type=0 code=0 id=3073 mark=0 use=1\n")
    elif n.name == "node-b":
        conntrack = ("tcp      6 118 TIME_WAIT src=10.244.0.10 dst=10.244.1.10 sport=40071 dport=8080 src=10.244.1.10 "
                     "dst=10.244.0.10 sport=8080 dport=40071 [ASSURED] mark=0 use=1\n")
    return {"iptables-save.txt": kubeproxy.node_rules(n.name, flannel=False), "sysctl.txt": sysctl,
            "conntrack.txt": conntrack, "conntrack-stats.txt": stats,
            "CRAFTED.txt": "Crafted with scapy by lab/lib/craft_ipip.py, not captured: this kernel has no ipip.\n"}


def main(bundle: str, start: float):
    c = Cluster(start)
    tcp_call(c)
    c.now += 0.2
    echo(c)
    too_big(c)
    write_node(bundle, c.ta, routes(c.a, c.pods_a), node_files(c.a))
    write_node(bundle, c.tb, routes(c.b, c.pods_b), node_files(c.b))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
