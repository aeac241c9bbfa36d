package io.hoptrace.ui;

import io.hoptrace.ui.model.port.CaptureOpener;
import io.hoptrace.ui.model.port.CaptureReader;
import io.hoptrace.ui.model.port.CapturedFrame;
import io.hoptrace.ui.model.port.FrameReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small pcap/pcapng reader for ui tests, so they need not depend on the capture module (the real adapter over
 * capture's CaptureFiles lives in cli). Classic pcap (micro/nano, either byte order) and pcapng section, interface
 * (name, description, tsresol 6/9) and enhanced packet blocks; anything else is refused with the message style of
 * the real reader.
 */
public final class TestCaptureOpener implements CaptureOpener {
    @Override
    public CaptureReader open(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length == 0) {
            throw new IOException(file + ": empty file");
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int magic = all.length >= 4 ? b.getInt(0) : 0;
        if (magic == 0x0A0D0D0A) {
            return pcapng(file, b);
        }
        if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D || Integer.reverseBytes(magic) == 0xA1B2C3D4
                || Integer.reverseBytes(magic) == 0xA1B23C4D) {
            return pcap(file, b);
        }
        throw new IOException(file + ": not a pcap or pcapng capture (starts with "
                + String.format("0x%02x 0x%02x 0x%02x 0x%02x", all[0], all[1], all[2], all[3]) + ")");
    }

    private record Packet(int off, int caplen, int wirelen, long ts, int iface, int linkType) {
    }

    private static CaptureReader pcap(Path file, ByteBuffer b) {
        int magic = b.getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        boolean nanos = magic == 0xA1B23C4D;
        int linkType = b.getInt(20) & 0xFFFF;
        List<Packet> packets = new ArrayList<>();
        int p = 24;
        while (p + 16 <= b.limit()) {
            int caplen = b.getInt(p + 8);
            if (caplen < 0 || p + 16 + caplen > b.limit()) {
                break;
            }
            long ts = (b.getInt(p) & 0xFFFFFFFFL) * 1_000_000_000L + (b.getInt(p + 4) & 0xFFFFFFFFL) * (nanos ? 1 : 1000);
            packets.add(new Packet(p + 16, caplen, b.getInt(p + 12), ts, 0, linkType));
            p += 16 + caplen;
        }
        return new Reader(b.array(), packets, List.of(), List.of());
    }

    private static CaptureReader pcapng(Path file, ByteBuffer b) {
        List<Packet> packets = new ArrayList<>();
        List<Integer> linkTypes = new ArrayList<>();
        List<Long> units = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        int p = 0;
        while (p + 12 <= b.limit()) {
            int type = b.getInt(p);
            int len = b.getInt(p + 4);
            if (len < 12 || p + len > b.limit()) {
                break;
            }
            if (type == 1) {
                linkTypes.add(b.getShort(p + 8) & 0xFFFF);
                long unit = 1_000_000;
                String name = null;
                String description = null;
                int o = p + 16;
                while (o + 4 <= p + len - 4) {
                    int code = b.getShort(o) & 0xFFFF;
                    int olen = b.getShort(o + 2) & 0xFFFF;
                    if (code == 0) {
                        break;
                    }
                    String text = new String(b.array(), o + 4, olen, java.nio.charset.StandardCharsets.UTF_8);
                    if (code == 2) {
                        name = text;
                    } else if (code == 3) {
                        description = text;
                    } else if (code == 9) {
                        unit = (long) Math.pow(10, b.get(o + 4));
                    }
                    o += 4 + ((olen + 3) & ~3);
                }
                units.add(unit);
                names.add(name);
                descriptions.add(description);
            } else if (type == 6) {
                int iface = b.getInt(p + 8);
                long raw = (b.getInt(p + 12) & 0xFFFFFFFFL) << 32 | (b.getInt(p + 16) & 0xFFFFFFFFL);
                long unit = units.get(iface);
                long ts = raw / unit * 1_000_000_000L + raw % unit * (1_000_000_000L / unit);
                packets.add(new Packet(p + 28, b.getInt(p + 20), b.getInt(p + 24), ts, iface, linkTypes.get(iface)));
            }
            p += len;
        }
        return new Reader(b.array(), packets, names, descriptions);
    }

    private static final class Reader implements CaptureReader {
        private final byte[] data;
        private final List<Packet> packets;
        private final List<String> names;
        private final List<String> descriptions;
        private int next;

        Reader(byte[] data, List<Packet> packets, List<String> names, List<String> descriptions) {
            this.data = data;
            this.packets = packets;
            this.names = names;
            this.descriptions = descriptions;
        }

        @Override
        public boolean next(CapturedFrame f) {
            if (next == packets.size()) {
                return false;
            }
            Packet p = packets.get(next++);
            f.data = data;
            f.offset = p.off;
            f.capturedLength = p.caplen;
            f.wireLength = p.wirelen;
            f.timestampNanos = p.ts;
            f.interfaceId = p.iface;
            f.linkType = p.linkType;
            f.number = next;
            f.fileOffset = p.off;
            return true;
        }

        /** Read back from the bytes read at open, as the real port reads back from the file. */
        @Override
        public FrameReader frames() {
            return new FrameReader() {
                @Override
                public void read(long fileOffset, byte[] dst, int dstOffset, int length) throws IOException {
                    if (fileOffset < 0 || fileOffset + length > data.length) {
                        throw new IOException("test capture: bytes " + fileOffset + "+" + length + " are not there");
                    }
                    System.arraycopy(data, (int) fileOffset, dst, dstOffset, length);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String problem() {
            return null;
        }

        @Override
        public String interfaceName(int id) {
            return id < names.size() ? names.get(id) : null;
        }

        @Override
        public String interfaceDescription(int id) {
            return id < descriptions.size() ? descriptions.get(id) : null;
        }

        @Override
        public long position() {
            return next == packets.size() ? data.length : packets.get(next).off;
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public void close() {
        }
    }
}
