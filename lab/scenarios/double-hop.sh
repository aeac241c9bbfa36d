# shellcheck shell=bash
# A client outside the cluster (192.168.50.100) uses NodePort Services:
# - demo/web-nodeport (externalTrafficPolicy: Cluster) on node-a, which runs no web pod: KUBE-EXT marks the packet
#   for masquerade, KUBE-SVC picks a web pod on node-b, and the packet leaves node-a again, SNATed to node-a's
#   flannel.1 address: an extra hop across the underlay, and the pod never sees the client's address;
# - demo/web-local (externalTrafficPolicy: Local) on node-b, which runs the web pods: no SNAT, one hop, the pod sees
#   the client's address;
# - demo/web-local on node-a: no local endpoint, so kube-proxy's KUBE-EXTERNAL-SERVICES rule drops the SYN.
DESCRIPTION="double hop: a NodePort hit on a node without the endpoint is SNATed and forwarded (vs externalTrafficPolicy Local)"

scenario_traffic() {
  local a="${NODE_IP[node-a]}" b="${NODE_IP[node-b]}" np="${SVC_NODE_PORT[web-nodeport]}" lp="${SVC_NODE_PORT[web-local]}"
  expect "Cluster policy: $EXT_IP:40051 -> $a:$np arrives on node-a's eth0 and leaves it again in VXLAN to node-b"
  expect "on the way out node-a has rewritten the source to its flannel.1 address ${NODE_FLANNEL_IP[node-a]} (KUBE-EXT -> KUBE-MARK-MASQ -> MASQUERADE): the web pod sees ${NODE_FLANNEL_IP[node-a]}, not $EXT_IP"
  expect "the answer goes back through node-a to the client, which gets HTTP 200"
  expect "Local policy on node-b: $EXT_IP:40052 -> $b:$lp reaches a web pod with the client's address, one hop, no SNAT"
  expect "Local policy on node-a (no local endpoint): $EXT_IP:40053 -> $a:$lp is dropped by KUBE-EXTERNAL-SERVICES, SYN retransmitted"
  probe ext http "$a:$np" --bind 40051 --requests 2 --pause 0.2
  note "MASQUERADE takes the address of the interface the packet leaves by: flannel.1's ${NODE_FLANNEL_IP[node-a]}, inside VXLAN whose outer source is node-a's $a"
  probe ext http "$b:$lp" --bind 40052 --requests 1
  probe ext http "$a:$lp" --bind 40053 --timeout 2.5 || true
}
