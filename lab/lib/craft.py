"""Helpers for the crafted bundles (IP-in-IP and IPVS, which this kernel cannot run): a packet's trip through a
node's interfaces as `tcpdump -i any` would record it (Linux cooked v2), and node state files in the shapes
`ip -j link|addr|route` print. Needs scapy, so the system Python (/usr/bin/python3).
"""

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from scapy.all import IP, TCP, PcapWriter, Raw
from scapy.layers.l2 import CookedLinuxV2

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)   # raw frames written as Raw: no linktype warnings

ARPHRD_ETHER, ARPHRD_TUNNEL = 1, 768
PKT_HOST, PKT_OTHERHOST, PKT_OUTGOING = 0, 3, 4
LINKTYPE_LINUX_SLL2 = 276


@dataclass
class Iface:
    index: int
    name: str
    mtu: int
    mac: Optional[str]          # None for devices without a link-layer address (tunl0)
    kind: Optional[str] = None  # linkinfo info_kind: veth, bridge, vxlan, ipip, dummy
    master: Optional[str] = None
    info_data: Optional[dict] = None
    up: bool = True
    addresses: List[str] = field(default_factory=list)   # "a.b.c.d/len"

    @property
    def hatype(self) -> int:
        return ARPHRD_TUNNEL if self.kind == "ipip" else ARPHRD_ETHER

    def link_json(self) -> dict:
        loopback = self.name == "lo"
        flags = ["LOOPBACK"] if loopback else (["NOARP"] if self.kind in ("ipip", "dummy") else ["BROADCAST", "MULTICAST"])
        if self.up:
            flags += ["UP", "LOWER_UP"]
        link = {"ifindex": self.index, "ifname": self.name, "flags": flags, "mtu": self.mtu,
                "qdisc": "noqueue", "operstate": "UNKNOWN" if loopback or self.kind in ("ipip", "dummy") else
                ("UP" if self.up else "DOWN"), "linkmode": "DEFAULT", "group": "default", "txqlen": 1000}
        if loopback:
            link.update(link_type="loopback", address="00:00:00:00:00:00", broadcast="00:00:00:00:00:00")
        elif self.kind == "ipip":
            link.update(link_type="ipip", address="0.0.0.0", broadcast="0.0.0.0")
        else:
            link.update(link_type="ether", address=self.mac, broadcast="ff:ff:ff:ff:ff:ff")
        if self.master:
            link["master"] = self.master
        if self.kind:
            info = {"info_kind": self.kind}
            if self.info_data:
                info["info_data"] = self.info_data
            link["linkinfo"] = info
        return link

    def addr_json(self) -> dict:
        link = self.link_json()
        for key in ("linkmode", "linkinfo", "master"):
            link.pop(key, None)
        link["addr_info"] = []
        for a in self.addresses:
            local, plen = a.split("/")
            scope = "host" if local.startswith("127.") else "global"
            link["addr_info"].append({"family": "inet", "local": local, "prefixlen": int(plen), "scope": scope,
                                      "label": self.name, "valid_life_time": 4294967295,
                                      "preferred_life_time": 4294967295})
        return link


class NodeTrace:
    """The packets one node's `tcpdump -i any` saw, with their times."""

    def __init__(self, name: str, ifaces: List[Iface]):
        self.name = name
        self.ifaces = {i.name: i for i in ifaces}
        self.frames = []   # (time, bytes)

    def see(self, when: float, iface: str, pkttype: int, packet, src_mac: Optional[str] = None):
        i = self.ifaces[iface]
        mac = src_mac or i.mac
        addr = bytes.fromhex(mac.replace(":", "")) if mac and i.hatype == ARPHRD_ETHER else b""
        frame = CookedLinuxV2(proto=0x0800, ifindex=i.index, lladdrtype=i.hatype, pkttype=pkttype,
                              lladdrlen=len(addr), src=addr.ljust(8, b"\0")) / packet
        self.frames.append((when, bytes(frame)))

    def write_pcap(self, path: str, snaplen: int = 256):
        with PcapWriter(path, linktype=LINKTYPE_LINUX_SLL2, sync=True, snaplen=snaplen) as w:
            for when, data in sorted(self.frames, key=lambda f: f[0]):
                pkt = Raw(data[:snaplen])
                pkt.time = when
                pkt.wirelen = len(data)
                w.write(pkt)


