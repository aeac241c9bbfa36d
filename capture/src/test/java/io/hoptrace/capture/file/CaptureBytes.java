package io.hoptrace.capture.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds capture files byte by byte, in either byte order, independently of hoptrace's writers: the hand-made inputs
 * of the reader tests (big-endian files, odd timestamp resolutions, rare block types, corrupt lengths).
 */
final class CaptureBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** Start offset of every block or record, and the end of the file, for truncation expectations. */
    private final List<Integer> boundaries = new ArrayList<>();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /** A pcap option or pcapng option (code, value). */
    record Option(int code, byte[] value) {
        static Option text(int code, String s) {
            return new Option(code, s.getBytes(StandardCharsets.UTF_8));
        }

        static Option u8(int code, int v) {
            return new Option(code, new byte[] {(byte) v});
        }
    }

    static Option u64(int code, long v, ByteOrder order) {
        return new Option(code, ByteBuffer.allocate(8).order(order).putLong(v).array());
    }

    static Option timestamp(int code, long units, ByteOrder order) {
        return new Option(code, ByteBuffer.allocate(8).order(order).putInt((int) (units >>> 32)).putInt((int) units)
                .array());
    }

    // ---- classic pcap

    static CaptureBytes pcap(ByteOrder order, int magic, int snapLength, int linkField) {
        CaptureBytes c = new CaptureBytes();
        c.order = order;
        c.put(ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0)
                .putInt(0).putInt(snapLength).putInt(linkField));
        return c;
    }

    CaptureBytes record(long seconds, long fraction, byte[] data, int wireLength) {
        return record(seconds, fraction, data.length, data, wireLength);
    }

    /** A record whose header may claim another length than the bytes that follow (corrupt files). */
    CaptureBytes record(long seconds, long fraction, int claimedLength, byte[] data, int wireLength) {
        boundaries.add(out.size());
        put(ByteBuffer.allocate(16).order(order).putInt((int) seconds).putInt((int) fraction).putInt(claimedLength)
                .putInt(wireLength));
        out.writeBytes(data);
        return this;
    }

    /** A record of the "modified" pcap format (magic 0xa1b2cd34): 8 more header bytes. */
    CaptureBytes modifiedRecord(long seconds, long micros, byte[] data, int wireLength) {
        boundaries.add(out.size());
        put(ByteBuffer.allocate(24).order(order).putInt((int) seconds).putInt((int) micros).putInt(data.length)
                .putInt(wireLength).putInt(3).putShort((short) 0x0800).put((byte) 0).put((byte) 0));
        out.writeBytes(data);
        return this;
    }

    // ---- pcapng

    static CaptureBytes pcapng() {
        return new CaptureBytes();
    }

    CaptureBytes section(ByteOrder sectionOrder, Option... options) {
        order = sectionOrder;
        ByteBuffer body = ByteBuffer.allocate(16).order(order).putInt(0x1A2B3C4D).putShort((short) 1)
                .putShort((short) 0).putLong(-1);
        return block(0x0A0D0D0A, body.array(), options);
    }

    CaptureBytes interfaceBlock(int linkType, int snapLength, Option... options) {
        return block(1, ByteBuffer.allocate(8).order(order).putShort((short) linkType).putShort((short) 0)
                .putInt(snapLength).array(), options);
    }

    CaptureBytes enhancedPacket(int interfaceId, long units, byte[] data, int wireLength, Option... options) {
        ByteBuffer head = ByteBuffer.allocate(20).order(order).putInt(interfaceId).putInt((int) (units >>> 32))
                .putInt((int) units).putInt(data.length).putInt(wireLength);
        return block(6, concat(head.array(), padded(data)), options);
    }

    CaptureBytes obsoletePacket(int interfaceId, long units, byte[] data, int wireLength, Option... options) {
        ByteBuffer head = ByteBuffer.allocate(20).order(order).putShort((short) interfaceId).putShort((short) 0)
                .putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(wireLength);
        return block(2, concat(head.array(), padded(data)), options);
    }

    /** {@code data} is what the block holds: the first min(snaplen, wire) bytes of the frame. */
    CaptureBytes simplePacket(int wireLength, byte[] data) {
        return block(3, concat(ByteBuffer.allocate(4).order(order).putInt(wireLength).array(), padded(data)));
    }

    CaptureBytes statistics(int interfaceId, long units, Option... options) {
        return block(5, ByteBuffer.allocate(12).order(order).putInt(interfaceId).putInt((int) (units >>> 32))
                .putInt((int) units).array(), options);
    }

    /** Any block with correct lengths at both ends. */
    CaptureBytes block(int type, byte[] body, Option... options) {
        byte[] opts = options(options);
        int length = 12 + body.length + opts.length;
        boundaries.add(out.size());
        put(ByteBuffer.allocate(8).order(order).putInt(type).putInt(length));
        out.writeBytes(body);
        out.writeBytes(opts);
        put(ByteBuffer.allocate(4).order(order).putInt(length));
        return this;
    }

    /** Bytes as they are, e.g. a block with wrong lengths. Not a boundary. */
    CaptureBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    CaptureBytes rawInt(int v) {
        return raw(ByteBuffer.allocate(4).order(order).putInt(v).array());
    }

    private byte[] options(Option... options) {
        if (options.length == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (Option option : options) {
            o.writeBytes(ByteBuffer.allocate(4).order(order).putShort((short) option.code())
                    .putShort((short) option.value().length).array());
            o.writeBytes(padded(option.value()));
        }
        o.writeBytes(new byte[4]);
        return o.toByteArray();
    }

    private void put(ByteBuffer b) {
        out.writeBytes(b.array());
    }

    static byte[] padded(byte[] data) {
        byte[] p = new byte[(data.length + 3) & ~3];
        System.arraycopy(data, 0, p, 0, data.length);
        return p;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A frame of {@code length} bytes whose content depends on {@code seed}. */
    static byte[] frame(int length, int seed) {
        byte[] f = new byte[length];
        for (int i = 0; i < length; i++) {
            f[i] = (byte) (seed * 31 + i * 7);
        }
        return f;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    /** Where each record or block begins. */
    List<Integer> boundaries() {
        return List.copyOf(boundaries);
    }

    Path writeTo(Path file) {
        try {
            return Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
