package io.hoptrace.decoders.state;

import java.net.Inet6Address;
import java.net.InetAddress;

/** An address and port (or -1 for protocols without ports), e.g. where a DNAT sent a connection. */
public record ConntrackEndpoint(InetAddress address, int port) {
    @Override
    public String toString() {
        String a = InetLiteral.format(address);
        String host = address instanceof Inet6Address ? "[" + a + "]" : a;
        return port < 0 ? host : host + ":" + port;
    }
}
