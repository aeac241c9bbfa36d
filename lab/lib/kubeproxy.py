"""The iptables rules kube-proxy (iptables mode), kubelet and flanneld write on one node, as iptables-restore input.

Rule shapes, comments and chain names follow kube-proxy's proxier (pkg/proxy/iptables/proxier.go, Kubernetes
1.28-1.30, localDetector = cluster CIDR, localhostNodePorts on, no nfacct counters) and flanneld's vxlan backend.
Chain hashes are computed the way kube-proxy computes them: base32(sha256(servicePortName + protocol [+ endpoint])).
"""

import base64
import hashlib
from typing import List

import topology as t


def port_proto_hash(service_port_name: str, protocol: str) -> str:
    digest = hashlib.sha256((service_port_name + protocol).encode()).digest()
    return base64.b32encode(digest).decode()[:16]


def svc_chain(spn: str, proto: str) -> str:
    return "KUBE-SVC-" + port_proto_hash(spn, proto)


def svl_chain(spn: str, proto: str) -> str:
    return "KUBE-SVL-" + port_proto_hash(spn, proto)


def ext_chain(spn: str, proto: str) -> str:
    return "KUBE-EXT-" + port_proto_hash(spn, proto)


def sep_chain(spn: str, proto: str, endpoint: str) -> str:
    digest = hashlib.sha256((spn + proto + endpoint).encode()).digest()
    return "KUBE-SEP-" + base64.b32encode(digest).decode()[:16]


def service_port_name(svc: t.Service, port: t.ServicePort) -> str:
    return "%s/%s" % (svc.namespace, svc.name) + (":" + port.name if port.name else "")


def probability(n: int) -> str:
    return "%0.10f" % (1.0 / n)


class Rules:
    def __init__(self):
        self.chains: List[str] = []
        self.rules: List[str] = []

    def chain(self, name: str):
        if name not in self.chains:
            self.chains.append(name)

    def add(self, *parts: str):
        self.rules.append(" ".join(parts))


def q(comment: str) -> str:
    return '"%s"' % comment


