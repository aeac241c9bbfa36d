package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.bgp.BgpDecoder;
import io.hoptrace.decoders.bgp.BgpMessage;
import io.hoptrace.decoders.bgp.BgpNames;
import io.hoptrace.decoders.bgp.BgpNotification;
import io.hoptrace.decoders.bgp.BgpOpen;
import io.hoptrace.decoders.bgp.BgpUpdate;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.model.BgpEvent;
import io.hoptrace.rules.model.Endpoint;

import java.util.List;
import java.util.function.Consumer;

/** Turns the whole BGP messages of a frame into {@link BgpEvent}s (KEEPALIVEs are skipped). */
final class BgpMessages {
    private static final int MAX_PREFIXES = 64;

    private BgpMessages() {
    }

    /** The reason of a NOTIFICATION: "hold timer expired", "cease / administrative shutdown". */
    static String reason(int code, int subcode) {
        String c = BgpNames.errorCode(code);
        String s = BgpNames.errorSubcode(code, subcode);
        if (s != null) {
            return c + " / " + s;
        }
        return subcode == 0 ? c : c + " / subcode " + subcode;
    }

    static void extract(Dissection d, Observation o, PacketRef ref, String node, String iface, Consumer<BgpEvent> out) {
        Endpoint from = new Endpoint(Addresses.format(o.srcHi, o.srcLo), o.sport);
        Endpoint to = new Endpoint(Addresses.format(o.dstHi, o.dstLo), o.dport);
        for (int i = o.bgpLayer; i < d.layerCount(); i++) {
            if (d.protocol(i) != Protocol.BGP || d.quoted(i) || !BgpDecoder.isWholeMessage(d, i)) {
                continue;
            }
            byte[] b = d.bytes(i);
            int m = d.offset(i);
            int type = BgpMessage.type(b, m);
            switch (type) {
                case BgpMessage.NOTIFICATION -> {
                    int code = BgpNotification.code(b, m);
                    int sub = BgpNotification.subcode(b, m);
                    out.accept(new BgpEvent(ref, node, iface, o.timeNanos, from, to, type, code, sub,
                            code < 0 ? null : reason(code, sub), BgpNotification.communication(b, m), List.of(),
                            List.of(), -1, -1));
                }
                case BgpMessage.UPDATE -> {
                    List<String> withdrawn = BgpUpdate.wellFramed(b, m) ? cap(BgpUpdate.withdrawn(b, m)) : List.of();
                    List<String> announced = BgpUpdate.wellFramed(b, m) ? cap(BgpUpdate.announced(b, m)) : List.of();
                    out.accept(new BgpEvent(ref, node, iface, o.timeNanos, from, to, type, -1, -1, null, null,
                            withdrawn, announced, -1, -1));
                }
                case BgpMessage.OPEN -> out.accept(new BgpEvent(ref, node, iface, o.timeNanos, from, to, type, -1,
                        -1, null, null, List.of(), List.of(),
                        BgpMessage.atLeast(b, m, BgpOpen.MIN_LENGTH) ? BgpOpen.as(b, m) : -1,
                        BgpMessage.atLeast(b, m, BgpOpen.MIN_LENGTH) ? BgpOpen.holdTime(b, m) : -1));
                case BgpMessage.ROUTE_REFRESH -> out.accept(new BgpEvent(ref, node, iface, o.timeNanos, from, to,
                        type, -1, -1, null, null, List.of(), List.of(), -1, -1));
                default -> {
                }
            }
        }
    }

    private static List<String> cap(List<String> l) {
        return l.size() > MAX_PREFIXES ? List.copyOf(l.subList(0, MAX_PREFIXES)) : l;
    }
}
