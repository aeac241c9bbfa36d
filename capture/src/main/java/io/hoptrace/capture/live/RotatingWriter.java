package io.hoptrace.capture.live;

import io.hoptrace.capture.file.InterfaceStatistics;
import io.hoptrace.capture.file.PcapngWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The writer thread's output: a pcapng file with one interface description per capture interface, replaced by a
 * new file when the size or time limit is reached, with old files overwritten or deleted under the file limit.
 * Every file gets the statistics blocks (counters since the capture started) when it is closed. Written by one
 * thread; {@link #current} and {@link #files} may be read by any.
 */
final class RotatingWriter {
    /** What the interface description blocks of every file say. */
    record Described(String name, String description, int linkType, int snapLength) {
    }

    private final CaptureOptions options;
    private final List<Described> interfaces;
    private final CaptureListener listener;
    private final IntFunction<InterfaceStatistics> statistics;
    private final FileNames names;
    private final LongSupplier nanoClock;
    private final long rotateNanos;
    private final Deque<Path> kept = new ArrayDeque<>();
    // read by other threads (LiveCapture.files(), currentFile()), changed by the writer thread
    private final List<Path> written = Collections.synchronizedList(new ArrayList<>());
    private volatile PcapngWriter writer;
    private volatile Path lastPath;
    private long filePackets;
    private long openedNanos;
    private long files;
    private String lastStem;
    private long sameStem;

    RotatingWriter(CaptureOptions options, List<Described> interfaces, CaptureListener listener,
                   IntFunction<InterfaceStatistics> statistics, LongSupplier nanoClock) {
        this.options = options;
        this.interfaces = List.copyOf(interfaces);
        this.listener = listener;
        this.statistics = statistics;
        this.nanoClock = nanoClock;
        this.names = new FileNames(options.output(), options.rotateEvery() != null, options.rotateBytes() > 0,
                options.fileLimit());
        this.rotateNanos = options.rotateEvery() != null ? options.rotateEvery().toNanos() : Long.MAX_VALUE;
    }

    /** Opens the first file. */
    void open() throws IOException {
        String stem = names.stem(ZonedDateTime.now(ZoneId.systemDefault()));
        sameStem = stem.equals(lastStem) ? sameStem + 1 : 0;
        lastStem = stem;
        Path path = names.path(files, stem, sameStem);
        lastPath = path;
        if (files >= names.slots() && names.slots() > 0) {
            listener.fileRemoved(path); // the ring comes round: this slot's old file is overwritten
            written.remove(path);
        }
        writer = PcapngWriter.create(path, options.flushPolicy(), nanoClock);
        files++;
        for (Described d : interfaces) {
            writer.addInterface(d.name(), d.description(), d.linkType(), d.snapLength());
        }
        writer.flush(); // a file killed before its first packet still names its interfaces
        filePackets = 0;
        openedNanos = nanoClock.getAsLong();
        written.add(path);
        listener.fileOpened(path);
        if (names.timed() && options.fileLimit() > 0) {
            kept.addLast(path);
            while (kept.size() > options.fileLimit()) {
                Path old = kept.removeFirst();
                Files.deleteIfExists(old);
                written.remove(old);
                listener.fileRemoved(old);
            }
        }
    }

    void write(int iface, long timestampNanos, byte[] data, int offset, int length, int wireLength)
            throws IOException {
        if (filePackets > 0 && rotationDue()) {
            closeFile();
            open();
        }
        writer.writePacket(iface, timestampNanos, data, offset, length, wireLength, null);
        filePackets++;
    }

    /**
     * tcpdump's rules: before a packet is written, a file over the size limit or older than the interval is
     * replaced. A file is never left empty by rotation.
     */
    private boolean rotationDue() {
        return options.rotateBytes() > 0 && writer.length() >= options.rotateBytes()
                || rotateNanos != Long.MAX_VALUE && nanoClock.getAsLong() - openedNanos >= rotateNanos;
    }


    /** For the idle writer thread: flush when the policy's delay has passed. */
    void tick() throws IOException {
        writer.flushIfDue();
    }

    /** The file being written, or the last one opened or tried (for error messages); null before the first. */
    Path current() {
        return writer != null ? writer.path() : lastPath;
    }

    /** Files of this capture that still exist, oldest first. */
    List<Path> files() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    /** Ends the current file with statistics; safe to call again. */
    void close() throws IOException {
        if (writer != null) {
            closeFile();
        }
    }

    private void closeFile() throws IOException {
        PcapngWriter w = writer;
        writer = null;
        for (int i = 0; i < interfaces.size(); i++) {
            w.setStatistics(i, statistics.apply(i));
        }
        w.close();
        listener.fileClosed(w.path(), filePackets);
    }
}
