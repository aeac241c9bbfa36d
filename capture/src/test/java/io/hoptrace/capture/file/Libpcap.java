package io.hoptrace.capture.file;

import java.io.EOFException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.Pcaps;

/** The reference reader: libpcap through pcap4j, nanosecond precision, one packet at a time. */
final class Libpcap {
    private Libpcap() {
    }

    /** A packet as libpcap hands it out. */
    record Packet(long timestampNanos, int capturedLength, int wireLength, byte[] bytes) {
    }

    /** Every packet libpcap returns, and its error text if it stopped on one (null at a clean end). */
    record Read(List<Packet> packets, String error) {
    }

    static Read read(Path file) throws Exception {
        List<Packet> packets = new ArrayList<>();
        PcapHandle handle = Pcaps.openOffline(file.toString(), TimestampPrecision.NANO);
        try {
            while (true) {
                byte[] bytes = handle.getNextRawPacketEx();
                Timestamp ts = handle.getTimestamp();
                long seconds = Math.floorDiv(ts.getTime(), 1000L);
                packets.add(new Packet(seconds * 1_000_000_000L + ts.getNanos(), bytes.length,
                        handle.getOriginalLength(), bytes));
            }
        } catch (EOFException end) {
            return new Read(packets, null);
        } catch (org.pcap4j.core.PcapNativeException e) {
            return new Read(packets, e.getMessage());
        } finally {
            handle.close();
        }
    }
}
