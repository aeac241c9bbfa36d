package io.hoptrace.capture.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A stream of packets from a capture file. Reading is streaming: memory does not depend on the file size. A file
 * cut short or corrupt yields every complete packet, then {@link #next} returns false and {@link #problem} says
 * where and why it stopped; I/O errors other than that are thrown.
 */
public interface PacketSource extends Closeable {
    /** Fills {@code record} with the next packet; false at the end of the file or where it stops being readable. */
    boolean next(PacketRecord record) throws IOException;

    /** Why reading stopped before the end of the file, or null when it was read to the end. */
    ReadProblem problem();

    /** Interfaces seen so far (pcapng adds them as its blocks are read). */
    List<InterfaceInfo> interfaces();

    Path path();

    /** "pcap" or "pcapng". */
    String format();

    /** Bytes consumed so far and the file size, for progress bars. */
    long position();

    long size();
}
