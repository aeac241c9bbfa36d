#!/usr/bin/python3
"""verify.py SCENARIO BUNDLE: asserts what the kernel did in a lab scenario, from the bundle alone.

Prints one "ok"/"FAIL" line per check and exits 1 if any check failed. The checks read the captures (tshark),
iptables-save -c counters, conntrack tables and routes, so a bundle that passes is known to contain the failure.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import topology as t  # noqa: E402
from bundleq import (Bundle, bgp_messages, echo_requests, frag_needed, fragments, icmp_errors, ipvsadm_servers,  # noqa: E402
                     on, retransmissions, tcp, two_pieces, vxlan)

NODE_FILES = ("iptables-save.txt", "conntrack.txt", "conntrack-stats.txt", "sysctl.txt", "ip-link.json",
              "ip-addr.json", "ip-route.json", "any.pcap")
INVALID_DROP = r"^-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP$"


class Checker:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, what: str, ok: bool, detail: str = ""):
        if ok:
            self.passed += 1
            print("  ok   - " + what)
        else:
            self.failed += 1
            print("  FAIL - " + what + (": " + detail if detail else ""))
        return ok


def veth(pod_short: str) -> str:
    return t.pod(pod_short).host_veth


def common(c: Checker, b: Bundle, scenario: str):
    c.check("manifest names the scenario and says it was made by the kernel",
            b.manifest.get("scenario") == scenario and b.manifest.get("crafted") is False, str(b.manifest)[:200])
    missing = [n + "/" + f for n in [x.name for x in t.NODES] for f in NODE_FILES
               if not os.path.exists(b.file(n, f))]
    c.check("every node has captures and state files", not missing, "missing " + ", ".join(missing))
    with open(os.path.join(b.path, "k8s.json")) as f:
        kinds = {item["kind"] for item in json.load(f)["items"]}
    c.check("k8s.json lists pods, services, endpointslices and nodes",
            {"Pod", "Service", "EndpointSlice", "Node"} <= kinds, str(kinds))


# --- scenarios ----------------------------------------------------------------------------------------------------

def baseline(c: Checker, b: Bundle):
    a, bn = t.node("node-a"), t.node("node-b")
    client, vip = t.pod("client").ip, t.service("web").cluster_ip
    web_ips = {t.pod("web-1").ip, t.pod("web-2").ip}
    pk = b.all_packets()
    syn_in = [p for p in tcp(on(pk, "node-a", veth("client")), client, vip, 40001, 80) if p.is_syn()]
    c.check("node-a: the client's SYN to the VIP %s:80 enters on its veth" % vip, len(syn_in) == 1, str(len(syn_in)))
    enc = [p for p in vxlan(on(pk, "node-a", "eth0", "out"), a.ip, bn.ip)
           if p.inner("ip.src") == client and p.inner("ip.dst") in web_ips and p.inner("tcp.dstport") == "8080"]
    c.check("node-a: the DNATed SYN leaves eth0 in VXLAN %s -> %s, VNI %d, UDP %d, inner dst a web pod :8080"
            % (a.ip, bn.ip, t.FLANNEL_VNI, t.FLANNEL_PORT), any(p.is_syn() for p in enc))
    for port in (40001, 40002):
        got = [p.iface for w in ("web-1", "web-2")
               for p in tcp(on(pk, "node-b", veth(w)), client, t.pod(w).ip, port, 8080) if p.is_syn()]
        c.check("node-b: connection %s:%d reaches one web pod's veth, source address kept" % (client, port),
                len(got) == 1, str(got))
    answers = [p for p in tcp(on(pk, "node-a", veth("client")), vip, client, 80, None)
               if p.inner("http.response.code") == "200"]
    c.check("node-a: 5 HTTP 200 answers reach the client from the VIP (reverse NAT)", len(answers) == 5, str(len(answers)))
    echo = [p for p in on(pk, "node-a", veth("client")) if p.inner("icmp.type") == "0"]
    c.check("node-a: both echo replies from %s reach the client" % t.pod("web-1").ip, len(echo) == 2, str(len(echo)))
    c.check("no TCP segment is retransmitted on any interface", not retransmissions(pk),
            ", ".join(map(str, retransmissions(pk)[:3])))
    c.check("no ICMP error anywhere", not icmp_errors(pk), ", ".join(map(str, icmp_errors(pk)[:3])))
    drops = {n: b.iptables_counter(n, INVALID_DROP) for n in b.nodes}
    c.check("no packet hit the KUBE-FORWARD INVALID drop", not any(drops.values()), str(drops))
    nat = [e for e in b.conntrack("node-a") if "dst=%s" % vip in e and "sport=40001" in e]
    c.check("node-a conntrack: the connection to the VIP, DNATed to a web pod, ASSURED",
            len(nat) == 1 and "[ASSURED]" in nat[0] and any("src=%s" % ip in nat[0] for ip in web_ips), str(nat))


def mtu_blackhole(c: Checker, b: Bundle):
    src, gw = t.pod("mtu-client").ip, t.node("node-a").cni0_ip
    pk = b.all_packets()
    v = veth("mtu-client")
    small = echo_requests(on(pk, "node-b", veth("web-1")), src, 84)
    c.check("node-b: the small DF pings reach web-1", len(small) == 2, str(len(small)))
    big_in = echo_requests(on(pk, "node-a", v, "otherhost"), src, 1500, df=True)
    c.check("node-a: 3 DF echo requests of 1500 bytes enter on the pod's veth %s" % v, len(big_in) == 3, str(len(big_in)))
    big_cni = echo_requests(on(pk, "node-a", "cni0", "in"), src, 1500, df=True)
    c.check("node-a: the same 3 reach the node through cni0", len(big_cni) == 3, str(len(big_cni)))
    icmp = frag_needed(on(pk, "node-a", v, "out"), src)
    c.check("node-a: 3 ICMP fragmentation-needed go back out the pod's veth", len(icmp) == 3, str(len(icmp)))
    c.check("they come from the pod's gateway %s and carry next-hop MTU %d" % (gw, t.FLANNEL_MTU),
            icmp and all(p.outer("ip.src") == gw and p.outer("icmp.mtu") == str(t.FLANNEL_MTU) for p in icmp),
            ", ".join("%s mtu=%s" % (p.outer("ip.src"), p.outer("icmp.mtu")) for p in icmp))
    c.check("each quotes the refused 1500-byte echo request",
            icmp and all(p.all("ip.len")[1:2] == ["1500"] and p.all("icmp.type")[1:2] == ["8"] for p in icmp))
    leaked = echo_requests(on(pk, "node-a", "flannel.1") + on(pk, "node-a", "eth0"), src, 1500)
    c.check("node-a: no 1500-byte request leaves through flannel.1 or eth0", not leaked, ", ".join(map(str, leaked)))
    far = [p for p in on(pk, "node-b") if p.inner("ip.src") == src and p.inner("ip.len") == "1500"]
    c.check("node-b: the 1500-byte packets never arrive", not far, ", ".join(map(str, far)))
    syn = [p for p in tcp(on(pk, "node-a", v), src, None, 40011) if p.is_syn()]
    synack = [p for p in tcp(on(pk, "node-a", v), None, src, None, 40011) if p.is_synack()]
    c.check("the pod's SYN announces MSS 1460, the SYN-ACK MSS 1410",
            [p.inner("tcp.options.mss_val") for p in syn] == ["1460"]
            and [p.inner("tcp.options.mss_val") for p in synack] == ["1410"],
            "%s / %s" % ([p.inner("tcp.options.mss_val") for p in syn], [p.inner("tcp.options.mss_val") for p in synack]))


def fragmentation(c: Checker, b: Bundle):
    src, dst = t.pod("mtu-client").ip, t.pod("web-1").ip
    pk = b.all_packets()
    whole = echo_requests(on(pk, "node-a", veth("mtu-client"), "otherhost"), src, 1500, df=False)
    c.check("node-a: 2 echo requests of 1500 bytes without DF enter on the pod's veth", len(whole) == 2, str(len(whole)))
    f1 = fragments(on(pk, "node-a", "flannel.1", "out"), src)
    c.check("node-a: flannel.1 sends each as 2 fragments, the first MF and <= %d bytes" % t.FLANNEL_MTU,
            len(f1) == 2 and two_pieces(f1, t.FLANNEL_MTU), str(f1))
    eth = [p for p in vxlan(on(pk, "node-a", "eth0", "out"), t.node("node-a").ip, t.node("node-b").ip)
           if p.inner("ip.src") == src]
    fe = fragments(eth, src)
    c.check("node-a: the same fragments leave eth0 inside VXLAN, outer packets <= %d bytes" % t.UNDERLAY_MTU,
            fe == f1 and all(int(p.outer("ip.len")) <= t.UNDERLAY_MTU for p in eth), "%s vs %s" % (fe, f1))
    arrived = fragments(on(pk, "node-b", "eth0", "in"), src)
    c.check("node-b: all fragments arrive on eth0", arrived == f1, str(arrived))
    delivered = fragments(on(pk, "node-b", veth("web-1"), "out"), src)
    c.check("node-b: web-1 gets both requests as fragments on its veth", len(delivered) == 2 and two_pieces(
        delivered, t.FLANNEL_MTU), str(delivered))
    replies = fragments(on(pk, "node-b", veth("web-1"), "otherhost"), dst)
    c.check("node-b: web-1 (MTU %d) sends each 1500-byte reply as 2 fragments" % t.FLANNEL_MTU,
            len(replies) == 2 and two_pieces(replies, t.FLANNEL_MTU), str(replies))
    back = fragments(on(pk, "node-a", veth("mtu-client"), "out"), dst)
    c.check("node-a: the reply fragments reach mtu-client", back == replies, "%s vs %s" % (back, replies))
    c.check("no ICMP error anywhere", not icmp_errors(pk), ", ".join(map(str, icmp_errors(pk)[:3])))


def syn_no_endpoint(c: Checker, b: Bundle):
    client, vip, pod_ip = t.pod("client").ip, t.service("orders").cluster_ip, t.pod("orders").ip
    pk = b.all_packets()
    syns = [p for p in tcp(on(pk, "node-a", veth("client"), "otherhost"), client, vip, 40021, 80) if p.is_syn()]
    seqs = {p.inner("tcp.seq_raw") for p in syns}
    c.check("node-a: the client sends its SYN to %s:80 at least 3 times, same sequence number" % vip,
            len(syns) >= 3 and len(seqs) == 1, "%d SYNs, seqs %s" % (len(syns), seqs))
    out = [p for p in vxlan(on(pk, "node-a", "eth0", "out"), t.node("node-a").ip, t.node("node-c").ip)
           if p.inner("ip.dst") == pod_ip and p.inner("tcp.dstport") == "8080" and p.is_syn()]
    c.check("node-a: every SYN leaves DNATed to %s:8080 in VXLAN towards node-c" % pod_ip, len(out) == len(syns),
            "%d of %d" % (len(out), len(syns)))
    at_pod = [p for p in tcp(on(pk, "node-c", veth("orders"), "out"), client, pod_ip, 40021, 8080) if p.is_syn()]
    c.check("node-c: every SYN is delivered to the orders pod's veth", len(at_pod) == len(syns),
            "%d of %d" % (len(at_pod), len(syns)))
    answers = [p for p in tcp(pk, None, client, None, 40021) if p.tcp_flags() & 0x14]
    c.check("no SYN-ACK (nor RST) ever comes back, on any node", not answers, ", ".join(map(str, answers[:3])))
    ct = [e for e in b.conntrack("node-a") if "sport=40021" in e and "dst=%s" % vip in e]
    c.check("node-a conntrack: SYN_SENT [UNREPLIED], reply expected from %s" % pod_ip,
            len(ct) == 1 and "SYN_SENT" in ct[0] and "[UNREPLIED]" in ct[0] and "src=%s" % pod_ip in ct[0], str(ct))
    legacy = t.service("legacy").cluster_ip
    rejected = [p for p in on(pk, "node-a", veth("client"), "out") if p.outer("icmp.type") == "3"
                and p.outer("icmp.code") == "3" and p.outer("ip.dst") == client and legacy in p.all("ip.dst")]
    c.check("node-a: the SYN to demo/legacy %s (no endpoints) gets ICMP port unreachable" % legacy, len(rejected) == 1,
            str(len(rejected)))
    c.check("node-a: kube-proxy's 'has no endpoints' REJECT rule counted it",
            b.iptables_counter("node-a", r"demo/legacy:http has no endpoints.*-j REJECT") == 1)
    further = [p for n in ("node-b", "node-c") for p in tcp(on(pk, n), client, None, 40022)] + [
        p for p in tcp(on(pk, "node-a", "eth0"), client, None, 40022)]
    c.check("the rejected SYN goes no further than node-a", not further, ", ".join(map(str, further[:3])))


def conntrack_invalid(c: Checker, b: Bundle):
    client, vip = t.pod("client").ip, t.service("web").cluster_ip
    pk = b.all_packets()
    ct = [e for e in b.conntrack("node-a") if "sport=40031" in e and "dst=%s" % vip in e]
    server = next((w for w in ("web-1", "web-2") if ct and "src=%s " % t.pod(w).ip in ct[0]), None)
    c.check("node-a conntrack: the client's connection to the VIP, DNATed to a web pod", server is not None, str(ct))
    if server is None:
        return
    bad = lambda packets: [p for p in packets if p.inner("ip.id") in ("0xbad0", "0xbad1", "0xbad2")]
    c.check("node-b: the 3 crafted segments leave %s on its veth" % server,
            len(bad(on(pk, "node-b", veth(server), "otherhost"))) == 3)
    c.check("node-b: and enter the node through cni0", len(bad(on(pk, "node-b", "cni0", "in"))) == 3)
    seg = bad(on(pk, "node-b", veth(server)))
    c.check("they belong to the connection (%s:8080 -> %s:40031)" % (t.pod(server).ip, client),
            seg and all(p.inner("tcp.srcport") == "8080" and p.inner("tcp.dstport") == "40031"
                        and p.inner("ip.dst") == client for p in seg))
    c.check("node-b: KUBE-FORWARD's ctstate INVALID DROP counted 3 packets",
            b.iptables_counter("node-b", INVALID_DROP) == 3, str(b.iptables_counter("node-b", INVALID_DROP)))
    inv = b.conntrack_stat("node-b", "invalid")
    c.check("node-b: conntrack -S invalid grew by 3 between the first and the last sample",
            len(inv) >= 2 and inv[-1] - inv[0] == 3, str(inv))
    leaked = bad(on(pk, "node-b", "flannel.1") + on(pk, "node-b", "eth0")) + bad(on(pk, "node-a"))
    c.check("the segments never leave node-b: not on its flannel.1 or eth0, not on node-a", not leaked,
            ", ".join(map(str, leaked[:3])))
    answers = [p for p in tcp(on(pk, "node-a", veth("client"), "out"), vip, client, 80, 40031)
               if p.inner("http.response.code") == "200"]
    c.check("the connection carries on: both requests are answered", len(answers) == 2, str(len(answers)))
    resets = [p for p in tcp(pk, None, None, None, None) if p.tcp_flags() & 0x04]
    c.check("no RST anywhere", not resets, ", ".join(map(str, resets[:3])))


def hairpin(c: Checker, b: Bundle):
    api, vip, gw = t.pod("api").ip, t.service("api").cluster_ip, t.node("node-a").cni0_ip
    v = veth("api")
    pk = on(b.all_packets(), "node-a")
    syn1 = [p for p in tcp(on(pk, iface=v, direction="otherhost"), api, vip, 40041, 80) if p.is_syn()]
    c.check("phase 1: the api pod's SYN to its own Service %s:80 enters on its veth" % vip, len(syn1) == 1)
    seq1 = syn1[0].inner("tcp.seq_raw") if syn1 else None
    back = [p for p in tcp(on(pk, iface=v, direction="out"), gw, api, None, 8080)
            if p.is_syn() and p.inner("tcp.seq_raw") == seq1]
    c.check("phase 1: the same SYN goes back out of the same veth, DNATed to %s:8080 and SNATed to %s" % (api, gw),
            len(back) == 1)
    answers = [p for p in tcp(on(pk, iface=v, direction="out"), vip, api, 80, 40041)
               if p.inner("http.response.code") == "200"]
    c.check("phase 1: both calls are answered (from the VIP, after reverse NAT)", len(answers) == 2, str(len(answers)))
    ct = [e for e in b.conntrack("node-a") if "sport=40041" in e]
    c.check("phase 1: node-a conntrack holds the connection with DNAT to %s and SNAT to %s" % (api, gw),
            len(ct) == 1 and "dst=%s" % vip in ct[0] and "src=%s dst=%s sport=8080" % (api, gw) in ct[0], str(ct))
    syn2 = [p for p in tcp(on(pk, iface=v, direction="otherhost"), api, vip, 40042, 80) if p.is_syn()]
    seq2 = {p.inner("tcp.seq_raw") for p in syn2}
    c.check("phase 2: the SYN from port 40042 is sent at least twice (retransmitted)", len(syn2) >= 2 and len(seq2) == 1,
            "%d SYNs" % len(syn2))
    dnat = [p for p in tcp(on(pk, iface="cni0", direction="out"), api, api, 40042, 8080) if p.is_syn()]
    c.check("phase 2: the bridge sees it DNATed to %s:8080 (cni0, outgoing)" % api, len(dnat) == len(syn2),
            "%d of %d" % (len(dnat), len(syn2)))
    lost = [p for p in on(pk, iface=v, direction="out") if p.inner("tcp.seq_raw") in seq2]
    c.check("phase 2: but it never comes back out of the veth: the bridge does not send it back where it came from",
            not lost, ", ".join(map(str, lost[:3])))
    c.check("phase 2: nothing answers port 40042", not tcp(pk, None, api, None, 40042))
    c.check("phase 2: no conntrack entry: the SYN died before conntrack confirmed it",
            not [e for e in b.conntrack("node-a") if "sport=40042" in e])
    sep = b.iptables_counter("node-a", r"^-A KUBE-SEP-\S+ -s %s/32 .*-j KUBE-MARK-MASQ" % api)
    c.check("KUBE-SEP's hairpin rule (-s %s -j KUBE-MARK-MASQ) matched phase 1's SYN and every phase-2 SYN" % api,
            sep == 1 + len(syn2), "%d, expected %d" % (sep, 1 + len(syn2)))
    modes = {link["ifname"]: link.get("linkinfo", {}).get("info_slave_data", {}).get("hairpin")
             for link in b.json("node-a", "ip-link.json") if link["ifname"].startswith("veth")}
    c.check("ip-link.json: hairpin off on %s, on for the other pods" % v,
            modes.get(v) is False and all(m for name, m in modes.items() if name != v), str(modes))


def double_hop(c: Checker, b: Bundle):
    ext, a, bn = t.EXTERNAL_CLIENT_IP, t.node("node-a"), t.node("node-b")
    np_, lp = t.service("web-nodeport").ports[0].node_port, t.service("web-local").ports[0].node_port
    web = {t.pod(w).ip: w for w in ("web-1", "web-2")}
    pk = b.all_packets()
    syn = [p for p in tcp(on(pk, "node-a", "eth0", "in"), ext, a.ip, 40051, np_) if p.is_syn()]
    c.check("Cluster: the client's SYN to NodePort %s:%d arrives on node-a's eth0" % (a.ip, np_), len(syn) == 1)
    seq = syn[0].inner("tcp.seq_raw") if syn else None
    fwd = [p for p in vxlan(on(pk, "node-a", "eth0", "out"), a.ip, bn.ip) if p.inner("tcp.seq_raw") == seq and p.is_syn()]
    c.check("Cluster: the same SYN leaves node-a's eth0 again, in VXLAN to node-b (second trip on the underlay)",
            len(fwd) == 1)
    c.check("Cluster: its source is rewritten to node-a's flannel.1 address %s, destination a web pod :8080" % a.flannel_ip,
            len(fwd) == 1 and fwd[0].inner("ip.src") == a.flannel_ip and fwd[0].inner("ip.dst") in web
            and fwd[0].inner("tcp.dstport") == "8080", str(fwd[0].f if fwd else None)[:300])
    target = fwd[0].inner("ip.dst") if fwd else None
    at_pod = [p for p in on(pk, "node-b", veth(web[target]) if target else None, "out")
              if p.inner("tcp.seq_raw") == seq] if target else []
    c.check("Cluster: the web pod receives it from %s: the client's address is lost" % a.flannel_ip,
            at_pod and all(p.inner("ip.src") == a.flannel_ip for p in at_pod))
    answers = [p for p in tcp(on(pk, "node-a", "eth0", "out"), a.ip, ext, np_, 40051)
               if p.inner("http.response.code") == "200"]
    c.check("Cluster: both answers go back to the client from node-a's NodePort", len(answers) == 2, str(len(answers)))
    ct = [e for e in b.conntrack("node-a") if "sport=40051" in e]
    c.check("Cluster: node-a conntrack shows the DNAT to a web pod and the SNAT to %s" % a.flannel_ip,
            len(ct) == 1 and "dst=%s sport=8080" % a.flannel_ip in ct[0], str(ct))
    c.check("Cluster: node-a's KUBE-EXT 'masquerade traffic for demo/web-nodeport:http' rule counted the SYN",
            b.iptables_counter("node-a", r"masquerade traffic for demo/web-nodeport:http external") == 1)
    local = [p for p in on(pk, "node-b") if p.inner("tcp.srcport") == "40052" and p.inner("ip.dst") in web and p.is_syn()
             and p.iface in (veth("web-1"), veth("web-2"))]
    c.check("Local on node-b: the SYN reaches a web pod from %s (client address kept, no SNAT)" % ext,
            len(local) == 1 and local[0].inner("ip.src") == ext, str([str(p) for p in local]))
    c.check("Local on node-b: answered, and node-a never sees it", any(
        p.inner("http.response.code") == "200" for p in tcp(on(pk, "node-b", "eth0", "out"), bn.ip, ext, lp, 40052))
        and not tcp(on(pk, "node-a"), None, None, 40052) + tcp(on(pk, "node-a"), None, None, None, 40052))
    dropped = [p for p in tcp(on(pk, "node-a", "eth0", "in"), ext, a.ip, 40053, lp) if p.is_syn()]
    c.check("Local on node-a: the SYN to %s:%d is sent at least twice and never answered" % (a.ip, lp),
            len(dropped) >= 2 and not tcp(pk, None, ext, None, 40053), str(len(dropped)))
    c.check("Local on node-a: KUBE-EXTERNAL-SERVICES 'has no local endpoints' DROP counted every one of them",
            b.iptables_counter("node-a", r"demo/web-local:http has no local endpoints.*-j DROP") == len(dropped))
    c.check("Local on node-a: nothing is forwarded to another node",
            not [p for p in on(pk, "node-a", "eth0", "out") if p.encapsulated and p.inner("tcp.seq_raw") in
                 {d.inner("tcp.seq_raw") for d in dropped}])


def bird_routes(b: Bundle, node: str):
    return {r["dst"]: r.get("gateway") for r in b.routes(node) if r.get("protocol") == "bird"}


def flannel_routes(b: Bundle, node: str):
    return {r["dst"] for r in b.routes(node) if r.get("dev") == "flannel.1"}


def bgp_down(c: Checker, b: Bundle):
    a, bn, cn = t.node("node-a"), t.node("node-b"), t.node("node-c")
    pk = b.all_packets()
    cease = [p for p in bgp_messages(on(pk, "node-b", "eth0", "in"), "3", a.ip, bn.ip)
             if p.outer("bgp.notify.major_error") == "6"]
    c.check("node-b receives a NOTIFICATION Cease from node-a, subcode Administrative Shutdown (2)",
            len(cease) == 1 and cease[0].outer("bgp.notify.minor_error_cease") == "2", str(len(cease)))
    c.check("node-a's eth0 shows it leaving", len([p for p in bgp_messages(on(pk, "node-a", "eth0", "out"), "3", a.ip, bn.ip)
                                                   if p.outer("bgp.notify.major_error") == "6"]) == 1)
    for peer in (a, bn):
        withdrawn = [p for p in bgp_messages(on(pk, peer.name, "eth0", "in"), "2", cn.ip, peer.ip)
                     if "10.244.2.0" in p.all("bgp.withdrawn_prefix")]
        c.check("%s receives an UPDATE from node-c withdrawing %s" % (peer.name, cn.pod_cidr), len(withdrawn) == 1,
                str(len(withdrawn)))
    hold = [p for p in bgp_messages(on(pk, "node-b", "eth0", "in"), "3", cn.ip, bn.ip)
            if p.outer("bgp.notify.major_error") == "4"]
    c.check("node-b receives a NOTIFICATION Hold Timer Expired (4) from node-c", len(hold) == 1, str(len(hold)))
    routes = {n: bird_routes(b, n) for n in b.nodes}
    c.check("node-b: no BIRD route left (%s and %s are gone)" % (a.pod_cidr, cn.pod_cidr), routes["node-b"] == {},
            str(routes["node-b"]))
    c.check("node-a: no BIRD route to %s" % cn.pod_cidr, cn.pod_cidr not in routes["node-a"], str(routes["node-a"]))
    c.check("node-c: no BIRD route to %s, but %s via %s is still there (that session is up)" % (
        bn.pod_cidr, a.pod_cidr, a.ip), routes["node-c"] == {a.pod_cidr: a.ip}, str(routes["node-c"]))
    c.check("Flannel's routes through flannel.1 are all still there", all(
        flannel_routes(b, n.name) == {o.pod_cidr for o in t.NODES if o is not n} for n in t.NODES))
    c.check("node-c's BIRD reports the hold timer expiry", "Hold timer expired" in b.text("node-c", "bird-protocols.txt"))
    c.check("node-b's BIRD does not answer (it hangs)", "no answer" in b.text("node-b", "bird-protocols.txt"))


def crafted(c: Checker, b: Bundle, script: str):
    c.check("manifest says crafted: true", b.manifest.get("crafted") is True)
    c.check("every node directory says it was crafted (CRAFTED.txt names %s)" % script, all(
        script in b.text(n, "CRAFTED.txt") for n in b.nodes))


def link(b: Bundle, node: str, name: str) -> dict:
    return next((x for x in b.json(node, "ip-link.json") if x["ifname"] == name), {})


def ipip_crafted(c: Checker, b: Bundle):
    crafted(c, b, "craft_ipip.py")
    a, bn = t.node("node-a"), t.node("node-b")
    client, web, vip = t.pod("client").ip, t.pod("web-1").ip, t.service("web").cluster_ip
    pk = b.all_packets()
    tunl = link(b, "node-a", "tunl0")
    c.check("node-a: tunl0 is an ipip device with MTU 1480", tunl.get("linkinfo", {}).get("info_kind") == "ipip"
            and tunl.get("mtu") == 1480, str(tunl)[:200])
    ipip = lambda packets, src, dst: [p for p in packets if p.all("ip.proto")[:1] == ["4"] and p.outer("ip.src") == src
                                      and p.outer("ip.dst") == dst]
    syn = [p for p in ipip(on(pk, "node-a", "eth0", "out"), a.ip, bn.ip) if p.inner("ip.dst") == web and p.is_syn()]
    c.check("node-a: the DNATed SYN leaves eth0 in IP-in-IP %s -> %s, inner %s -> %s:8080" % (a.ip, bn.ip, client, web),
            len(syn) == 1 and syn[0].inner("ip.src") == client and syn[0].inner("tcp.dstport") == "8080")
    c.check("node-b: it arrives on eth0 and comes out of tunl0 decapsulated",
            len([p for p in ipip(on(pk, "node-b", "eth0", "in"), a.ip, bn.ip) if p.is_syn()]) == 1
            and len([p for p in on(pk, "node-b", "tunl0", "in") if p.is_syn() and len(p.all("ip.src")) == 1]) == 1)
    answers = [p for p in tcp(on(pk, "node-a", direction="out"), vip, client, 80, 40071)
               if p.inner("http.response.code") == "200"]
    c.check("node-a: the HTTP 200 reaches the client from the VIP", len(answers) == 1)
    c.check("both nodes are on one subnet (%s): IP-in-IP there is overhead CrossSubnet would avoid" % t.UNDERLAY_CIDR,
            all(any(r.get("dst") == t.UNDERLAY_CIDR and r.get("dev") == "eth0" for r in b.routes(n)) for n in b.nodes))
    c.check("node-a routes the other blocks through tunl0 (proto bird, onlink)", {
        r["dst"] for r in b.routes("node-a") if r.get("dev") == "tunl0" and r.get("protocol") == "bird"}
        == {"10.244.1.0/26", "10.244.2.0/26"})
    mtu = t.pod("mtu-client").ip
    icmp = frag_needed(on(pk, "node-a", direction="out"), mtu)
    c.check("node-a: 2 ICMP fragmentation needed with next-hop MTU 1480 go back to mtu-client",
            len(icmp) == 2 and all(p.outer("icmp.mtu") == "1480" for p in icmp), str(len(icmp)))
    c.check("no 1500-byte packet from mtu-client reaches node-b",
            not [p for p in on(pk, "node-b") if p.inner("ip.src") == mtu])


def ipvs_crafted(c: Checker, b: Bundle):
    crafted(c, b, "craft_ipvs.py")
    client, vip = t.pod("client").ip, t.service("web").cluster_ip
    web1, web2 = t.pod("web-1").ip, t.pod("web-2").ip
    servers = ipvsadm_servers(b.text("node-a", "ipvsadm.txt"))
    c.check("ipvsadm.txt: demo/web's virtual server %s:80 has its 2 pods as Masq real servers" % vip,
            servers.get("TCP %s:80" % vip) == ["%s:8080 Masq" % web1, "%s:8080 Masq" % web2], str(servers.get("TCP %s:80" % vip)))
    c.check("ipvsadm.txt: NodePort 30080 is a virtual server on node-a's address", "TCP 192.168.50.11:30080" in servers)
    rules = b.text("node-a", "iptables-save.txt")
    c.check("iptables-save: IPVS-mode rules (ipset KUBE-CLUSTER-IP), no KUBE-SVC/KUBE-SEP chains",
            "--match-set KUBE-CLUSTER-IP" in rules and "KUBE-SVC-" not in rules and "KUBE-SEP-" not in rules)
    ipvs0 = next((x for x in b.json("node-a", "ip-addr.json") if x["ifname"] == "kube-ipvs0"), {})
    c.check("kube-ipvs0 holds the ClusterIPs", vip in [a["local"] for a in ipvs0.get("addr_info", [])])
    c.check("sysctl.txt: net.ipv4.vs.conn_reuse_mode = 1", "net.ipv4.vs.conn_reuse_mode = 1" in b.text("node-a", "sysctl.txt"))
    pk = b.all_packets()
    v = veth("client")
    syns = [p for p in tcp(on(pk, "node-a", v, "otherhost"), client, vip, 40061, 80) if p.is_syn()]
    first = [p for p in syns if p.inner("tcp.seq_raw") == syns[0].inner("tcp.seq_raw")] if syns else []
    c.check("call 1: one SYN to the VIP, sent by IPVS to %s:8080 on flannel.1" % web1, len(first) == 1 and any(
        p.inner("tcp.seq_raw") == first[0].inner("tcp.seq_raw") and p.inner("ip.dst") == web1
        for p in on(pk, "node-a", "flannel.1", "out")))
    second = [p for p in syns if p not in first]
    seq2 = second[0].inner("tcp.seq_raw") if second else None
    out2 = [p for p in on(pk, "node-a", "flannel.1", "out") if p.inner("tcp.seq_raw") == seq2 and p.is_syn()]
    c.check("call 2 from the same port: 2 SYNs on the veth, 1 s apart",
            len(second) == 2 and 0.9 < second[1].time - second[0].time < 1.1, str([p.time for p in second]))
    c.check("call 2: only the retransmitted SYN leaves node-a, to %s:8080" % web2,
            len(out2) == 1 and out2[0].time > second[0].time + 0.9 and out2[0].inner("ip.dst") == web2)
    answers = [p for p in tcp(on(pk, "node-a", v, "out"), vip, client, 80, 40061) if p.inner("http.response.code") == "200"]
    c.check("both calls are answered from the VIP", len(answers) == 2, str(len(answers)))


CHECKS = {
    "baseline": baseline,
    "ipvs-crafted": ipvs_crafted,
    "ipip-crafted": ipip_crafted,
    "bgp-down": bgp_down,
    "double-hop": double_hop,
    "hairpin": hairpin,
    "conntrack-invalid": conntrack_invalid,
    "mtu-blackhole": mtu_blackhole,
    "fragmentation": fragmentation,
    "syn-no-endpoint": syn_no_endpoint,
}


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    scenario, path = argv
    c = Checker()
    b = Bundle(path)
    if scenario not in CHECKS:
        sys.exit("verify.py: no checks for scenario %r" % scenario)
    try:
        if not b.manifest.get("crafted"):
            common(c, b, scenario)
        CHECKS[scenario](c, b)
    except Exception as e:  # a check that cannot even run is a failure, with the reason
        c.check("checks ran to the end", False, "%s: %s" % (type(e).__name__, e))
    print("  %d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
