package io.hoptrace.rules.catalog.bgp;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.BgpEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bgp.session-down}: a BGP NOTIFICATION closes the session (RFC 4271 section 6): hold timer expired, an
 * error in a message, or a Cease (administrative shutdown, reset, peer de-configured, ...), with the shutdown
 * communication when the sender gave one. For Calico (BIRD) the session carries the node's pod CIDR: while it is
 * down the peer loses the routes. One finding per (sender, receiver, reason).
 */
public final class SessionDownRule implements Rule {
    public static final String ID = "bgp.session-down";

    private static final int HOLD_TIMER_EXPIRED = 4;
    private static final int CEASE = 6;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "BGP sessions closed by a NOTIFICATION (hold timer expired, errors, Cease), with the reason";
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        Map<String, List<BgpEvent>> groups = new LinkedHashMap<>();
        for (BgpEvent e : v.bgpMessages()) {
            if (e.type() == BgpEvent.NOTIFICATION) {
                groups.computeIfAbsent(e.from().address() + " " + e.to().address() + " " + e.code() + "/"
                        + e.subcode(), k -> new ArrayList<>()).add(e);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<BgpEvent>> g : groups.entrySet()) {
            BgpEvent e = g.getValue().get(0);
            String from = speaker(v, e.from().address());
            String to = speaker(v, e.to().address());
            String reason = e.reason() == null ? "a NOTIFICATION too short to carry its reason" : e.reason();
            String comm = e.communication() == null || e.communication().isEmpty() ? ""
                    : " (message: \"" + e.communication() + "\")";
            String summary = "BGP session " + from + " -> " + to + " closed by " + from + ": " + reason + comm
                    + (g.getValue().size() > 1 ? ", " + g.getValue().size() + " times" : "");
            Finding.Builder f = Finding.of(ID, severity(e.code(), e.subcode()), summary)
                    .fix(fix(e, from, to)).node(e.node()).dedupKey(g.getKey());
            for (BgpEvent x : g.getValue()) {
                f.packet(x.packet());
            }
            v.nodeOfAddress(e.from().address()).ifPresent(n -> f.object(ObjectRef.node(n)));
            v.nodeOfAddress(e.to().address()).ifPresent(n -> f.object(ObjectRef.node(n)));
            f.evidence("NOTIFICATION code " + e.code() + " subcode " + e.subcode() + " from " + e.from() + " to "
                    + e.to());
            out.add(f.build());
        }
        return out;
    }

    /** {@code node-c (192.168.50.13)}, or the address. */
    private static String speaker(AnalysisView v, String address) {
        return v.nodeOfAddress(address).map(n -> n + " (" + address + ")").orElse(address);
    }

    /** Deliberate closes (administrative shutdown, reset, de-configuration, collisions) are warnings. */
    static Severity severity(int code, int subcode) {
        if (code == CEASE) {
            return switch (subcode) {
                case 2, 3, 4, 6 -> Severity.WARNING;
                case 7 -> Severity.INFO;
                default -> Severity.ERROR;
            };
        }
        return Severity.ERROR;
    }

    private static String fix(BgpEvent e, String from, String to) {
        if (e.code() == HOLD_TIMER_EXPIRED) {
            return "check that the BGP daemon on " + to + " (calico-node/BIRD) is running and not stalled, and that "
                    + "TCP 179 and its keepalives pass between the nodes; " + from + " heard nothing for a whole hold "
                    + "time";
        }
        if (e.code() == CEASE && (e.subcode() == 2 || e.subcode() == 4 || e.subcode() == 3)) {
            return "if this was not intended, re-enable the peer on " + from + " (birdc enable <protocol>; in "
                    + "Calico check the BGPPeer and BGPConfiguration resources and the node's BGP settings)";
        }
        return "read " + from + "'s BGP log for this NOTIFICATION and fix the configuration it names (AS numbers, "
                + "peer addresses, capabilities, prefix limits)";
    }
}
