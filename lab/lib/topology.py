"""The lab cluster, described once: nodes, pods and Services.

Everything else is derived from this file: the namespaces and links `lab/up` builds, the kube-proxy rules of
every node (kubeproxy.py), BIRD's configuration (bird.py) and the `k8s.json` every bundle carries (k8s.py).
"""

import hashlib
import ipaddress
from dataclasses import dataclass, field
from typing import Dict, List, Optional

CLUSTER_CIDR = "10.244.0.0/16"   # Flannel's Network, kube-proxy's --cluster-cidr
SERVICE_CIDR = "10.96.0.0/12"
UNDERLAY_CIDR = "192.168.50.0/24"
UNDERLAY_MTU = 1500
FLANNEL_VNI = 1
FLANNEL_PORT = 8472              # Flannel's VXLAN port (the Linux default, not IANA's 4789)
FLANNEL_MTU = UNDERLAY_MTU - 50  # 20 IPv4 + 8 UDP + 8 VXLAN + 14 inner Ethernet
BGP_AS = 64512                   # Calico's default AS for the node-to-node mesh
MASQ_MARK = "0x4000"             # kube-proxy's --iptables-masquerade-bit 14
EXTERNAL_CLIENT_IP = "192.168.50.100"   # a machine on the node subnet, outside the cluster
GATEWAY_IP = "192.168.50.1"             # the nodes' default gateway; the lab puts it on the same machine
EXTERNAL_CLIENT_MAC = "52:54:00:32:00:64"
CREATED = "2026-11-20T08:00:00Z"  # creationTimestamp of every object in k8s.json


@dataclass(frozen=True)
class Node:
    name: str
    ip: str             # underlay address of eth0
    mac: str            # eth0's MAC
    pod_cidr: str
    vtep_mac: str       # flannel.1's MAC, as flannel publishes it in the node annotation
    control_plane: bool = False

    @property
    def subnet(self):
        return ipaddress.ip_network(self.pod_cidr)

    @property
    def flannel_ip(self) -> str:   # flannel puts the subnet's network address on flannel.1, as a /32
        return str(self.subnet.network_address)

    @property
    def cni0_ip(self) -> str:      # the CNI bridge plugin's gateway: the first host address
        return str(self.subnet.network_address + 1)

    @property
    def cni0_mac(self) -> str:
        return ip_mac(self.cni0_ip)


@dataclass(frozen=True)
class Pod:
    name: str
    namespace: str
    node: str
    ip: str
    app: str
    image: str
    ports: tuple = ()          # container ports (TCP)
    mtu: int = FLANNEL_MTU     # what the CNI gave the pod's eth0
    server: Optional[str] = None   # netprobe.py arguments for the pod's process, None if it runs none
    note: str = ""

    @property
    def netns(self) -> str:     # suffix after the lab's tag: hl-p-web-1 ...
        return "p-" + self.short

    @property
    def short(self) -> str:
        return SHORT_NAMES[self.name]

    @property
    def host_veth(self) -> str:   # the bridge plugin names host ends veth + 8 hex characters
        return "veth" + hashlib.sha256(self.name.encode()).hexdigest()[:8]

    @property
    def mac(self) -> str:
        return ip_mac(self.ip)


@dataclass(frozen=True)
class ServicePort:
    name: str
    port: int
    target_port: int
    node_port: int = 0
    protocol: str = "TCP"


@dataclass(frozen=True)
class Service:
    name: str
    namespace: str
    cluster_ip: str
    ports: tuple
    selector: Dict[str, str] = field(default_factory=dict)
    type: str = "ClusterIP"
    external_traffic_policy: str = "Cluster"
    health_check_node_port: int = 0
    endpoints: tuple = ()      # pod names (or "ip" strings for selector-less Services), in EndpointSlice order
    note: str = ""


def ip_mac(ip: str) -> str:
    """0a:58 + the IPv4 address, the MAC the CNI bridge plugin derives for cni0 and pods."""
    return "0a:58:" + ":".join("%02x" % int(o) for o in ip.split("."))


NODES = (
    Node("node-a", "192.168.50.11", "52:54:00:32:00:0b", "10.244.0.0/24", "3e:8f:2a:71:c4:0a", control_plane=True),
    Node("node-b", "192.168.50.12", "52:54:00:32:00:0c", "10.244.1.0/24", "9a:4d:e2:13:57:0b"),
    Node("node-c", "192.168.50.13", "52:54:00:32:00:0d", "10.244.2.0/24", "d2:61:b8:0c:9e:0c"),
)

