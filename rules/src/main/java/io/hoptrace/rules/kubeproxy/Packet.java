package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IpPrefix;

import java.util.Locale;
import java.util.Set;

/**
 * The first packet of a new connection, as the tracer sees it: source (port -1 when unknown), destination,
 * protocol ({@code tcp}, {@code udp}, {@code sctp}, lower case). Addresses are kept in canonical form.
 */
public record Packet(String sourceIp, int sourcePort, String destinationIp, int destinationPort, String protocol) {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    public Packet {
        String s = IpPrefix.canonical(sourceIp);
        String d = IpPrefix.canonical(destinationIp);
        if (s == null) {
            throw new IllegalArgumentException("source '" + sourceIp + "' is not an IP address");
        }
        if (d == null) {
            throw new IllegalArgumentException("destination '" + destinationIp + "' is not an IP address");
        }
        if (IpPrefix.host(s).isIpv4() != IpPrefix.host(d).isIpv4()) {
            throw new IllegalArgumentException("source and destination are of different IP families");
        }
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol '" + protocol + "' is not tcp, udp or sctp");
        }
        if (sourcePort < -1 || sourcePort > 65535 || destinationPort < 0 || destinationPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        sourceIp = s;
        destinationIp = d;
    }

    public static Packet of(String source, String destination, int destinationPort, String protocol) {
        return new Packet(source, -1, destination, destinationPort, protocol);
    }

    public static String hostPort(String ip, int port) {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    @Override
    public String toString() {
        return (sourcePort < 0 ? sourceIp : hostPort(sourceIp, sourcePort)) + " > "
                + hostPort(destinationIp, destinationPort) + "/" + protocol;
    }
}
