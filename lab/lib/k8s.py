"""k8s.json: the lab's nodes, pods, Services and EndpointSlices as
`kubectl get pods,services,endpointslices,nodes,networkpolicies -A -o json` prints them (a v1 List)."""

import json
import uuid

import topology as t

KUBE_VERSION = "v1.30.4"
_resource_version = [41000]


def uid(kind: str, namespace: str, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "hoptrace-lab/%s/%s/%s" % (kind, namespace, name)))


def meta(kind: str, name: str, namespace: str = "", labels=None, annotations=None, owner=None) -> dict:
    _resource_version[0] += 7
    m = {"creationTimestamp": t.CREATED, "name": name}
    if namespace:
        m["namespace"] = namespace
    if labels:
        m["labels"] = labels
    if annotations:
        m["annotations"] = annotations
    if owner:
        m["ownerReferences"] = [owner]
    m["resourceVersion"] = str(_resource_version[0])
    m["uid"] = uid(kind, namespace, name)
    return dict(sorted(m.items()))


def condition(kind: str, status: str = "True", reason: str = "", message: str = "") -> dict:
    c = {"lastTransitionTime": t.CREATED, "status": status, "type": kind}
    if reason:
        c["reason"] = reason
    if message:
        c["message"] = message
    return c


def node_object(n: t.Node, cni: str = "flannel", kernel: str = "6.1.0-26-amd64") -> dict:
    labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
              "kubernetes.io/hostname": n.name, "kubernetes.io/os": "linux"}
    if n.control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
    backend = json.dumps({"VNI": t.FLANNEL_VNI, "VtepMAC": n.vtep_mac}, separators=(",", ":"))
    annotations = {
        "node.alpha.kubernetes.io/ttl": "0",
        "projectcalico.org/IPv4Address": n.ip + "/24",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
    }
    if cni == "flannel":
        annotations.update({
            "flannel.alpha.coreos.com/backend-data": backend,
            "flannel.alpha.coreos.com/backend-type": "vxlan",
            "flannel.alpha.coreos.com/kube-subnet-manager": "true",
            "flannel.alpha.coreos.com/public-ip": n.ip,
        })
        network = condition("NetworkUnavailable", "False", "FlannelIsUp", "Flannel is running on this node")
    else:   # Calico in IP-in-IP mode: tunl0 holds the first address of the node's block
        annotations["projectcalico.org/IPv4IPIPTunnelAddr"] = n.cni0_ip
        network = condition("NetworkUnavailable", "False", "CalicoIsUp", "Calico is running on this node")
    annotations = dict(sorted(annotations.items()))
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": meta("Node", n.name, labels=labels, annotations=annotations),
        "spec": {"podCIDR": n.pod_cidr, "podCIDRs": [n.pod_cidr]},
        "status": {
            "addresses": [{"address": n.ip, "type": "InternalIP"}, {"address": n.name, "type": "Hostname"}],
            "conditions": [network,
                           condition("MemoryPressure", "False", "KubeletHasSufficientMemory"),
                           condition("DiskPressure", "False", "KubeletHasNoDiskPressure"),
                           condition("PIDPressure", "False", "KubeletHasSufficientPID"),
                           condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")],
            "nodeInfo": {"architecture": "amd64", "containerRuntimeVersion": "containerd://1.7.22",
                         "kernelVersion": kernel, "kubeProxyVersion": KUBE_VERSION,
                         "kubeletVersion": KUBE_VERSION, "operatingSystem": "linux",
                         "osImage": "Debian GNU/Linux 12 (bookworm)"},
        },
    }


