"""Queries over a lab bundle for lab/test: packets (through tshark), iptables counters, conntrack entries, routes.

Every packet comes back with the node and the interface name it was seen on (the SLL2 interface index of
`tcpdump -i any`, named through the node's ip-link.json) and its direction.
"""

import json
import os
import re
import subprocess
from dataclasses import dataclass
from typing import Dict, List, Optional

import topology as t

# Linux packet types in SLL/SLL2 headers.
PKTTYPE = {0: "in", 1: "broadcast", 2: "multicast", 3: "otherhost", 4: "out"}

FIELDS = ["frame.number", "frame.time_epoch", "sll.ifindex", "sll.pkttype", "frame.len", "ip.src", "ip.dst",
          "ip.proto", "ip.len", "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.id", "udp.srcport", "udp.dstport",
          "vxlan.vni", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.len",
          "tcp.options.mss_val", "icmp.type", "icmp.code", "icmp.mtu", "icmp.ident", "icmp.seq", "bgp.type",
          "bgp.notify.major_error", "bgp.notify.minor_error_cease", "bgp.withdrawn_prefix", "bgp.nlri_prefix",
          "data.data", "http.response.code"]


@dataclass
class Packet:
    node: str
    iface: str
    direction: str
    number: int
    time: float
    length: int
    f: Dict[str, List[str]]

    def all(self, name: str) -> List[str]:
        return self.f.get(name, [])

    def outer(self, name: str) -> Optional[str]:
        v = self.all(name)
        return v[0] if v else None

    def inner(self, name: str) -> Optional[str]:
        v = self.all(name)
        return v[-1] if v else None

    @property
    def encapsulated(self) -> bool:
        return bool(self.all("vxlan.vni"))

    def tcp_flags(self) -> int:
        v = self.inner("tcp.flags")
        return int(v, 16) if v else 0

    def is_syn(self) -> bool:
        return self.tcp_flags() & 0x12 == 0x02

    def is_synack(self) -> bool:
        return self.tcp_flags() & 0x12 == 0x12

    def __str__(self):
        return "%s/%s #%d %s %s>%s len=%d" % (self.node, self.iface, self.number, self.direction,
                                              self.inner("ip.src"), self.inner("ip.dst"), self.length)


class Bundle:
    def __init__(self, path: str):
        self.path = path
        with open(os.path.join(path, "manifest.json")) as f:
            self.manifest = json.load(f)
        self.nodes = sorted(os.listdir(os.path.join(path, "nodes")))
        self._cache: Dict[str, List[Packet]] = {}

    def file(self, node: str, name: str) -> str:
        return os.path.join(self.path, "nodes", node, name)

    def text(self, node: str, name: str) -> str:
        with open(self.file(node, name)) as f:
            return f.read()

    def json(self, node: str, name: str):
        with open(self.file(node, name)) as f:
            return json.load(f)

    def ifnames(self, node: str) -> Dict[int, str]:
        return {link["ifindex"]: link["ifname"] for link in self.json(node, "ip-link.json")}

    def packets(self, node: str) -> List[Packet]:
        """Every packet of the node's capture files, decoded by tshark (VXLAN on Flannel's port)."""
        if node in self._cache:
            return self._cache[node]
        names = self.ifnames(node) if os.path.exists(self.file(node, "ip-link.json")) else {}
        result = []
        for pcap in sorted(p for p in os.listdir(os.path.join(self.path, "nodes", node))
                           if p.endswith((".pcap", ".pcapng"))):
            # Each packet is dissected on its own: the same segment seen on four interfaces is not a retransmission.
            cmd = ["tshark", "-n", "-r", self.file(node, pcap), "-d", "udp.port==8472,vxlan",
                   "-o", "tcp.analyze_sequence_numbers:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
                   "-o", "ip.defragment:FALSE", "-T", "fields",
                   "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|"]
            for field in FIELDS:
                cmd += ["-e", field]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                cols = line.split("\t")
                f = {name: (cols[i].split("|") if i < len(cols) and cols[i] else []) for i, name in enumerate(FIELDS)}
                ifindex = int(f["sll.ifindex"][0]) if f["sll.ifindex"] else -1
                pkttype = int(f["sll.pkttype"][0]) if f["sll.pkttype"] else -1
                result.append(Packet(node, names.get(ifindex, pcap.rsplit(".", 1)[0] if ifindex < 0 else str(ifindex)),
                                     PKTTYPE.get(pkttype, "?"), int(f["frame.number"][0]),
                                     float(f["frame.time_epoch"][0]), int(f["frame.len"][0]), f))
        self._cache[node] = result
        return result

    def all_packets(self) -> List[Packet]:
        return [p for n in self.nodes for p in self.packets(n)]

    def iptables_counter(self, node: str, rule_pattern: str) -> int:
        """Packets counted by the rules of iptables-save -c whose text matches the regular expression."""
        total, found = 0, False
        for line in self.text(node, "iptables-save.txt").splitlines():
            m = re.match(r"^\[(\d+):(\d+)\] (-A .*)$", line)
            if m and re.search(rule_pattern, m.group(3)):
                total += int(m.group(1))
                found = True
        if not found:
            raise AssertionError("no rule matches /%s/ in %s's iptables-save.txt" % (rule_pattern, node))
        return total

    def conntrack(self, node: str) -> List[str]:
        return [line for line in self.text(node, "conntrack.txt").splitlines() if line.strip()]

    def conntrack_stat(self, node: str, counter: str) -> List[int]:
        """Per sample, the sum over CPUs of one `conntrack -S` counter."""
        samples, current = [], None
        for line in self.text(node, "conntrack-stats.txt").splitlines():
            if line.startswith("#"):
                current = 0
                samples.append(current)
                continue
            m = re.search(r"\b%s=(\d+)" % re.escape(counter), line)
            if m and samples:
                samples[-1] += int(m.group(1))
        return samples

    def routes(self, node: str) -> List[dict]:
        return self.json(node, "ip-route.json")


