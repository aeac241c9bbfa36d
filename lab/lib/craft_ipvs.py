#!/usr/bin/python3
"""craft_ipvs.py BUNDLE START_EPOCH: node-a's and node-b's captures and state for kube-proxy in IPVS mode.

CRAFTED, NOT CAPTURED: this kernel has no IPVS. The packets are what Linux does with kube-proxy's IPVS mode on a
Flannel VXLAN cluster, built with scapy hop by hop as `tcpdump -i any` on each node would record them; ipvsadm.txt
(`ipvsadm -Ln`), iptables-save.txt, ipset.txt and the kube-ipvs0 dummy device are written by hand in the shapes
those tools print. The nodes run kernel 5.4 with net.ipv4.vs.conntrack=1 and net.ipv4.vs.conn_reuse_mode=1: on
kernels before 5.9, IPVS then drops the first SYN of a connection that reuses the source port of one it still
remembers, and the client waits a second for the retransmission (kubernetes#70747, #90854; fixed in Linux 5.9).
kube-proxy sets conn_reuse_mode=0 on such kernels to avoid it; here a node-tuning sysctl file set it back to the
kernel's default 1.
1. the client calls demo/web (10.96.88.10:80) from port 40061; IPVS (rr) sends it to web-1 10.244.1.10:8080, no
   KUBE-SVC/KUBE-SEP chain is involved; the client closes first;
2. half a second later it calls again from the same port: IPVS drops the SYN (seen on the pod's veth and cni0,
   never on flannel.1), the client retransmits it one second later, and IPVS then sends it to web-2 10.244.1.11.
"""

import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scapy.all import IP, TCP, UDP, Ether  # noqa: E402
from scapy.layers.vxlan import VXLAN  # noqa: E402

import kubeproxy  # noqa: E402
import topology as t  # noqa: E402
from craft import (POD, PKT_HOST, PKT_OTHERHOST, PKT_OUTGOING, Crossing, Iface, NodeTrace,  # noqa: E402
                   conntrack_stats, rewrite, write_node)

KERNEL = "5.4.0-150-generic"
CPORT = 40061


def vips(n: t.Node):
    """The addresses kube-proxy binds to kube-ipvs0: every ClusterIP."""
    return sorted({s.cluster_ip for s in t.SERVICES}, key=lambda ip: tuple(int(x) for x in ip.split(".")))


def node_trace(n: t.Node, pods) -> NodeTrace:
    ifaces = [Iface(1, "lo", 65536, None, addresses=["127.0.0.1/8"]),
              Iface(2, "eth0", t.UNDERLAY_MTU, n.mac, addresses=[n.ip + "/24"]),
              Iface(3, "cni0", t.FLANNEL_MTU, n.cni0_mac, kind="bridge", addresses=[n.cni0_ip + "/24"]),
              Iface(4, "flannel.1", t.FLANNEL_MTU, n.vtep_mac, kind="vxlan", addresses=[n.flannel_ip + "/32"],
                    info_data={"id": t.FLANNEL_VNI, "local": n.ip, "link": "eth0", "port": t.FLANNEL_PORT,
                               "learning": False}),
              Iface(5, "kube-ipvs0", 1500, "a2:51:4c:08:7e:%02x" % (10 + t.NODES.index(n)), kind="dummy", up=False,
                    addresses=[ip + "/32" for ip in vips(n)])]
    for i, p in enumerate(pods):
        ifaces.append(Iface(6 + i, t.pod(p).host_veth, t.FLANNEL_MTU, "5e:1d:%02x:33:0a:%02x" % (i, 6 + i),
                            kind="veth", master="cni0"))
    return NodeTrace(n.name, ifaces)


def routes(n: t.Node) -> list:
    r = [{"dst": "default", "gateway": t.GATEWAY_IP, "dev": "eth0", "flags": []},
         {"dst": n.pod_cidr, "dev": "cni0", "protocol": "kernel", "scope": "link", "prefsrc": n.cni0_ip, "flags": []},
         {"dst": t.UNDERLAY_CIDR, "dev": "eth0", "protocol": "kernel", "scope": "link", "prefsrc": n.ip, "flags": []}]
    r += [{"dst": o.pod_cidr, "gateway": o.flannel_ip, "dev": "flannel.1", "flags": ["onlink"]}
          for o in t.NODES if o is not n]
    return sorted(r, key=lambda x: (x["dst"] != "default", x["dst"]))