def node_rules(node_name: str, flannel: bool = True) -> str:
    """iptables-restore input for the node; flannel=False leaves flanneld's rules out (a Calico node)."""
    node = t.node(node_name)
    filt, nat = Rules(), Rules()
    for c in ("KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD", "KUBE-KUBELET-CANARY", "KUBE-NODEPORTS",
              "KUBE-PROXY-CANARY", "KUBE-PROXY-FIREWALL", "KUBE-SERVICES") + (("FLANNEL-FWD",) if flannel else ()):
        filt.chain(c)
    for c in ("KUBE-KUBELET-CANARY", "KUBE-MARK-MASQ", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-PROXY-CANARY",
              "KUBE-SERVICES") + (("FLANNEL-POSTRTG",) if flannel else ()):
        nat.chain(c)

    # Jumps from the built-in chains: kubelet's first, then kube-proxy's (it prepends), then flanneld's (it appends).
    new = "-m conntrack --ctstate NEW"
    filt.add("-A INPUT", new, "-m comment --comment", q("kubernetes load balancer firewall"), "-j KUBE-PROXY-FIREWALL")
    filt.add("-A INPUT -m comment --comment", q("kubernetes health check service ports"), "-j KUBE-NODEPORTS")
    filt.add("-A INPUT", new, "-m comment --comment", q("kubernetes externally-visible service portals"),
             "-j KUBE-EXTERNAL-SERVICES")
    filt.add("-A INPUT -j KUBE-FIREWALL")
    filt.add("-A FORWARD", new, "-m comment --comment", q("kubernetes load balancer firewall"), "-j KUBE-PROXY-FIREWALL")
    filt.add("-A FORWARD -m comment --comment", q("kubernetes forwarding rules"), "-j KUBE-FORWARD")
    filt.add("-A FORWARD", new, "-m comment --comment", q("kubernetes service portals"), "-j KUBE-SERVICES")
    filt.add("-A FORWARD", new, "-m comment --comment", q("kubernetes externally-visible service portals"),
             "-j KUBE-EXTERNAL-SERVICES")
    if flannel:
        filt.add("-A FORWARD -m comment --comment", q("flanneld forward"), "-j FLANNEL-FWD")
    filt.add("-A OUTPUT", new, "-m comment --comment", q("kubernetes load balancer firewall"), "-j KUBE-PROXY-FIREWALL")
    filt.add("-A OUTPUT", new, "-m comment --comment", q("kubernetes service portals"), "-j KUBE-SERVICES")
    filt.add("-A OUTPUT -j KUBE-FIREWALL")
    nat.add("-A PREROUTING -m comment --comment", q("kubernetes service portals"), "-j KUBE-SERVICES")
    nat.add("-A OUTPUT -m comment --comment", q("kubernetes service portals"), "-j KUBE-SERVICES")
    nat.add("-A POSTROUTING -m comment --comment", q("kubernetes postrouting rules"), "-j KUBE-POSTROUTING")
    if flannel:
        nat.add("-A POSTROUTING -m comment --comment", q("flanneld masq"), "-j FLANNEL-POSTRTG")

    filt.add("-A KUBE-FIREWALL -m comment --comment", q("block incoming localnet connections"),
             "-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP")

    nat.add("-A KUBE-POSTROUTING -m mark ! --mark %s/%s -j RETURN" % (t.MASQ_MARK, t.MASQ_MARK))
    nat.add("-A KUBE-POSTROUTING -j MARK --xor-mark", t.MASQ_MARK)
    nat.add("-A KUBE-POSTROUTING -m comment --comment", q("kubernetes service traffic requiring SNAT"),
            "-j MASQUERADE --random-fully")
    nat.add("-A KUBE-MARK-MASQ -j MARK --or-mark", t.MASQ_MARK)

    for svc in sorted(t.SERVICES, key=lambda s: (s.namespace, s.name)):
        for port in svc.ports:
            service_rules(node, svc, port, filt, nat)

    nat.add("-A KUBE-SERVICES -m comment --comment",
            q("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
            "-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS")

    filt.add("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP")
    filt.add("-A KUBE-FORWARD -m comment --comment", q("kubernetes forwarding rules"),
             "-m mark --mark %s/%s -j ACCEPT" % (t.MASQ_MARK, t.MASQ_MARK))
    filt.add("-A KUBE-FORWARD -m comment --comment", q("kubernetes forwarding conntrack rule"),
             "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")

    if flannel:
        flannel_rules(node, filt, nat)

    out = ["*mangle", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]",
           ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]", ":KUBE-KUBELET-CANARY - [0:0]",
           ":KUBE-PROXY-CANARY - [0:0]", "COMMIT"]
    # FORWARD's policy is DROP, as on nodes where Docker or a hardening guide set it: what passes, passes
    # because KUBE-FORWARD or FLANNEL-FWD accepted it.
    out += ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]"]
    out += [":%s - [0:0]" % c for c in filt.chains] + filt.rules + ["COMMIT"]
    out += ["*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
            ":POSTROUTING ACCEPT [0:0]"]
    out += [":%s - [0:0]" % c for c in nat.chains] + nat.rules + ["COMMIT"]
    return "\n".join(out) + "\n"