def pod_object(p: t.Pod) -> dict:
    rs = p.name.rsplit("-", 1)[0]
    template_hash = rs.rsplit("-", 1)[1]
    labels = {"app": p.app, "pod-template-hash": template_hash}
    owner = {"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True, "kind": "ReplicaSet",
             "name": rs, "uid": uid("ReplicaSet", p.namespace, rs)}
    annotations = {"hoptrace.io/lab-note": p.note} if p.note else None
    container = {"image": p.image, "imagePullPolicy": "IfNotPresent", "name": p.app}
    if p.ports:
        container["ports"] = [{"containerPort": port, "name": "http", "protocol": "TCP"} for port in p.ports]
    node = t.node(p.node)
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": meta("Pod", p.name, p.namespace, labels, annotations, owner),
        "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "nodeName": p.node,
                 "restartPolicy": "Always", "schedulerName": "default-scheduler", "serviceAccountName": "default"},
        "status": {
            "conditions": [condition("Initialized"), condition("Ready"), condition("ContainersReady"),
                           condition("PodScheduled")],
            "containerStatuses": [{"image": p.image, "name": p.app, "ready": True, "restartCount": 0,
                                   "started": True, "state": {"running": {"startedAt": t.CREATED}}}],
            "hostIP": node.ip, "hostIPs": [{"ip": node.ip}],
            "phase": "Running", "podIP": p.ip, "podIPs": [{"ip": p.ip}],
            "qosClass": "BestEffort", "startTime": t.CREATED,
        },
    }


def service_object(s: t.Service) -> dict:
    ports = []
    for port in s.ports:
        sp = {"name": port.name, "port": port.port, "protocol": port.protocol, "targetPort": port.target_port}
        if port.node_port:
            sp["nodePort"] = port.node_port
        ports.append(sp)
    spec = {"clusterIP": s.cluster_ip, "clusterIPs": [s.cluster_ip], "internalTrafficPolicy": "Cluster",
            "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "ports": ports, "sessionAffinity": "None",
            "type": s.type}
    if s.selector:
        spec["selector"] = s.selector
    if s.type in ("NodePort", "LoadBalancer"):
        spec["externalTrafficPolicy"] = s.external_traffic_policy
    if s.health_check_node_port:
        spec["healthCheckNodePort"] = s.health_check_node_port
    labels = {"component": "apiserver", "provider": "kubernetes"} if s.name == "kubernetes" else {"app": s.name}
    annotations = {"hoptrace.io/lab-note": s.note} if s.note else None
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": meta("Service", s.name, s.namespace, labels, annotations),
            "spec": dict(sorted(spec.items())), "status": {"loadBalancer": {}}}


def endpointslice_object(s: t.Service) -> dict:
    name = s.name if s.name == "kubernetes" else "%s-%s" % (s.name, uid("EndpointSlice", s.namespace, s.name)[:5])
    endpoints = []
    for ref, ip in zip(s.endpoints, t.endpoint_ips(s)):
        ep = {"addresses": [ip], "conditions": {"ready": True, "serving": True, "terminating": False}}
        p = t.pod_by_ip(ip)
        if p:
            ep["nodeName"] = p.node
            ep["targetRef"] = {"kind": "Pod", "name": p.name, "namespace": p.namespace,
                               "uid": uid("Pod", p.namespace, p.name)}
        endpoints.append(ep)
    labels = {"kubernetes.io/service-name": s.name}
    if s.name == "kubernetes":
        labels["endpointslice.kubernetes.io/managed-by"] = "endpointslicemirroring-controller.k8s.io"
    else:
        labels["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io"
        labels["app"] = s.name
    owner = {"apiVersion": "v1", "blockOwnerDeletion": True, "controller": True, "kind": "Service",
             "name": s.name, "uid": uid("Service", s.namespace, s.name)}
    return {
        "addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1",
        # An EndpointSlice without endpoints serializes them as null, as the API server does.
        "endpoints": endpoints or None,
        "kind": "EndpointSlice",
        "metadata": meta("EndpointSlice", name, s.namespace, labels, None, owner),
        "ports": [{"name": port.name, "port": port.target_port, "protocol": port.protocol} for port in s.ports],
    }


def document(cni: str = "flannel", kernel: str = "6.1.0-26-amd64") -> dict:
    items = [pod_object(p) for p in sorted(t.PODS, key=lambda p: (p.namespace, p.name))]
    services = sorted(t.SERVICES, key=lambda s: (s.namespace, s.name))
    items += [service_object(s) for s in services]
    items += [endpointslice_object(s) for s in services]
    items += [node_object(n, cni, kernel) for n in t.NODES]
    # No NetworkPolicies: Flannel does not enforce them, and the lab has none.
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
