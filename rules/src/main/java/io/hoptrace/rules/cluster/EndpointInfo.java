package io.hoptrace.rules.cluster;

/**
 * One endpoint of one Service port, from an EndpointSlice: address and port, its conditions (an absent
 * {@code ready} counts as ready, as the API says), the node it runs on and the Pod behind it when the slice
 * names one ({@code podNamespace}/{@code podName} null otherwise).
 */
public record EndpointInfo(ServicePortName service, String protocol, String ip, int port, boolean ready,
                           boolean serving, boolean terminating, String nodeName, String podNamespace,
                           String podName, String zone) {
    /** {@code 10.180.0.1:80} or {@code [fd00::1]:80}: the text kube-proxy hashes for KUBE-SEP chains. */
    public String endpoint() {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    public String pod() {
        return podName == null ? null : podNamespace + "/" + podName;
    }

    @Override
    public String toString() {
        return endpoint();
    }
}