def retransmissions(packets: List[Packet]) -> List[Packet]:
    """Packets carrying the same TCP segment (SYN or data) as an earlier packet on the same interface and way."""
    seen, repeated = set(), []
    for p in packets:
        if not p.inner("tcp.seq_raw"):
            continue
        flags = p.tcp_flags()
        if not (flags & 0x02 or int(p.inner("tcp.len") or 0) > 0 or flags & 0x01):
            continue
        key = (p.node, p.iface, p.direction, p.inner("ip.src"), p.inner("ip.dst"), p.inner("tcp.srcport"),
               p.inner("tcp.dstport"), p.inner("tcp.seq_raw"), p.inner("tcp.len"), flags)
        if key in seen:
            repeated.append(p)
        seen.add(key)
    return repeated


# --- filters over packets, for the checks ---

def on(packets, node=None, iface=None, direction=None):
    return [p for p in packets if (node is None or p.node == node) and (iface is None or p.iface == iface)
            and (direction is None or p.direction == direction)]


def tcp(packets, src=None, dst=None, sport=None, dport=None):
    return [p for p in packets if p.inner("tcp.srcport") and (src is None or p.inner("ip.src") == src)
            and (dst is None or p.inner("ip.dst") == dst) and (sport is None or p.inner("tcp.srcport") == str(sport))
            and (dport is None or p.inner("tcp.dstport") == str(dport))]


def icmp_errors(packets):
    return [p for p in packets if p.outer("icmp.type") in ("3", "11", "12")
            or any(v in ("3", "11", "12") for v in p.all("icmp.type"))]


def vxlan(packets, src, dst):
    return [p for p in packets if p.encapsulated and p.outer("ip.src") == src and p.outer("ip.dst") == dst
            and p.outer("udp.dstport") == str(t.FLANNEL_PORT) and p.outer("vxlan.vni") == str(t.FLANNEL_VNI)]


def echo_requests(packets, src, size=None, df=None):
    return [p for p in packets if p.outer("icmp.type") == "8" and p.inner("ip.src") == src
            and (size is None or p.inner("ip.len") == str(size))
            and (df is None or p.inner("ip.flags.df") == ("1" if df else "0"))]


def frag_needed(packets, dst):
    return [p for p in packets if p.outer("icmp.type") == "3" and p.outer("icmp.code") == "4"
            and p.outer("ip.dst") == dst]


def fragments(packets, src):
    """IPv4 fragments (innermost header) from src, as {ip.id: [(offset in bytes, total length, more fragments)]}."""
    out = {}
    for p in packets:
        if p.inner("ip.src") != src:
            continue
        mf, off = p.inner("ip.flags.mf") == "1", int(p.inner("ip.frag_offset") or 0) * 8
        if mf or off:
            out.setdefault(p.inner("ip.id"), []).append((off, int(p.inner("ip.len")), mf))
    return out


def two_pieces(frags, limit):
    """Every datagram in exactly 2 fragments: the first (offset 0, MF) at most `limit` bytes, the last without MF."""
    return bool(frags) and all(len(f) == 2 and f[0][0] == 0 and f[0][2] and f[0][1] <= limit
                               and f[1][0] > 0 and not f[1][2] for f in frags.values())


def bgp_messages(packets, kind, src, dst):
    return [p for p in packets if kind in p.all("bgp.type") and p.outer("ip.src") == src and p.outer("ip.dst") == dst]


def ipvsadm_servers(text: str) -> dict:
    """`ipvsadm -Ln`: {"TCP 10.96.88.10:80": ["10.244.1.10:8080 Masq", ...]}."""
    servers, current = {}, None
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] in ("TCP", "UDP", "SCTP"):
            current = "%s %s" % (parts[0], parts[1])
            servers[current] = []
        elif current and line.startswith("  ->") and parts[1][0].isdigit():
            servers[current].append("%s %s" % (parts[1], parts[2]))
    return servers
