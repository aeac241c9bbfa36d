package io.hoptrace.rules.cluster;

/**
 * Who an IP belongs to: a Pod (with its node), a Node (with the address type, e.g. InternalIP) or a Service
 * (role "cluster IP", "external IP" or "load balancer IP"). {@code namespace} is empty for Nodes.
 */
public record IpOwner(Kind kind, String namespace, String name, String role, String nodeName) {
    public enum Kind { POD, NODE, SERVICE }

    public String qualifiedName() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case POD -> "pod " + qualifiedName() + (nodeName == null ? "" : " on node " + nodeName);
            case NODE -> "node " + name + " (" + role + ")";
            case SERVICE -> "service " + qualifiedName() + " " + role;
        };
        return what;
    }
}
