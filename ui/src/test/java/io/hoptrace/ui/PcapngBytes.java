package io.hoptrace.ui;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-made little-endian pcapng: a section, interfaces with name/description and nanosecond stamps, packets. */
public final class PcapngBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public PcapngBytes() {
        block(0x0A0D0D0A, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array());
    }

    public PcapngBytes iface(int linkType, String name, String description) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) linkType).putShort((short) 0).putInt(65535);
        option(b, 2, name.getBytes(StandardCharsets.UTF_8));
        option(b, 3, description.getBytes(StandardCharsets.UTF_8));
        option(b, 9, new byte[] {9});
        b.putInt(0);
        return block(1, java.util.Arrays.copyOf(b.array(), b.position()));
    }

    public PcapngBytes packet(int iface, long nanos, byte[] frame) {
        int padded = (frame.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(iface).putInt((int) (nanos >>> 32)).putInt((int) nanos).putInt(frame.length).putInt(frame.length);
        b.put(frame);
        return block(6, b.array());
    }

    private static void option(ByteBuffer b, int code, byte[] value) {
        b.putShort((short) code).putShort((short) value.length).put(value);
        for (int i = value.length; i % 4 != 0; i++) {
            b.put((byte) 0);
        }
    }

    private PcapngBytes block(int type, byte[] body) {
        int len = 12 + body.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(len).put(body).putInt(len);
        out.writeBytes(b.array());
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
