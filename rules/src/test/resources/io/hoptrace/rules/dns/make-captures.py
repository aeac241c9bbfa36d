#!/usr/bin/python3
"""Writes the two DNS test bundles (retry/ and ok/) of this directory. Run with Debian's python3 (scapy 2.5):

    /usr/bin/python3 make-captures.py

Crafted, not captured: one node (node-a) as `tcpdump -i any -y LINUX_SLL2` would see it, interface indexes named
by ip-link.json (copied from samples/baseline). The client pod 10.244.0.10 asks kube-dns (Service 10.96.0.10:53,
DNATed to the CoreDNS pod 10.244.1.5 on node-b, through Flannel VXLAN) for web.demo.svc.cluster.local, A and AAAA in
parallel from one socket, as glibc does.

retry/: the conntrack insert race. The A query enters node-a (pod veth and cni0, DNATed) and is dropped there
(conntrack -S insert_failed grows by 1); the AAAA query crosses and is answered. 5 s later (resolv.conf's default
timeout) the resolver sends the A query again, same socket, same id, same question; this one is answered.

ok/: a normal exchange. Both queries are answered within 2 ms; 5 s later a second lookup of the same name uses new
ids (a new lookup, not a retry).
"""
import os
import shutil

from scapy.all import DNS, DNSQR, DNSRR, IP, UDP, VXLAN, Ether, wrpcap
from scapy.layers.l2 import CookedLinuxV2

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1795680000.0  # 2026-11-26T08:00:00Z
ETH0, CNI0, FLANNEL, VETH = 2, 3, 4, 5
IN, OUT = 0, 4  # SLL2 packet types: to us, outgoing
CLIENT, VIP, COREDNS = "10.244.0.10", "10.96.0.10", "10.244.1.5"
NODE_A, NODE_B = "192.168.50.11", "192.168.50.12"
NAME = "web.demo.svc.cluster.local."
SPORT = 45112


def sll2(ifindex, pkttype, ip):
    return CookedLinuxV2(proto=0x0800, ifindex=ifindex, lladdrtype=1, pkttype=pkttype, lladdrlen=6,
                         src=b"\x02\x42\x0a\xf4\x00\x0a\x00\x00") / ip


def vxlan(src, dst, inner, sport):
    return IP(src=src, dst=dst, ttl=64) / UDP(sport=sport, dport=8472) / VXLAN(vni=1, flags=0x08) / \
        Ether(src="02:42:0a:f4:00:00", dst="02:42:0a:f4:01:00") / inner


def query(qid, qtype):
    return DNS(id=qid, rd=1, qd=DNSQR(qname=NAME, qtype=qtype))


def answer(qid, qtype):
    rr = DNSRR(rrname=NAME, type="A", ttl=30, rdata="10.96.88.10") if qtype == "A" else None
    return DNS(id=qid, qr=1, aa=1, rd=1, ra=1, qd=DNSQR(qname=NAME, qtype=qtype), an=rr,
               ancount=1 if rr else 0)


def stamp(p, t):
    p.time = T0 + t
    return p


def out_query(t, qid, qtype, ipid, lost):
    """The query on the pod's veth and cni0 (DNATed), then, unless lost, flannel.1 and eth0 in VXLAN."""
    dns = query(qid, qtype)
    pre = IP(src=CLIENT, dst=VIP, id=ipid, ttl=64) / UDP(sport=SPORT, dport=53) / dns
    post = IP(src=CLIENT, dst=COREDNS, id=ipid, ttl=64) / UDP(sport=SPORT, dport=53) / dns
    routed = IP(src=CLIENT, dst=COREDNS, id=ipid, ttl=63) / UDP(sport=SPORT, dport=53) / dns
    pkts = [stamp(sll2(VETH, IN, pre), t), stamp(sll2(CNI0, IN, post), t + 0.000030)]
    if not lost:
        pkts.append(stamp(sll2(FLANNEL, OUT, routed), t + 0.000060))
        pkts.append(stamp(sll2(ETH0, OUT, vxlan(NODE_A, NODE_B, routed, 40000 + ipid % 1000)), t + 0.000080))
    return pkts


def in_answer(t, qid, qtype, ipid):
    """The answer from node-b in VXLAN on eth0, flannel.1, then to the pod from the VIP (reverse NAT)."""
    dns = answer(qid, qtype)
    wire = IP(src=COREDNS, dst=CLIENT, id=ipid, ttl=63) / UDP(sport=53, dport=SPORT) / dns
    routed = IP(src=COREDNS, dst=CLIENT, id=ipid, ttl=63) / UDP(sport=53, dport=SPORT) / dns
    natted = IP(src=VIP, dst=CLIENT, id=ipid, ttl=62) / UDP(sport=53, dport=SPORT) / dns
    return [stamp(sll2(ETH0, IN, vxlan(NODE_B, NODE_A, wire, 50000 + ipid % 1000)), t),
            stamp(sll2(FLANNEL, IN, routed), t + 0.000020),
            stamp(sll2(CNI0, OUT, natted), t + 0.000040),
            stamp(sll2(VETH, OUT, natted), t + 0.000045)]


def bundle(name, packets, stats):
    root = os.path.join(HERE, name)
    node = os.path.join(root, "nodes", "node-a")
    os.makedirs(node, exist_ok=True)
    packets.sort(key=lambda p: p.time)
    # IP and UDP lengths and checksums are filled in by scapy when it builds each packet
    wrpcap(os.path.join(node, "any.pcap"), packets, linktype=276)
    shutil.copy(os.path.join(HERE, "k8s.json"), os.path.join(root, "k8s.json"))
    shutil.copy(os.path.join(HERE, "ip-link.json"), os.path.join(node, "ip-link.json"))
    with open(os.path.join(node, "conntrack-stats.txt"), "w") as f:
        f.write(stats)


def stats(insert_failed):
    return ("# time: 2026-11-26T07:59:59Z\n"
            "cpu=0   \tfound=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 "
            "clash_resolve=0 chaintoolong=0 \n"
            "# time: 2026-11-26T08:00:10Z\n"
            f"cpu=0   \tfound=0 invalid=0 insert=0 insert_failed={insert_failed} drop={insert_failed} early_drop=0 "
            "error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n")


retry = []
retry += out_query(0.0, 0x1a2b, "A", 0x3001, lost=True)
retry += out_query(0.000100, 0x1a2c, "AAAA", 0x3002, lost=False)
retry += in_answer(0.001300, 0x1a2c, "AAAA", 0x7001)
retry += out_query(5.000400, 0x1a2b, "A", 0x3003, lost=False)
retry += in_answer(5.001500, 0x1a2b, "A", 0x7002)
bundle("retry", retry, stats(1))

ok = []
ok += out_query(0.0, 0x2b3c, "A", 0x4001, lost=False)
ok += out_query(0.000100, 0x2b3d, "AAAA", 0x4002, lost=False)
ok += in_answer(0.001100, 0x2b3c, "A", 0x8001)
ok += in_answer(0.001300, 0x2b3d, "AAAA", 0x8002)
ok += out_query(5.000400, 0x2b3e, "A", 0x4003, lost=False)
ok += in_answer(5.001500, 0x2b3e, "A", 0x8003)
bundle("ok", ok, stats(0))
