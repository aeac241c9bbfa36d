package io.hoptrace.decoders.state;

import java.net.InetAddress;

/**
 * A real server (an endpoint, for kube-proxy a pod) of an IPVS virtual service. Which columns are present depends
 * on the listing ({@code -Ln}, {@code --persistent-conn}, {@code --thresholds}, {@code --stats}, {@code --rate},
 * {@code ipvsadm-save}); a number that was not printed is {@link #ABSENT}.
 *
 * @param line        1-based line of the input
 * @param forwarding  null when the listing has no Forward column (--stats, --rate, --persistent-conn, ...)
 * @param weight      0 means the server is drained (kube-proxy sets it for terminating endpoints)
 * @param stats       --stats counters, or null
 * @param rate        --rate counters, or null
 */
public record IpvsRealServer(int line, InetAddress address, int port, IpvsForwarding forwarding, long weight,
                             long activeConnections, long inactiveConnections, long persistentConnections,
                             long upperThreshold, long lowerThreshold, IpvsCounters stats, IpvsCounters rate) {
    public static final long ABSENT = -1;

    /** address:port as ipvsadm -n prints it ([v6]:port for IPv6). */
    public String endpoint() {
        return IpvsService.endpointText(address, port);
    }
}
