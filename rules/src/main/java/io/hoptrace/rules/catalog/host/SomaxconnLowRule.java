package io.hoptrace.rules.catalog.host;

import io.hoptrace.decoders.state.SysctlSettings;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;
import io.hoptrace.rules.catalog.StateEvidence;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code host.somaxconn-low}: {@code net.core.somaxconn} caps every listen queue (connections the kernel has
 * accepted and the server has not yet taken). When it is small, a burst of connections overflows the queue and the
 * kernel drops SYNs: clients retry after a second or more. Linux defaults to 4096 since 5.4 (128 before). The value is
 * per network namespace: the node's applies to host-network servers (kubelet, API server, ingress controllers with
 * hostNetwork); pods get their own.
 */
public final class SomaxconnLowRule implements Rule {
    public static final String ID = "host.somaxconn-low";

    static final Threshold<Long> MIN = Threshold.ofLong("host.somaxconn-low.min", 1024,
            "net.core.somaxconn below this is flagged (the kernel default is 4096 since Linux 5.4, 128 before)");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "small net.core.somaxconn on a node: listen queues overflow under bursts and SYNs are dropped";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(MIN);
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        long min = v.thresholds().getLong(MIN);
        List<Finding> out = new ArrayList<>();
        for (NodeState n : v.nodes().values()) {
            if (n.sysctl() == null) {
                continue;
            }
            OptionalLong value = n.sysctl().somaxconn();
            if (value.isEmpty() || value.getAsLong() >= min) {
                continue;
            }
            long s = value.getAsLong();
            String summary = n.name() + " caps listen queues at " + s + " connections (net.core.somaxconn = " + s
                    + ", below " + min + "): a burst of new connections to a host-network server on " + n.name()
                    + " overflows the queue, the kernel drops the SYNs and clients wait a second or more to retry";
            String fix = "raise it on " + n.name() + ": sysctl -w net.core.somaxconn=4096 (the kernel default since"
                    + " Linux 5.4), persisted in /etc/sysctl.d/; the server's listen() backlog must ask for as much."
                    + " Pods have their own value: set it per pod with securityContext.sysctls (the kubelet must"
                    + " allow it: --allowed-unsafe-sysctls=net.core.somaxconn)";
            Finding.Builder f = Finding.of(ID, Severity.WARNING, summary).fix(fix).node(n.name())
                    .object(ObjectRef.node(n.name())).dedupKey(n.name());
            StateEvidence.sysctl(n.name(), n.sysctl(), SysctlSettings.SOMAXCONN).ifPresent(f::evidence);
            StateEvidence.sysctl(n.name(), n.sysctl(), "net.ipv4.tcp_max_syn_backlog").ifPresent(f::evidence);
            out.add(f.build());
        }
        return out;
    }
}