class Cluster:
    def __init__(self, start: float):
        self.a, self.b = t.node("node-a"), t.node("node-b")
        self.ta, self.tb = node_trace(self.a, ["client"]), node_trace(self.b, ["web-1", "web-2"])
        self.outer_id = {"node-a": 0x1b40, "node-b": 0x6d80}
        self.net = Crossing({"node-a": self.ta, "node-b": self.tb}, self.encapsulate,
                            [(POD, PKT_OTHERHOST, "sent"), ("cni0", PKT_HOST, "sent"),
                             ("flannel.1", PKT_OUTGOING, "fwd"), ("eth0", PKT_OUTGOING, "outer")],
                            [("eth0", PKT_HOST, "outer"), ("flannel.1", PKT_HOST, "fwd"),
                             ("cni0", PKT_OUTGOING, "deliver"), (POD, PKT_OUTGOING, "deliver")], self.mac)
        self.net.now = start

    def mac(self, node: str, iface: str, stage: str):
        me, peer = t.node(node), (self.b if node == "node-a" else self.a)
        sending = node == self.sending
        if iface == "eth0":
            return me.mac if sending else peer.mac
        if iface == "flannel.1":
            return me.vtep_mac if sending else peer.vtep_mac
        return self.pod_mac if stage == "sent" else me.cni0_mac

    def encapsulate(self, src: str, dst: str, inner: IP) -> IP:
        s, d = t.node(src), t.node(dst)
        self.outer_id[src] += 1
        flow = zlib.crc32(bytes(inner)[12:20] + bytes(inner)[20:24])   # addresses and ports pick the source port
        return IP(bytes(IP(src=s.ip, dst=d.ip, id=self.outer_id[src], ttl=64) / UDP(
            sport=32768 + flow % 28232, dport=t.FLANNEL_PORT) / VXLAN(vni=t.FLANNEL_VNI, flags=0x08) / Ether(
            src=s.vtep_mac, dst=d.vtep_mac) / inner))

    def send(self, src_pod, dst_pod, sent, after_src_nat=None, after_dst_nat=None):
        self.sending, self.pod_mac = t.pod(src_pod).node, t.pod(src_pod).mac
        self.net.cross(self.sending, t.pod(dst_pod).node, t.pod(src_pod).host_veth, t.pod(dst_pod).host_veth, sent,
                       after_src_nat, after_dst_nat)

    def dropped(self, sent: IP):
        """A SYN IPVS drops on node-a: seen on the pod's veth and on cni0, nowhere after."""
        veth = t.pod("client").host_veth
        self.ta.see(self.net.now, veth, PKT_OTHERHOST, sent, t.pod("client").mac)
        self.ta.see(self.net.now + 12e-6, "cni0", PKT_HOST, sent, t.pod("client").mac)
        self.net.now += 1e-3


