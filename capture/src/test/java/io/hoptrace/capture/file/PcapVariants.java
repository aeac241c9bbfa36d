package io.hoptrace.capture.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A little-endian microsecond pcap's records rewritten big-endian and/or in nanoseconds (same packets, same times). */
public final class PcapVariants {
    private PcapVariants() {
    }

    public static byte[] rewrite(byte[] le, boolean bigEndian, boolean nanos) {
        ByteBuffer in = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt(0) != PcapReader.MAGIC_MICROS) {
            throw new IllegalArgumentException("not a little-endian microsecond pcap");
        }
        ByteBuffer out = ByteBuffer.allocate(le.length).order(bigEndian ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        out.putInt(nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS);
        out.putShort(in.getShort(4)).putShort(in.getShort(6));
        out.putInt(in.getInt(8)).putInt(in.getInt(12)).putInt(in.getInt(16)).putInt(in.getInt(20));
        int p = 24;
        while (p + 16 <= le.length) {
            int captured = in.getInt(p + 8);
            out.putInt(in.getInt(p)).putInt(in.getInt(p + 4) * (nanos ? 1000 : 1)).putInt(captured)
                    .putInt(in.getInt(p + 12));
            out.put(le, p + 16, captured);
            p += 16 + captured;
        }
        return out.array();
    }
}