def service_rules(node: t.Node, svc: t.Service, port: t.ServicePort, filt: Rules, nat: Rules):
    proto = port.protocol.lower()
    spn = service_port_name(svc, port)
    eps = ["%s:%d" % (ip, port.target_port) for ip in t.endpoint_ips(svc)]
    local_eps = [e for e in eps if t.endpoint_node(e.split(":")[0]) == node.name]
    has_endpoints = bool(eps)
    external_local = svc.external_traffic_policy == "Local"
    externally_accessible = port.node_port != 0
    has_external_endpoints = has_endpoints and (not external_local or bool(local_eps))
    svc_c, svl_c, ext_c = svc_chain(spn, proto), svl_chain(spn, proto), ext_chain(spn, proto)
    dport = "-m %s -p %s -d %s --dport %d" % (proto, proto, svc.cluster_ip, port.port)

    if has_endpoints:
        nat.add("-A KUBE-SERVICES -m comment --comment", q(spn + " cluster IP"), dport, "-j", svc_c)
    else:
        filt.add("-A KUBE-SERVICES -m comment --comment", q(spn + " has no endpoints"), dport, "-j REJECT")
    ext_filter_target = "REJECT" if not has_endpoints else "DROP"
    ext_filter_comment = q(spn + (" has no endpoints" if not has_endpoints else " has no local endpoints"))

    if port.node_port:
        if has_endpoints:
            nat.add("-A KUBE-NODEPORTS -m comment --comment", spn, "-m %s -p %s --dport %d" % (proto, proto, port.node_port),
                    "-j", ext_c)
        if not has_external_endpoints:
            filt.add("-A KUBE-EXTERNAL-SERVICES -m comment --comment", ext_filter_comment,
                     "-m addrtype --dst-type LOCAL -m %s -p %s --dport %d" % (proto, proto, port.node_port),
                     "-j", ext_filter_target)
    if svc.health_check_node_port:
        filt.add("-A KUBE-NODEPORTS -m comment --comment", q(spn + " health check node port"),
                 "-m tcp -p tcp --dport %d -j ACCEPT" % svc.health_check_node_port)
    if not has_endpoints:
        return

    nat.chain(svc_c)
    nat.add("-A", svc_c, "-m comment --comment", q(spn + " cluster IP"), dport, "! -s", t.CLUSTER_CIDR,
            "-j KUBE-MARK-MASQ")
    if externally_accessible:
        nat.chain(ext_c)
        if not external_local:
            nat.add("-A", ext_c, "-m comment --comment", q("masquerade traffic for %s external destinations" % spn),
                    "-j KUBE-MARK-MASQ")
        else:
            nat.add("-A", ext_c, "-m comment --comment", q("pod traffic for %s external destinations" % spn),
                    "-s", t.CLUSTER_CIDR, "-j", svc_c)
            nat.add("-A", ext_c, "-m comment --comment", q("masquerade LOCAL traffic for %s external destinations" % spn),
                    "-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ")
            nat.add("-A", ext_c, "-m comment --comment", q("route LOCAL traffic for %s external destinations" % spn),
                    "-m addrtype --src-type LOCAL -j", svc_c)
        if has_external_endpoints:
            nat.add("-A", ext_c, "-j", svl_c if external_local else svc_c)

    endpoint_jumps(nat, spn, proto, svc_c, eps)
    if external_local and local_eps:
        nat.chain(svl_c)
        endpoint_jumps(nat, spn, proto, svl_c, local_eps)
    for ep in eps:
        sep = sep_chain(spn, proto, ep)
        nat.chain(sep)
        nat.add("-A", sep, "-m comment --comment", spn, "-s", ep.split(":")[0], "-j KUBE-MARK-MASQ")
        nat.add("-A", sep, "-m comment --comment", spn, "-m %s -p %s -j DNAT --to-destination %s" % (proto, proto, ep))


def endpoint_jumps(nat: Rules, spn: str, proto: str, chain: str, eps: List[str]):
    for i, ep in enumerate(eps):
        stat = "" if i == len(eps) - 1 else "-m statistic --mode random --probability %s " % probability(len(eps) - i)
        nat.add("-A", chain, "-m comment --comment", q("%s -> %s" % (spn, ep)), stat + "-j", sep_chain(spn, proto, ep))


def flannel_rules(node: t.Node, filt: Rules, nat: Rules):
    net, sub = t.CLUSTER_CIDR, node.pod_cidr
    masq = q("flanneld masq")
    nat.add("-A FLANNEL-POSTRTG -m mark --mark %s/%s -m comment --comment" % (t.MASQ_MARK, t.MASQ_MARK), masq, "-j RETURN")
    nat.add("-A FLANNEL-POSTRTG -s", sub, "-d", net, "-m comment --comment", masq, "-j RETURN")
    nat.add("-A FLANNEL-POSTRTG -s", net, "-d", sub, "-m comment --comment", masq, "-j RETURN")
    nat.add("-A FLANNEL-POSTRTG ! -s", net, "-d", sub, "-m comment --comment", masq, "-j RETURN")
    nat.add("-A FLANNEL-POSTRTG -s", net, "! -d 224.0.0.0/4 -m comment --comment", masq, "-j MASQUERADE --random-fully")
    nat.add("-A FLANNEL-POSTRTG ! -s", net, "-d", net, "-m comment --comment", masq, "-j MASQUERADE --random-fully")
    fwd = q("flanneld forward")
    filt.add("-A FLANNEL-FWD -s", net, "-m comment --comment", fwd, "-j ACCEPT")
    filt.add("-A FLANNEL-FWD -d", net, "-m comment --comment", fwd, "-j ACCEPT")