def call(c: Cluster, web: str, cseq: int, sseq: int, ts: int, close: bool, dropped_first_syn: bool):
    client, vip, server = t.pod("client").ip, t.service("web").cluster_ip, t.pod(web).ip
    request = b"GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: netprobe\r\n\r\n" % vip.encode()
    body = b"pod=%s peer=%s:%d request=GET / HTTP/1.1\n" % (t.pod(web).name.encode(), client.encode(), CPORT)
    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    ids = {"c": 0x5100 + cseq % 0x100, "s": 0x8800 + sseq % 0x100}
    syn_opts = [("MSS", t.FLANNEL_MTU - 40), ("SAckOK", b""), ("Timestamp", (ts, 0)), ("NOP", None), ("WScale", 10)]

    def packet(who, flags, seq, ack, payload=b"", options=None):
        ids[who] += 1
        src, dst, sport, dport = (client, vip, CPORT, 80) if who == "c" else (server, client, 8080, CPORT)
        opts = options or [("NOP", None), ("NOP", None), ("Timestamp", (ts + 1, ts + 7))]
        return IP(bytes(IP(src=src, dst=dst, id=0 if flags == "SA" else ids[who], flags="DF") / TCP(
            sport=sport, dport=dport, flags=flags, seq=seq, ack=ack, window=64860 if "S" in flags else 64,
            options=opts) / payload))

    def c2s(*args, **kw):
        sent = packet("c", *args, **kw)
        c.send("client", web, sent, after_src_nat=rewrite(sent, dst=server, dport=8080))

    def s2c(*args, **kw):
        sent = packet("s", *args, **kw)
        c.send(web, "client", sent, after_dst_nat=rewrite(sent, src=vip, sport=80))

    syn_ts = ts
    if dropped_first_syn:
        c.dropped(packet("c", "S", cseq, 0, options=syn_opts))
        c.net.now += 1.0 - 1e-3   # the SYN retransmission timer: 1 s
        syn_ts = ts + 1024
        syn_opts = [("MSS", t.FLANNEL_MTU - 40), ("SAckOK", b""), ("Timestamp", (syn_ts, 0)), ("NOP", None),
                    ("WScale", 10)]
    c2s("S", cseq, 0, options=syn_opts)
    s2c("SA", sseq, cseq + 1, options=[("MSS", t.FLANNEL_MTU - 40), ("SAckOK", b""), ("Timestamp", (ts + 7, syn_ts)),
                                       ("NOP", None), ("WScale", 10)])
    c2s("A", cseq + 1, sseq + 1)
    c2s("PA", cseq + 1, sseq + 1, request)
    s2c("A", sseq + 1, cseq + 1 + len(request))
    c.net.now += 1.5e-3
    s2c("PA", sseq + 1, cseq + 1 + len(request), response)
    c2s("A", cseq + 1 + len(request), sseq + 1 + len(response))
    if close:
        c2s("FA", cseq + 1 + len(request), sseq + 1 + len(response))
        s2c("FA", sseq + 1 + len(response), cseq + 2 + len(request))
        c2s("A", cseq + 2 + len(request), sseq + 2 + len(response))


IPVSADM_HEADER = ("IP Virtual Server version 1.2.1 (size=4096)\n"
                  "Prot LocalAddress:Port Scheduler Flags\n"
                  "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n")


def ipvsadm(n: t.Node) -> str:
    """`ipvsadm -Ln` on the node: a virtual server per ClusterIP:port and per node address:NodePort."""
    active = {("node-a", "10.244.1.11:8080"): 1}
    lines = []
    node_addrs = [n.ip, n.cni0_ip, n.flannel_ip]
    servers = []
    for s in t.SERVICES:
        for port in s.ports:
            eps = ["%s:%d" % (ip, port.target_port) for ip in t.endpoint_ips(s)]
            servers.append(("%s:%d" % (s.cluster_ip, port.port), eps))
            if port.node_port:
                local_only = s.external_traffic_policy == "Local"
                node_eps = [e for e in eps if not local_only or t.endpoint_node(e.split(":")[0]) == n.name]
                servers += [("%s:%d" % (addr, port.node_port), node_eps) for addr in node_addrs]
    key = lambda vs: tuple(int(x) for x in vs[0].replace(":", ".").split("."))
    for vs, eps in sorted(servers, key=key):
        lines.append("TCP  %s rr" % vs)
        for e in eps:
            lines.append("  -> %-28s Masq    1      %-10d 0" % (e, active.get((n.name, e), 0) if vs.startswith("10.96.88.10:") else 0))
    return IPVSADM_HEADER + "\n".join(lines) + "\n"


