# shellcheck shell=bash
# A healthy cluster: a pod on node-a calls a ClusterIP Service whose endpoints run on node-b, and pings a pod there.
DESCRIPTION="healthy baseline: pod -> ClusterIP Service -> pod on another node through VXLAN, and a ping"

scenario_traffic() {
  expect "client ${POD_IP[client]} reaches demo/web (${SVC_IP[web]}:80) and gets HTTP 200 from a web pod on node-b"
  expect "node-a DNATs the VIP to a web pod (10.244.1.10 or .11:8080); the packets cross in VXLAN (UDP $FLANNEL_PORT, VNI $FLANNEL_VNI) from ${NODE_IP[node-a]} to ${NODE_IP[node-b]}"
  expect "nothing goes wrong: no TCP retransmission, no ICMP error, no INVALID drop"
  probe client http "${SVC_IP[web]}:80" --bind 40001 --requests 3 --pause 0.2
  probe client http "${SVC_IP[web]}:80" --bind 40002 --requests 2 --pause 0.2
  probe client ping "${POD_IP[web-1]}" --count 2 --interval 0.2 --id 4242
}
