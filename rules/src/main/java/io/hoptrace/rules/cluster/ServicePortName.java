package io.hoptrace.rules.cluster;

/**
 * A Service port as kube-proxy names it: {@code namespace/name:port}, or {@code namespace/name} when the port has
 * no name. This text (plus the protocol, and the endpoint for KUBE-SEP) is what kube-proxy hashes into chain names.
 */
public record ServicePortName(String namespace, String name, String port) {
    public ServicePortName {
        port = port == null ? "" : port;
    }

    /** Parses {@code ns/name:port} or {@code ns/name}; null when there is no slash. */
    public static ServicePortName parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        int colon = text.indexOf(':', slash);
        return colon < 0 ? new ServicePortName(text.substring(0, slash), text.substring(slash + 1), "")
                : new ServicePortName(text.substring(0, slash), text.substring(slash + 1, colon),
                text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return port.isEmpty() ? namespace + "/" + name : namespace + "/" + name + ":" + port;
    }
}