def iptables(n: t.Node) -> str:
    """iptables-save of kube-proxy's IPVS mode (ipset matches instead of per-Service chains) and flanneld."""
    filt, nat = kubeproxy.Rules(), kubeproxy.Rules()
    kubeproxy.flannel_rules(n, filt, nat)
    c = lambda s: '"%s"' % s
    filter_rules = [
        "-A INPUT -m comment --comment %s -j KUBE-IPVS-FILTER" % c("kubernetes ipvs access filter"),
        "-A INPUT -m comment --comment %s -j KUBE-PROXY-FIREWALL" % c("kube-proxy firewall rules"),
        "-A INPUT -m comment --comment %s -j KUBE-NODE-PORT" % c("kubernetes health check rules"),
        "-A INPUT -j KUBE-FIREWALL",
        "-A FORWARD -m comment --comment %s -j KUBE-PROXY-FIREWALL" % c("kube-proxy firewall rules"),
        "-A FORWARD -m comment --comment %s -j KUBE-FORWARD" % c("kubernetes forwarding rules"),
        "-A FORWARD -m comment --comment %s -j FLANNEL-FWD" % c("flanneld forward"),
        "-A OUTPUT -m comment --comment %s -j KUBE-IPVS-OUT-FILTER" % c("kubernetes ipvs access filter"),
        "-A OUTPUT -j KUBE-FIREWALL",
        "-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment %s -m conntrack ! --ctstate "
        "RELATED,ESTABLISHED,DNAT -j DROP" % c("block incoming localnet connections"),
        "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
        "-A KUBE-FORWARD -m comment --comment %s -m mark --mark 0x4000/0x4000 -j ACCEPT" % c("kubernetes forwarding rules"),
        "-A KUBE-FORWARD -m comment --comment %s -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
        % c("kubernetes forwarding conntrack rule"),
        "-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN",
        "-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN",
        "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN",
        "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN",
        "-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN",
        "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT "
        "--reject-with icmp-port-unreachable",
        "-A KUBE-NODE-PORT -m comment --comment %s -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT"
        % c("Kubernetes health check node port"),
        "-A KUBE-SOURCE-RANGES-FIREWALL -j DROP",
    ] + filt.rules
    nat_rules = [
        "-A PREROUTING -m comment --comment %s -j KUBE-SERVICES" % c("kubernetes service portals"),
        "-A OUTPUT -m comment --comment %s -j KUBE-SERVICES" % c("kubernetes service portals"),
        "-A POSTROUTING -m comment --comment %s -j KUBE-POSTROUTING" % c("kubernetes postrouting rules"),
        "-A POSTROUTING -m comment --comment %s -j FLANNEL-POSTRTG" % c("flanneld masq"),
        "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ",
        "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
        "-A KUBE-NODE-PORT -p tcp -m comment --comment %s -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN"
        % c("Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
        "-A KUBE-NODE-PORT -p tcp -m comment --comment %s -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ"
        % c("Kubernetes nodeport TCP port for masquerade purpose"),
        "-A KUBE-POSTROUTING -m comment --comment %s -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE"
        % c("Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
        "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
        "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
        "-A KUBE-POSTROUTING -m comment --comment %s -j MASQUERADE --random-fully"
        % c("kubernetes service traffic requiring SNAT"),
        "-A KUBE-SERVICES ! -s %s -m comment --comment %s -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ"
        % (t.CLUSTER_CIDR, c("Kubernetes service cluster ip + port for masquerade purpose")),
        "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT",
        "-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT",
    ] + nat.rules
    head = "# Generated by iptables-save v1.8.7 on Sat Nov 21 09:00:02 2026\n"
    tail = "# Completed on Sat Nov 21 09:00:02 2026\n"
    chains = lambda names: "".join(":%s - [0:0]\n" % x for x in names)
    return (head + "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + chains(["FLANNEL-FWD", "KUBE-FIREWALL", "KUBE-FORWARD", "KUBE-IPVS-FILTER", "KUBE-IPVS-OUT-FILTER",
                      "KUBE-KUBELET-CANARY", "KUBE-NODE-PORT", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL"])
            + "\n".join(filter_rules) + "\nCOMMIT\n" + tail + head
            + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
            + chains(["FLANNEL-POSTRTG", "KUBE-KUBELET-CANARY", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ",
                      "KUBE-NODE-PORT", "KUBE-POSTROUTING", "KUBE-SERVICES"])
            + "\n".join(nat_rules) + "\nCOMMIT\n" + tail)


def ipset(n: t.Node) -> str:
    """`ipset list` for the sets the rules above match (abridged to name, type and members)."""
    cluster = ["%s,tcp:%d" % (s.cluster_ip, p.port) for s in t.SERVICES for p in s.ports]
    loop = ["%s,tcp:%d,%s" % (ip, p.target_port, ip) for s in t.SERVICES for p in s.ports for ip in t.endpoint_ips(s)
            if t.endpoint_node(ip) == n.name]
    nodeport = [str(p.node_port) for s in t.SERVICES for p in s.ports if p.node_port
                and s.external_traffic_policy == "Cluster"]
    local = [str(p.node_port) for s in t.SERVICES for p in s.ports if p.node_port and s.external_traffic_policy == "Local"]
    sets = [("KUBE-CLUSTER-IP", "hash:ip,port", cluster), ("KUBE-LOOP-BACK", "hash:ip,port,ip", loop),
            ("KUBE-NODE-PORT-TCP", "bitmap:port", nodeport), ("KUBE-NODE-PORT-LOCAL-TCP", "bitmap:port", local),
            ("KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port", [str(s.health_check_node_port) for s in t.SERVICES
                                                            if s.health_check_node_port]),
            ("KUBE-IPVS-IPS", "hash:ip", vips(n)), ("KUBE-LOAD-BALANCER", "hash:ip,port", []),
            ("KUBE-EXTERNAL-IP", "hash:ip,port", []), ("KUBE-EXTERNAL-IP-LOCAL", "hash:ip,port", [])]
    return "".join("Name: %s\nType: %s\nMembers:\n%s\n" % (name, kind, "".join(m + "\n" for m in sorted(members)))
                   for name, kind, members in sets)


def node_files(n: t.Node) -> dict:
    sysctl = "\n".join([
        "net.core.somaxconn = 4096",
        "net.ipv4.conf.all.forwarding = 1",
        "net.ipv4.ip_forward = 1",
        "net.ipv4.vs.conn_reuse_mode = 1",
        "net.ipv4.vs.conntrack = 1",
        "net.ipv4.vs.expire_nodest_conn = 1",
        "net.ipv4.vs.expire_quiescent_template = 1",
        "net.netfilter.nf_conntrack_max = 262144",
        "net.netfilter.nf_conntrack_tcp_be_liberal = 0",
        "net.netfilter.nf_conntrack_tcp_loose = 1",
    ]) + "\n"
    # Kernel 5.4 prints fewer counters than 6.x (ignore=, no clash_resolve=): parsers meet both.
    stats = conntrack_stats([("2026-11-21T09:00:00.000Z", "start"), ("2026-11-21T09:00:02.500Z", "end")],
                            "cpu=%d   \tfound=0 invalid=0 ignore=0 insert=0 insert_failed=0 drop=0 early_drop=0 "
                            "error=0 search_restart=0 \n")
    conntrack = ""
    if n.name == "node-a":
        conntrack = ("tcp      6 86398 ESTABLISHED src=10.244.0.10 dst=10.96.88.10 sport=40061 dport=80 "
                     "src=10.244.1.11 dst=10.244.0.10 sport=8080 dport=40061 [ASSURED] mark=0 use=1\n")
    return {"iptables-save.txt": iptables(n), "ipvsadm.txt": ipvsadm(n), "ipset.txt": ipset(n), "sysctl.txt": sysctl,
            "conntrack.txt": conntrack, "conntrack-stats.txt": stats,
            "CRAFTED.txt": "Crafted with scapy by lab/lib/craft_ipvs.py, not captured: this kernel has no IPVS.\n"
                           "It describes a node on kernel %s with net.ipv4.vs.conn_reuse_mode=1, where IPVS\n"
                           "drops the first SYN of a connection reusing a remembered source port (fixed in 5.9).\n"
                           % KERNEL}


def main(bundle: str, start: float):
    c = Cluster(start)
    call(c, "web-1", 2_811_400_513, 1_043_992_871, 3_301_560_010, close=True, dropped_first_syn=False)
    c.net.now += 0.5
    call(c, "web-2", 2_990_117_004, 3_771_205_338, 3_301_560_530, close=False, dropped_first_syn=True)
    write_node(bundle, c.ta, routes(c.a), node_files(c.a))
    write_node(bundle, c.tb, routes(c.b), node_files(c.b))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
