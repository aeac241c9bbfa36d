package io.hoptrace.rules;

import java.util.Locale;

/**
 * A Kubernetes object (or node-level thing) a finding or hop names: {@code pod demo/web-1}, {@code service demo/web},
 * {@code node node-a}. {@code namespace} is empty for cluster-scoped kinds.
 */
public record ObjectRef(Kind kind, String namespace, String name) {
    public enum Kind {
        POD, SERVICE, NODE, NETWORK_POLICY, NAMESPACE;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ObjectRef {
        namespace = namespace == null ? "" : namespace;
    }

    public static ObjectRef pod(String namespace, String name) {
        return new ObjectRef(Kind.POD, namespace, name);
    }

    public static ObjectRef service(String namespace, String name) {
        return new ObjectRef(Kind.SERVICE, namespace, name);
    }

    public static ObjectRef node(String name) {
        return new ObjectRef(Kind.NODE, "", name);
    }

    /** {@code demo/web} or {@code node-a}. */
    public String qualifiedName() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** {@code pod demo/web-1}. */
    @Override
    public String toString() {
        return kind.key() + " " + qualifiedName();
    }
}