PODS = (
    Pod("client-5c7f8d9b4-k2xq7", "demo", "node-a", "10.244.0.10", "client", "nicolaka/netshoot:v0.13",
        note="a toolbox pod the scenarios use as the client"),
    Pod("mtu-client-7b9f6c5d8-q8wzt", "demo", "node-a", "10.244.0.11", "mtu-client", "nicolaka/netshoot:v0.13",
        mtu=1500, note="misconfigured: eth0 MTU 1500 on a 1450 overlay"),
    Pod("api-6b8d5f7c9-p4m2n", "demo", "node-a", "10.244.0.20", "api", "ghcr.io/example/api:1.4.2",
        ports=(8080,), server="serve --port 8080"),
    Pod("web-7d4b9c6f8-abcde", "demo", "node-b", "10.244.1.10", "web", "nginx:1.27",
        ports=(8080,), server="serve --port 8080"),
    Pod("web-7d4b9c6f8-fghij", "demo", "node-b", "10.244.1.11", "web", "nginx:1.27",
        ports=(8080,), server="serve --port 8080"),
    Pod("orders-5f6d7c8b9-r7tkx", "demo", "node-c", "10.244.2.10", "orders", "ghcr.io/example/orders:2.0.1",
        ports=(8080,), server="serve --port 8080 --backlog 0 --no-accept",
        note="hung: its accept queue is full, it drops new SYNs (Ready all the same)"),
)

SHORT_NAMES = {
    "client-5c7f8d9b4-k2xq7": "client",
    "mtu-client-7b9f6c5d8-q8wzt": "mtu-client",
    "api-6b8d5f7c9-p4m2n": "api",
    "web-7d4b9c6f8-abcde": "web-1",
    "web-7d4b9c6f8-fghij": "web-2",
    "orders-5f6d7c8b9-r7tkx": "orders",
}

WEB_PODS = ("web-7d4b9c6f8-abcde", "web-7d4b9c6f8-fghij")

SERVICES = (
    Service("kubernetes", "default", "10.96.0.1", (ServicePort("https", 443, 6443),),
            endpoints=("192.168.50.11",), note="the API server on node-a (nothing listens in the lab)"),
    Service("web", "demo", "10.96.88.10", (ServicePort("http", 80, 8080),), {"app": "web"}, endpoints=WEB_PODS),
    Service("web-nodeport", "demo", "10.96.88.11", (ServicePort("http", 80, 8080, node_port=30080),),
            {"app": "web"}, type="NodePort", endpoints=WEB_PODS),
    Service("web-local", "demo", "10.96.88.12", (ServicePort("http", 80, 8080, node_port=30081),),
            {"app": "web"}, type="NodePort", external_traffic_policy="Local", health_check_node_port=32081,
            endpoints=WEB_PODS),
    Service("api", "demo", "10.96.120.5", (ServicePort("http", 80, 8080),), {"app": "api"},
            endpoints=("api-6b8d5f7c9-p4m2n",)),
    Service("orders", "demo", "10.96.77.30", (ServicePort("http", 80, 8080),), {"app": "orders"},
            endpoints=("orders-5f6d7c8b9-r7tkx",)),
    Service("legacy", "demo", "10.96.200.40", (ServicePort("http", 80, 8080),), {"app": "legacy"},
            note="its Deployment is scaled to zero: no endpoints"),
)


def node(name: str) -> Node:
    return next(n for n in NODES if n.name == name)


def pod(name_or_short: str) -> Pod:
    return next(p for p in PODS if p.name == name_or_short or p.short == name_or_short)


def service(name: str) -> Service:
    return next(s for s in SERVICES if s.name == name)


def pod_by_ip(ip: str) -> Optional[Pod]:
    return next((p for p in PODS if p.ip == ip), None)


def endpoint_ips(svc: Service) -> List[str]:
    """Endpoint addresses in EndpointSlice order: a pod's IP, or the address itself for selector-less ones."""
    return [_pod_named(e).ip if _pod_named(e) else e for e in svc.endpoints]


def endpoint_node(ip: str) -> Optional[str]:
    p = pod_by_ip(ip)
    if p:
        return p.node
    return next((n.name for n in NODES if n.ip == ip), None)


def _pod_named(name: str) -> Optional[Pod]:
    return next((p for p in PODS if p.name == name), None)
