package io.hoptrace.decoders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately tiny pcap/pcapng reader for decoder tests (the real reader lives in capture/): classic pcap in
 * either byte order, pcapng section headers, interface descriptions and enhanced/simple packet blocks.
 */
public final class TestCaptures {
    /** One captured frame: its bytes as captured, the length on the wire and the link type. */
    public record Frame(int number, byte[] bytes, int wireLength, int linkType) {
    }

    private TestCaptures() {
    }

    public static List<Frame> read(Path file) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
            int magic = buf.getInt(0);
            return magic == 0x0A0D0D0A ? pcapng(buf) : pcap(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Frame> pcap(ByteBuffer buf) {
        int magic = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            buf.order(ByteOrder.BIG_ENDIAN);
        }
        int linkType = buf.getInt(20) & 0x0FFFFFFF;
        List<Frame> frames = new ArrayList<>();
        int p = 24;
        while (p + 16 <= buf.limit()) {
            int caplen = buf.getInt(p + 8);
            int wirelen = buf.getInt(p + 12);
            if (caplen < 0 || p + 16 + caplen > buf.limit()) {
                break;
            }
            byte[] b = new byte[caplen];
            buf.get(p + 16, b);
            frames.add(new Frame(frames.size() + 1, b, wirelen, linkType));
            p += 16 + caplen;
        }
        return frames;
    }

    private static List<Frame> pcapng(ByteBuffer buf) {
        List<Frame> frames = new ArrayList<>();
        List<Integer> linkTypes = new ArrayList<>();
        int p = 0;
        while (p + 12 <= buf.limit()) {
            if (buf.getInt(p) == 0x0A0D0D0A) {
                // a section header: its byte-order magic sets the order of every block in the section
                buf.order(ByteOrder.LITTLE_ENDIAN);
                buf.order(buf.getInt(p + 8) == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                linkTypes.clear();
            }
            int type = buf.getInt(p);
            int length = buf.getInt(p + 4);
            if (length < 12 || p + length > buf.limit()) {
                break;
            }
            if (type == 1) {
                linkTypes.add(buf.getShort(p + 8) & 0xFFFF);
            } else if (type == 6) {
                int iface = buf.getInt(p + 8);
                int caplen = buf.getInt(p + 20);
                int wirelen = buf.getInt(p + 24);
                byte[] b = new byte[caplen];
                buf.get(p + 28, b);
                frames.add(new Frame(frames.size() + 1, b, wirelen, linkTypes.get(iface)));
            } else if (type == 3) {
                int wirelen = buf.getInt(p + 8);
                int caplen = Math.min(wirelen, length - 16);
                byte[] b = new byte[caplen];
                buf.get(p + 12, b);
                frames.add(new Frame(frames.size() + 1, b, wirelen, linkTypes.get(0)));
            }
            p += length;
        }
        return frames;
    }
}
