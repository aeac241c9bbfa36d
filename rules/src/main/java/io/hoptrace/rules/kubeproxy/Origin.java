package io.hoptrace.rules.kubeproxy;

/**
 * Where the packet enters the node's netfilter: sent by a local process (nat OUTPUT, filter OUTPUT) or arriving
 * on an interface (nat PREROUTING), whose name may be unknown ({@code null}).
 */
public record Origin(boolean local, String inInterface) {
    public static Origin localProcess() {
        return new Origin(true, null);
    }

    public static Origin arriving(String inInterface) {
        return new Origin(false, inInterface);
    }

    @Override
    public String toString() {
        return local ? "sent by a local process" : inInterface == null ? "arriving" : "arriving on " + inInterface;
    }
}
