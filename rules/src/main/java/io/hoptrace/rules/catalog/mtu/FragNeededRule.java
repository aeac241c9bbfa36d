package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.IcmpErrorEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mtu.frag-needed}: ICMP "fragmentation needed" (type 3 code 4) and ICMPv6 "packet too big", with the MTU
 * they carry. One finding per (node, sender, receiver, destination, MTU): a router or node telling a host that its
 * packets do not fit the path. PMTU discovery working as designed still costs a round trip and a resend; repeated
 * messages mean the sender does not listen (see mtu.blackhole).
 */
public final class FragNeededRule implements Rule {
    public static final String ID = "mtu.frag-needed";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "ICMP fragmentation needed / packet too big, with the MTU it carries";
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        Map<String, List<IcmpErrorEvent>> groups = new LinkedHashMap<>();
        for (IcmpErrorEvent e : v.icmpErrors()) {
            if (!e.fragmentationNeeded()) {
                continue;
            }
            String dst = e.quoted() == null ? "?" : e.quoted().dst();
            groups.computeIfAbsent(e.node() + " " + e.from().address() + " " + e.to().address() + " " + dst + " "
                    + e.mtu(), k -> new ArrayList<>()).add(e);
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<IcmpErrorEvent>> g : groups.entrySet()) {
            IcmpErrorEvent e = g.getValue().get(0);
            String what = e.version() == 4 ? "ICMP fragmentation needed" : "ICMPv6 packet too big";
            String dst = e.quoted() == null ? "its destination" : Describe.address(v, e.quoted().dst());
            String sent = e.quotedLength() > 0 ? " (it sent " + e.quotedLength() + " bytes)" : "";
            String mtu = e.mtu() > 0 ? Integer.toString(e.mtu()) : "?";
            String summary = Describe.address(v, e.from().address()) + " sent " + what + " to "
                    + Describe.address(v, e.to().address()) + " " + Describe.times(g.getValue().size())
                    + ": packets to " + dst + " must be at most " + mtu + " bytes" + sent;
            String sender = Describe.owner(v, e.to().address()).map(Object::toString).orElse(e.to().address());
            String fix = e.mtu() > 0
                    ? "set the MTU of " + sender + " to " + e.mtu() + " (or lower), or clamp the TCP MSS to "
                    + (e.mtu() - (e.version() == 4 ? 40 : 60)) + " on the path"
                    : "lower the MTU of " + sender + " to what the path carries";
            Finding.Builder f = Finding.of(ID, Severity.WARNING, summary).fix(fix).node(e.node())
                    .dedupKey(g.getKey());
            for (IcmpErrorEvent x : g.getValue()) {
                f.packet(x.packet());
            }
            Describe.owner(v, e.to().address()).ifPresent(f::object);
            if (e.quoted() != null) {
                Describe.owner(v, e.quoted().dst()).ifPresent(f::object);
            }
            if (e.causeJourney() != null) {
                f.journey(e.causeJourney(), v.journey(e.causeJourney()).map(Describe::lastHop).orElse(-1));
            } else if (e.journey() != null) {
                f.journey(e.journey(), 0);
            }
            out.add(f.build());
        }
        return out;
    }
}
