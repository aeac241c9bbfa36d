package io.hoptrace.decoders.state;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * An IPVS virtual service (for kube-proxy in IPVS mode: a ClusterIP, NodePort or LoadBalancer address and port)
 * with its real servers.
 *
 * @param line            1-based line of the input
 * @param address         null for a firewall-mark service
 * @param port            0 for a firewall-mark service
 * @param firewallMark    the mark of a FWM service, else 0
 * @param ipv6            the service's address family is IPv6 (for FWM: printed "IPv6" / "-6")
 * @param scheduler       rr, wlc, sh, ...; null in --stats and --rate listings, which do not print it
 * @param schedulerFlags  e.g. sh-fallback, sh-port ("(sh-fallback,sh-port)" or "-b ...")
 * @param persistence     null unless the service is persistent
 * @param persistenceEngine "pe sip", or null
 * @param onePacket       one-packet scheduling ("ops", "-o")
 * @param stats           --stats counters of the service, or null
 * @param rate            --rate counters of the service, or null
 */
public record IpvsService(int line, IpvsProtocol protocol, InetAddress address, int port, long firewallMark,
                          boolean ipv6, String scheduler, List<String> schedulerFlags, IpvsPersistence persistence,
                          String persistenceEngine, boolean onePacket, IpvsCounters stats, IpvsCounters rate,
                          List<IpvsRealServer> realServers) {
    public IpvsService {
        schedulerFlags = List.copyOf(schedulerFlags);
        realServers = List.copyOf(realServers);
    }

    /** "TCP 10.0.0.1:443", "UDP [fd00::a]:53", "FWM 100". */
    public String key() {
        return keyOf(protocol, address, port, firewallMark, ipv6);
    }

    static String keyOf(IpvsProtocol protocol, InetAddress address, int port, long firewallMark, boolean ipv6) {
        return protocol == IpvsProtocol.FWM ? "FWM " + firewallMark + (ipv6 ? " IPv6" : "")
                : protocol + " " + endpointText(address, port);
    }

    /** Real servers that take new connections (weight above 0, or weight not shown). */
    public List<IpvsRealServer> activeRealServers() {
        return realServers.stream().filter(r -> r.weight() != 0).toList();
    }

    IpvsService withRealServers(List<IpvsRealServer> servers) {
        return new IpvsService(line, protocol, address, port, firewallMark, ipv6, scheduler, schedulerFlags,
                persistence, persistenceEngine, onePacket, stats, rate, servers);
    }

    static String endpointText(InetAddress address, int port) {
        String a = InetLiteral.format(address);
        return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
    }
}
