# shellcheck shell=bash
# A pod whose eth0 has MTU 1500 on a Flannel VXLAN overlay that carries 1450: small packets pass, DF packets of
# 1500 bytes are refused at node-a's flannel.1 (ICMP fragmentation needed, MTU 1450) and never reach node-b.
DESCRIPTION="MTU black hole: a pod with MTU 1500 sends DF packets too big for the 1450-byte VXLAN overlay"

scenario_traffic() {
  local src="${POD_IP[mtu-client]}" dst="${POD_IP[web-1]}"
  expect "small DF pings from mtu-client $src to web-1 $dst (node-b) are answered"
  expect "3 DF echo requests of 1500 bytes from $src enter node-a on the pod's veth and cni0"
  expect "node-a answers each with ICMP fragmentation needed (type 3 code 4, next-hop MTU $FLANNEL_MTU) from ${NODE_CNI0_IP[node-a]}"
  expect "no 1500-byte packet leaves node-a on flannel.1 or eth0, none reaches node-b"
  expect "the pod's TCP SYN announces MSS 1460, which the overlay cannot carry (the SYN-ACK says 1410)"
  probe mtu-client ping "$dst" --size 56 --df do --count 2 --interval 0.2 --id 1001
  # "probe" sets DF and ignores the path MTU the kernel learns, like an application that keeps sending full-size
  # DF datagrams: every one of them is refused.
  probe mtu-client ping "$dst" --size 1472 --df probe --count 3 --interval 0.4 --id 1002 || true
  probe mtu-client http "${SVC_IP[web]}:80" --bind 40011 --requests 1
}
