# shellcheck shell=bash
# The same 1500-byte packets as mtu-blackhole without DF: node-a fragments them to fit flannel.1 (MTU 1450), the
# fragments cross the overlay inside VXLAN, the far pod reassembles them and its 1500-byte replies leave it fragmented.
DESCRIPTION="fragmentation: 1500-byte packets without DF are fragmented at flannel.1 and cross the overlay in pieces"

scenario_traffic() {
  local src="${POD_IP[mtu-client]}" dst="${POD_IP[web-1]}"
  expect "2 echo requests of 1500 bytes without DF from mtu-client $src enter node-a whole"
  expect "node-a fragments each into 2 IPv4 fragments (the first with MF set, at most $FLANNEL_MTU bytes) on flannel.1, carried in VXLAN on eth0"
  expect "the fragments reach node-b; web-1 $dst answers with 1500-byte replies that leave it as fragments"
  expect "both replies arrive: nothing is lost, no ICMP error"
  probe mtu-client ping "$dst" --size 1472 --df dont --count 2 --interval 0.3 --id 2001
  note "br_netfilter reassembles bridged fragments before the bridge device sees them: node-b's cni0 shows each reply whole (1500 bytes) while the veth and flannel.1 show fragments"
}

