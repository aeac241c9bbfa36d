package io.hoptrace.rules.model;

/**
 * An address and port as a hop saw them. {@code port} is -1 for protocols without ports (ICMP: then the echo
 * identifier is not a port and is left out). IPv6 addresses print in brackets when a port follows.
 */
public record Endpoint(String address, int port) {
    public static Endpoint of(String address, int port) {
        return new Endpoint(address, port);
    }

    public boolean hasPort() {
        return port >= 0;
    }

    @Override
    public String toString() {
        if (port < 0) {
            return address;
        }
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
