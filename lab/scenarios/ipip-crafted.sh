# shellcheck shell=bash
# CRAFTED, NOT CAPTURED: this kernel has no ipip module, so lab/lib/craft_ipip.py builds with scapy what Calico's
# IP-in-IP mode puts on the wire (tunl0, IP protocol 4, MTU 1480) and the matching node state. See that file.
CRAFTED=true
K8S=(calico)
DESCRIPTION="IP-in-IP, CRAFTED with scapy (no ipip on this kernel): Calico ipipMode Always on one subnet, tunl0 MTU 1480"

scenario_craft() {
  expect "crafted, not captured: manifest.json says crafted: true, and each node directory has CRAFTED.txt"
  expect "client 10.244.0.10 -> demo/web 10.96.88.10:80, DNATed on node-a to 10.244.1.10:8080, crosses in IP-in-IP (protocol 4) from 192.168.50.11 to 192.168.50.12 and back: a complete HTTP exchange"
  expect "both nodes sit on 192.168.50.0/24, where Calico's CrossSubnet mode would not encapsulate"
  expect "mtu-client (MTU 1500) sends 2 DF echo requests of 1500 bytes; node-a answers ICMP fragmentation needed, next-hop MTU 1480; none reaches node-b"
  note "crafted with scapy by lab/lib/craft_ipip.py: this kernel cannot create ipip devices"
  "$PY" "$LAB_DIR/lib/craft_ipip.py" "$1" "$2"
}
