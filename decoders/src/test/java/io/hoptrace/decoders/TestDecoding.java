package io.hoptrace.decoders;

import io.hoptrace.decoders.ip.InternetChecksum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Short ways to decode a test frame and look at the result. */
public final class TestDecoding {
    private TestDecoding() {
    }

    /**
     * Payload checksums verified: off by default for speed, on in these helpers so that a test asserting "no
     * anomaly" also proves the checksum it built is right.
     */
    public static final DecoderConfig VERIFYING = DecoderConfig.defaults().withVerifyChecksums(true);

    /** Decodes an Ethernet frame captured whole, verifying checksums. */
    public static Dissection ethernet(byte[] frame) {
        return new PacketDecoder(VERIFYING).decode(frame, LinkType.ETHERNET);
    }

    /** Decodes an Ethernet frame with the default configuration: payload checksums not verified. */
    public static Dissection ethernetDefaults(byte[] frame) {
        return new PacketDecoder().decode(frame, LinkType.ETHERNET);
    }

    public static Dissection ethernet(String hex) {
        return ethernet(Hex.bytes(hex));
    }

    /** Decodes the first {@code captured} bytes of a frame that was {@code wire} bytes long (snaplen cut). */
    public static Dissection cut(byte[] frame, int captured, int wire, int linkType) {
        return new PacketDecoder(VERIFYING).decode(frame, 0, captured, wire, linkType);
    }

    /** The frame's layers as protocol keys, e.g. {@code [eth, ip, udp, data]}. */
    public static List<String> layers(Dissection d) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < d.layerCount(); i++) {
            keys.add(d.protocol(i).key());
        }
        return keys;
    }

    /** Anomaly ids in the order they were recorded. */
    public static List<String> anomalies(Dissection d) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < d.anomalyCount(); i++) {
            ids.add(d.anomaly(i).id());
        }
        return ids;
    }

    public static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }

    /** Recomputes the IPv4 header checksum at {@code ipOffset} after a test changed a header field. */
    public static byte[] fixIpv4Checksum(byte[] b, int ipOffset) {
        int ihl = (b[ipOffset] & 0x0F) * 4;
        b[ipOffset + 10] = 0;
        b[ipOffset + 11] = 0;
        int c = InternetChecksum.complement(InternetChecksum.add(0, b, ipOffset, ihl));
        b[ipOffset + 10] = (byte) (c >> 8);
        b[ipOffset + 11] = (byte) c;
        return b;
    }

    public static byte[] put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
        return b;
    }
}
