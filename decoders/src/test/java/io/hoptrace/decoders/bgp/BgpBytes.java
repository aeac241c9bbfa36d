package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.DecoderRegistry;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldDump;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TestHex;
import io.hoptrace.decoders.TextLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds BGP messages as hex (lengths computed, so each test shows only the fields it is about) and decodes
 * them: on their own, or as the payload of a fake IPv4/TCP segment (hand-made header layers, not an IP or TCP
 * decoder) so the stream table sees a 4-tuple and a sequence number.
 */
final class BgpBytes {
    static final String MARKER = "ffffffffffffffffffffffffffffffff";
    static final DecoderRegistry REGISTRY = DecoderRegistry.standard(DecoderConfig.defaults());

    private BgpBytes() {
    }

    static String u8(int v) {
        return String.format("%02x", v);
    }

    static String u16(int v) {
        return String.format("%04x", v);
    }

    static String u32(long v) {
        return String.format("%08x", v);
    }

    static String strip(String hex) {
        return hex.replaceAll("[\\s|_:]", "");
    }

    /** A whole message: marker, computed length, type, body. */
    static String msg(int type, String body) {
        String b = strip(body);
        return MARKER + u16(19 + b.length() / 2) + u8(type) + b;
    }

    static String keepalive() {
        return msg(4, "");
    }

    static String cap(int code, String value) {
        String v = strip(value);
        return u8(code) + u8(v.length() / 2) + v;
    }

    static String capsParam(String... caps) {
        String v = strip(String.join("", caps));
        return "02" + u8(v.length() / 2) + v;
    }

    static String open(int as, int hold, String id, String params) {
        String p = strip(params);
        return msg(1, "04" + u16(as) + u16(hold) + strip(id) + u8(p.length() / 2) + p);
    }

    static String attr(int flags, int type, String value) {
        String v = strip(value);
        if ((flags & 0x10) != 0) {
            return u8(flags) + u8(type) + u16(v.length() / 2) + v;
        }
        return u8(flags) + u8(type) + u8(v.length() / 2) + v;
    }

    static String update(String withdrawn, String attrs, String nlri) {
        String w = strip(withdrawn);
        String a = strip(attrs);
        return msg(2, u16(w.length() / 2) + w + u16(a.length() / 2) + a + strip(nlri));
    }

    static String notification(int code, int subcode, String data) {
        return msg(3, u8(code) + u8(subcode) + strip(data));
    }

    static String text(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte c : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(u8(c & 0xFF));
        }
        return sb.toString();
    }

    /** Decodes {@code hex} as one segment's payload with no TCP/IP layers around it (stateless). */
    static Dissection decode(String hex) {
        byte[] b = TestHex.bytes(hex);
        Dissection d = new Dissection(REGISTRY).reset(b, 0, b.length, b.length, 1);
        BgpDecoder.INSTANCE.decode(d, b, 0, b.length);
        return d;
    }

    /** One TCP segment of a BGP session between 10.0.0.1:179 and 10.0.0.2:{@code port}. */
    static final class Session {
        final StreamTable streams;
        final DecoderRegistry registry;
        int clientPort = 40000;

        Session(StreamTable streams) {
            this(streams, REGISTRY);
        }

        Session(StreamTable streams, DecoderRegistry registry) {
            this.streams = streams;
            this.registry = registry;
        }

        /** Decodes {@code payload} sent from 10.0.0.1:179 with sequence number {@code seq}. */
        Dissection segment(long seq, String payload) {
            return segment(seq, payload, 0);
        }

        /** As {@link #segment(long, String)}, with {@code cut} payload bytes missing from the capture (snaplen). */
        Dissection segment(long seq, String payload, int cut) {
            byte[] p = TestHex.bytes(payload);
            String ip = "45000000 0001 0000 40 06 0000 0a000001 0a000002";
            String tcp = u16(179) + u16(clientPort) + u32(seq) + "00000000 5018 ffff 0000 0000";
            byte[] b = TestHex.concat(TestHex.bytes(ip), TestHex.bytes(tcp), p);
            int captured = b.length - cut;
            Dissection d = new Dissection(registry).reset(b, 0, captured, b.length, 228).streams(streams);
            d.addLayer(Protocol.IPV4, registry.data(), b, 0, 20, captured);
            d.addLayer(Protocol.TCP, registry.data(), b, 20, 20, captured);
            BgpDecoder.INSTANCE.decode(d, b, 40, captured);
            return d;
        }
    }

    /** The BGP layers of {@code d}, as indexes. */
    static List<Integer> bgpLayers(Dissection d) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < d.layerCount(); i++) {
            if (d.protocol(i) == Protocol.BGP) {
                out.add(i);
            }
        }
        return out;
    }

    static String summary(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    /** Summaries of every BGP layer, joined by " ; ". */
    static String summaries(Dissection d) {
        List<String> out = new ArrayList<>();
        for (int i : bgpLayers(d)) {
            out.add(summary(d, i));
        }
        return String.join(" ; ", out);
    }

    static FieldDump fields(Dissection d, int layer) {
        return FieldDump.of(d, layer);
    }

    /** Anomaly ids of {@code d}, in order. */
    static List<String> anomalies(Dissection d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.anomalyCount(); i++) {
            out.add(d.anomaly(i).id());
        }
        return out;
    }
}
