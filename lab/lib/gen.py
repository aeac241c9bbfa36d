#!/usr/bin/python3
"""Generates what the lab's bash scripts need from topology.py.

  gen.py env                  bash declarations (nodes, pods, Services) for `eval`
  gen.py iptables NODE        iptables-restore input for NODE (kube-proxy, kubelet and flanneld rules)
  gen.py bird NODE LOGFILE    BIRD configuration for NODE
  gen.py k8s [CNI [KERNEL]]   k8s.json (nodes annotated for flannel or calico, reporting KERNEL)
  gen.py manifest KEY=VALUE.. manifest.json of a bundle (see manifest())
"""

import json
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bird  # noqa: E402
import k8s  # noqa: E402
import kubeproxy  # noqa: E402
import topology as t  # noqa: E402


def assoc(name: str, values: dict) -> str:
    body = " ".join("[%s]=%s" % (shlex.quote(k), shlex.quote(str(v))) for k, v in values.items())
    return "declare -gA %s=(%s)" % (name, body)


def env() -> str:
    out = [
        "NODES=(%s)" % " ".join(n.name for n in t.NODES),
        "PODS=(%s)" % " ".join(p.short for p in t.PODS),
    ]
    for key, attr in (("NODE_IP", "ip"), ("NODE_MAC", "mac"), ("NODE_CIDR", "pod_cidr"), ("NODE_VTEP_MAC", "vtep_mac"),
                      ("NODE_FLANNEL_IP", "flannel_ip"), ("NODE_CNI0_IP", "cni0_ip"), ("NODE_CNI0_MAC", "cni0_mac")):
        out.append(assoc(key, {n.name: getattr(n, attr) for n in t.NODES}))
    for key, attr in (("POD_NAME", "name"), ("POD_K8S_NS", "namespace"), ("POD_NODE", "node"), ("POD_IP", "ip"),
                      ("POD_MAC", "mac"), ("POD_MTU", "mtu"), ("POD_VETH", "host_veth")):
        out.append(assoc(key, {p.short: getattr(p, attr) for p in t.PODS}))
    out.append(assoc("POD_SERVER", {p.short: p.server or "" for p in t.PODS}))
    out.append(assoc("SVC_IP", {s.name: s.cluster_ip for s in t.SERVICES}))
    out.append(assoc("SVC_NODE_PORT", {s.name: s.ports[0].node_port for s in t.SERVICES if s.ports[0].node_port}))
    out.append(assoc("BIRD_MESH", {"%s/%s" % (n.name, p.name): bird.mesh_protocol(p)
                                   for n in t.NODES for p in t.NODES if n is not p}))
    for key, value in (("CLUSTER_CIDR", t.CLUSTER_CIDR), ("UNDERLAY_MTU", t.UNDERLAY_MTU), ("FLANNEL_VNI", t.FLANNEL_VNI),
                       ("FLANNEL_PORT", t.FLANNEL_PORT), ("FLANNEL_MTU", t.FLANNEL_MTU),
                       ("EXT_IP", t.EXTERNAL_CLIENT_IP), ("GATEWAY_IP", t.GATEWAY_IP), ("EXT_MAC", t.EXTERNAL_CLIENT_MAC)):
        out.append("%s=%s" % (key, shlex.quote(str(value))))
    return "\n".join(out) + "\n"


def manifest(args: dict) -> str:
    """args: scenario, description, crafted (true/false), start, end, kernel, capture (a JSON object), notes
    (a file with one note per line, optional), expect (a file with one expectation per line, optional)."""
    def lines(path):
        if not path or not os.path.exists(path):
            return []
        with open(path) as f:
            return [line.rstrip("\n") for line in f if line.strip()]

    doc = {
        "bundleFormat": 1,
        "producer": "hoptrace lab: lab/run %s" % args["scenario"],
        "hoptraceVersion": args.get("version", "0.1.0-SNAPSHOT"),
        "scenario": args["scenario"],
        "description": args["description"],
        "crafted": args.get("crafted", "false") == "true",
        "nodes": args["nodes"].split(",") if args.get("nodes") else [n.name for n in t.NODES],
        "captureStart": args.get("start"),
        "captureEnd": args.get("end"),
        "kernel": args.get("kernel"),
        "capture": json.loads(args["capture"]) if args.get("capture") else None,
        "expect": lines(args.get("expect")),
        "notes": lines(args.get("notes")),
    }
    return json.dumps(doc, indent=2) + "\n"


def main(argv):
    if not argv:
        sys.exit(__doc__)
    cmd = argv[0]
    if cmd == "env":
        sys.stdout.write(env())
    elif cmd == "iptables":
        sys.stdout.write(kubeproxy.node_rules(argv[1]))
    elif cmd == "bird":
        sys.stdout.write(bird.config(argv[1], argv[2]))
    elif cmd == "k8s":
        sys.stdout.write(json.dumps(k8s.document(*argv[1:3]), indent=4) + "\n")   # as kubectl prints it
    elif cmd == "manifest":
        sys.stdout.write(manifest(dict(a.split("=", 1) for a in argv[1:])))
    else:
        sys.exit("gen.py: unknown command %r\n%s" % (cmd, __doc__))


if __name__ == "__main__":
    main(sys.argv[1:])