def write_json(path: str, doc):
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


def write_text(path: str, text: str):
    with open(path, "w") as f:
        f.write(text)


def write_node(bundle: str, trace: NodeTrace, routes: List[dict], files: Dict[str, str]):
    """nodes/<node>/any.pcap, ip-link.json, ip-addr.json, ip-route.json and the given text files."""
    d = os.path.join(bundle, "nodes", trace.name)
    os.makedirs(d, exist_ok=True)
    trace.write_pcap(os.path.join(d, "any.pcap"))
    ifaces = sorted(trace.ifaces.values(), key=lambda i: i.index)
    write_json(os.path.join(d, "ip-link.json"), [i.link_json() for i in ifaces])
    write_json(os.path.join(d, "ip-addr.json"), [i.addr_json() for i in ifaces])
    write_json(os.path.join(d, "ip-route.json"), routes)
    for name, text in files.items():
        write_text(os.path.join(d, name), text)


POD = "POD"   # in a path: the pod's host-side veth


class Crossing:
    """Carries packets from a pod on one node to a pod on another and records every hop, as each node's
    `tcpdump -i any` would. A path lists (interface, packet type, stage) per node, stage being "sent" (as the pod
    sent it), "fwd" (after the first node's routing and NAT), "outer" (encapsulated) or "deliver" (after the second
    node's routing and NAT). `macs(node, iface, stage)` gives the link-layer source recorded with each hop."""

    def __init__(self, traces: Dict[str, NodeTrace], encapsulate, out_path, in_path, macs):
        self.traces, self.encapsulate, self.out_path, self.in_path, self.macs = (
            traces, encapsulate, out_path, in_path, macs)
        self.now = 0.0

    def cross(self, src_node: str, dst_node: str, src_veth: str, dst_veth: str, sent: IP,
              after_src_nat: IP = None, after_dst_nat: IP = None, step: float = 12e-6, wire: float = 140e-6):
        fwd = ttl(after_src_nat or sent, 1)
        stages = {"sent": sent, "fwd": fwd, "outer": self.encapsulate(src_node, dst_node, fwd),
                  "deliver": ttl(after_dst_nat or fwd, 1 if after_dst_nat is None else 2)}
        when = self.now
        for node, path, veth in ((src_node, self.out_path, src_veth), (dst_node, self.in_path, dst_veth)):
            for iface, pkttype, stage in path:
                name = veth if iface == POD else iface
                self.traces[node].see(when, name, pkttype, stages[stage], self.macs(node, iface, stage))
                when += step
            when += wire
        self.now = when + 200e-6


def ttl(packet: IP, hops: int) -> IP:
    """A copy of the packet after `hops` routers (TTL decremented, checksum recomputed)."""
    p = packet.copy()
    p.ttl -= hops
    del p.chksum
    return IP(bytes(p))


def rewrite(pkt: IP, **fields) -> IP:
    """The packet with addresses (src, dst) or TCP ports (sport, dport) changed, as NAT changes them."""
    p = pkt.copy()
    for k, v in fields.items():
        setattr(p if k in ("src", "dst") else p[TCP], k, v)
    del p.chksum
    if TCP in p:
        del p[TCP].chksum
    return IP(bytes(p))


def conntrack_stats(samples, line: str) -> str:
    """conntrack-stats.txt: for each (time, label) a time line, then `line % cpu` for CPUs 0 and 1."""
    return "".join("# %s %s\n" % (when, label) + "".join(line % cpu for cpu in (0, 1)) for when, label in samples)
