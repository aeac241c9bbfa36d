package io.hoptrace.rules.cluster;

/** A Service port reached at an address: {@code role} is "cluster IP", "external IP", "load balancer IP" or "node port". */
public record ServiceAddress(ServicePortInfo servicePort, String role) {
    @Override
    public String toString() {
        return servicePort.name() + " " + role;
    }
}
