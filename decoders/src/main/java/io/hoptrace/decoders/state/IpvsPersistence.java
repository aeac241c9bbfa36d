package io.hoptrace.decoders.state;

import java.net.InetAddress;

/**
 * Client affinity of a persistent virtual service ({@code persistent 10800 mask 255.255.255.0}, {@code -p 10800}):
 * connections from one client network go to the same real server for {@code timeoutSeconds}.
 *
 * @param prefixLength client granularity: 32 (IPv4) or 128 (IPv6) when no mask was printed, -1 for a
 *                     non-contiguous IPv4 mask
 * @param ipv4Mask     the mask as printed for IPv4 services, or null
 */
public record IpvsPersistence(long timeoutSeconds, int prefixLength, InetAddress ipv4Mask) {
}
