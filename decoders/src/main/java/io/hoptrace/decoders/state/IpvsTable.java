package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ipvsadm -Ln} (any of its column layouts), {@code ipvsadm-save -n} or {@code /proc/net/ip_vs} says
 * about a node's IPVS table.
 *
 * @param version  "1.2.1" from the "IP Virtual Server version" line, or null
 * @param hashSize the connection table size from that line, or -1
 * @param problems lines that could not be read (hostnames from a listing without -n, redacted addresses, ...)
 */
public record IpvsTable(String version, long hashSize, List<IpvsService> services, List<LineProblem> problems) {
    public IpvsTable {
        services = List.copyOf(services);
        problems = List.copyOf(problems);
    }

    /** The service for a protocol, address and port (what a packet to a VIP matches), if there is one. */
    public Optional<IpvsService> service(IpvsProtocol protocol, InetAddress address, int port) {
        for (IpvsService s : services) {
            if (s.protocol() == protocol && port == s.port() && address.equals(s.address())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The firewall-mark service for a mark, if there is one. */
    public Optional<IpvsService> firewallMarkService(long mark) {
        return services.stream().filter(s -> s.protocol() == IpvsProtocol.FWM && s.firewallMark() == mark)
                .findFirst();
    }

    public int realServerCount() {
        return services.stream().mapToInt(s -> s.realServers().size()).sum();
    }
}
