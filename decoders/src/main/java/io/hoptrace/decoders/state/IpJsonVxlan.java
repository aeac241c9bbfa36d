package io.hoptrace.decoders.state;

import java.net.InetAddress;

/**
 * The VXLAN settings of a vxlan device ({@code ip -d -j link}: linkinfo.info_data): Flannel's {@code flannel.1} is
 * id 1, port 8472; Calico's {@code vxlan.calico} id 4096, port 4789.
 *
 * @param id       the VNI
 * @param port     the UDP destination port, or -1 if not printed
 * @param local    the source address of encapsulated packets, or null
 * @param remote   the fixed peer ("remote") or multicast group ("group"), or null (Flannel and Calico use none:
 *                 they program the forwarding database per peer)
 * @param device   the underlay device ("link"), or null
 * @param learning whether the device learns peers from traffic, or null if not printed
 */
public record IpJsonVxlan(long id, long port, InetAddress local, InetAddress remote, String device,
                          Boolean learning) {
}
