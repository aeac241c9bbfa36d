package io.hoptrace.decoders.state;

import java.net.InetAddress;

/** "address:port" as ipvsadm -n ("10.0.0.1:443", "[fd00::1]:53") and /proc/net/ip_vs ("0A000001:01BB") print it. */
final class IpvsEndpointText {
    private IpvsEndpointText() {
    }

    record Endpoint(InetAddress address, int port) {
    }

    /**
     * @param hex  /proc/net/ip_vs: IPv4 as 8 hex digits, ports as 4 hex digits
     * @param hint the command that prints numbers, for the problem text ("ipvsadm -Ln")
     */
    static Endpoint parse(String token, boolean hex, String hint) throws UnreadableLine {
        String host;
        String port;
        boolean bracketed = token.startsWith("[");
        if (bracketed) {
            int close = token.indexOf("]:");
            if (close < 0) {
                throw new UnreadableLine("'" + token + "' is not [IPv6 address]:port");
            }
            host = token.substring(1, close);
            port = token.substring(close + 2);
        } else {
            int colon = token.lastIndexOf(':');
            if (colon < 0) {
                throw new UnreadableLine("'" + token + "' is not address:port");
            }
            host = token.substring(0, colon);
            port = token.substring(colon + 1);
        }
        InetAddress address = bracketed ? InetLiteral.parse(host)
                : hex && host.length() == 8 ? InetLiteral.parseKernelHex(host)
                : InetLiteral.parse(host);
        if (address == null && !bracketed && host.length() == 8 && port.length() == 4) {
            address = InetLiteral.parseKernelHex(host); // a /proc/net/ip_vs line without its header
            hex = address != null;
        }
        if (address == null || bracketed != (address.getAddress().length == 16)) {
            if (isHostName(host)) {
                throw new UnreadableLine("'" + token + "' names a host, not an address (a listing without -n,"
                        + " which also cuts long names): take it with " + hint);
            }
            throw new UnreadableLine("'" + host + "' is not an IP address (redacted?)");
        }
        int p = hex ? hexPort(port) : StateLines.port(port);
        if (p < 0) {
            if (!port.isEmpty() && isHostName(port)) {
                throw new UnreadableLine("port '" + port + "' is a service name, not a number (a listing"
                        + " without -n): take it with " + hint);
            }
            throw new UnreadableLine("'" + port + "' is not a port number");
        }
        return new Endpoint(address, p);
    }

    /** A /proc/net/ip_vs address: "C0A80016:0CEA" or "[2620:0000:...:0001]:0050" (every group 4 digits). */
    static boolean looksKernelHex(String token) {
        if (token.length() == 13 && token.charAt(8) == ':') {
            return InetLiteral.parseKernelHex(token.substring(0, 8)) != null && hexPort(token.substring(9)) >= 0;
        }
        if (token.length() == 46 && token.startsWith("[") && token.startsWith("]:", 40)) {
            for (int g = 0; g < 8; g++) {
                if (g < 7 && token.charAt(1 + g * 5 + 4) != ':') {
                    return false;
                }
            }
            return InetLiteral.parse(token.substring(1, 40)) != null && hexPort(token.substring(42)) >= 0;
        }
        return false;
    }

    private static int hexPort(String s) {
        if (s.isEmpty() || s.length() > 4) {
            return -1;
        }
        long v = StateLines.unsignedHex(s);
        return (int) v;
    }

    private static boolean isHostName(String s) {
        if (s.isEmpty()) {
            return true; // "name:" - ipvsadm cut a long host name before the port
        }
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
            } else if (!Character.isDigit(c) && c != '-' && c != '.' && c != '_') {
                return false;
            }
        }
        return letter;
    }
}
