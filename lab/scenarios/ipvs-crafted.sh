# shellcheck shell=bash
# CRAFTED, NOT CAPTURED: this kernel has no IPVS, so lab/lib/craft_ipvs.py builds with scapy what kube-proxy's IPVS
# mode does on a Flannel cluster, and writes ipvsadm.txt (ipvsadm -Ln), the IPVS-mode iptables and ipsets by hand.
CRAFTED=true
K8S=(flannel 5.4.0-150-generic)
DESCRIPTION="IPVS, CRAFTED with scapy (no IPVS on this kernel): kube-proxy IPVS mode, and the first SYN of a reused port dropped"

scenario_craft() {
  expect "crafted, not captured: manifest.json says crafted: true, and each node directory has CRAFTED.txt"
  expect "ipvsadm.txt lists a virtual server per ClusterIP:port and per node address:NodePort; demo/web 10.96.88.10:80 has 2 Masq real servers"
  expect "client 10.244.0.10:40061 -> 10.96.88.10:80 is sent by IPVS to 10.244.1.10:8080 through VXLAN, no KUBE-SVC chain in iptables"
  expect "the second call from the same port: its first SYN stops at node-a (veth and cni0 only), the retransmission 1 s later reaches 10.244.1.11:8080"
  note "crafted with scapy by lab/lib/craft_ipvs.py: this kernel has no IPVS"
  note "the nodes are described with kernel 5.4 and net.ipv4.vs.conn_reuse_mode=1 (a node-tuning file undid kube-proxy's 0): IPVS drops the first SYN of a reused source port there (kubernetes#70747; fixed in Linux 5.9)"
  "$PY" "$LAB_DIR/lib/craft_ipvs.py" "$1" "$2"
}
