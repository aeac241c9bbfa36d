package io.hoptrace.ui.model;

import java.util.Arrays;

/**
 * Every packet of the open captures as a row of primitive columns (about 80 bytes a row, no object per packet), plus
 * where each frame's bytes are in a {@link FrameStore} (its file offset; a copy only for sources that cannot be read
 * back). Rows are numbered from 0 in the order the loader appends them: time
 * order across the merged files. Text for the packet list (addresses with names, the summary) is made lazily for
 * the rows on screen by {@link RowFormatter}; filters and sorts run over these columns.
 *
 * <p>Threading: one writer appends; any thread reads rows below {@link #count()}. The columns live in one object
 * that is replaced (copied) when it grows, published through a volatile field, and rows are published through the
 * volatile count after they are written: a reader that reads the count first sees complete rows.
 */
public final class PacketIndex implements AutoCloseable {
    private static final int INITIAL_ROWS = 1024;

    private final FrameStore frames = new FrameStore();
    private final Labels labels = new Labels();
    private final Addresses addresses = new Addresses();
    private volatile Columns columns = new Columns(INITIAL_ROWS);
    private volatile int count;
    private volatile long firstTimestamp = Long.MIN_VALUE;
    private final java.util.Map<Integer, java.util.List<String>> sourceInterfaces =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Column arrays of one capacity; replaced as a whole when rows no longer fit. */
    static final class Columns {
        final long[] time;
        final long[] frame;
        final int[] capturedLength;
        final int[] wireLength;
        final char[] linkType;
        final char[] source;
        final int[] number;
        final char[] node;
        final int[] iface;
        final char[] interfaceId;
        final int[] outerSource;
        final int[] outerDestination;
        final int[] innerSource;
        final int[] innerDestination;
        final int[] ports;
        final int[] outerPorts;
        final int[] protocols;
        final int[] encapsulation;
        final byte[] top;
        final byte[] severity;

        Columns(int capacity) {
            time = new long[capacity];
            frame = new long[capacity];
            capturedLength = new int[capacity];
            wireLength = new int[capacity];
            linkType = new char[capacity];
            source = new char[capacity];
            number = new int[capacity];
            node = new char[capacity];
            iface = new int[capacity];
            interfaceId = new char[capacity];
            outerSource = new int[capacity];
            outerDestination = new int[capacity];
            innerSource = new int[capacity];
            innerDestination = new int[capacity];
            ports = new int[capacity];
            outerPorts = new int[capacity];
            protocols = new int[capacity];
            encapsulation = new int[capacity];
            top = new byte[capacity];
            severity = new byte[capacity];
        }

        Columns(Columns c, int capacity, int rows) {
            time = Arrays.copyOf(c.time, capacity);
            frame = Arrays.copyOf(c.frame, capacity);
            capturedLength = Arrays.copyOf(c.capturedLength, capacity);
            wireLength = Arrays.copyOf(c.wireLength, capacity);
            linkType = Arrays.copyOf(c.linkType, capacity);
            source = Arrays.copyOf(c.source, capacity);
            number = Arrays.copyOf(c.number, capacity);
            node = Arrays.copyOf(c.node, capacity);
            iface = Arrays.copyOf(c.iface, capacity);
            interfaceId = Arrays.copyOf(c.interfaceId, capacity);
            outerSource = Arrays.copyOf(c.outerSource, capacity);
            outerDestination = Arrays.copyOf(c.outerDestination, capacity);
            innerSource = Arrays.copyOf(c.innerSource, capacity);
            innerDestination = Arrays.copyOf(c.innerDestination, capacity);
            ports = Arrays.copyOf(c.ports, capacity);
            outerPorts = Arrays.copyOf(c.outerPorts, capacity);
            protocols = Arrays.copyOf(c.protocols, capacity);
            encapsulation = Arrays.copyOf(c.encapsulation, capacity);
            top = Arrays.copyOf(c.top, capacity);
            severity = Arrays.copyOf(c.severity, capacity);
        }

        int capacity() {
            return time.length;
        }

        static long bytesPerRow() {
            return 8 + 8 + 4 + 4 + 2 + 2 + 4 + 2 + 2 + 4 + 4 * 4 + 4 + 4 + 4 + 4 + 1 + 1;
        }
    }

    // ---- writer ------------------------------------------------------------------------------------------------

    /** Makes room for {@code rows} rows in all, so a loader that knows the file size avoids repeated copies. */
    public void reserve(int rows) {
        Columns c = columns;
        if (rows > c.capacity()) {
            columns = new Columns(c, rows, count);
        }
    }

    /** Drops unused capacity (a load's early estimate of the row count can run high); one copy of the columns. */
    public void trim() {
        Columns c = columns;
        int n = count;
        if (c.capacity() > n + (n >> 4) + INITIAL_ROWS) {
            columns = new Columns(c, Math.max(n, INITIAL_ROWS), n);
        }
    }

    /** Frames of {@code source} are read back through {@code reader} (which the index closes); see FrameStore. */
    public void readBack(int source, io.hoptrace.ui.model.port.FrameReader reader) {
        frames.readBack(source, reader);
    }

    /** Appends a row whose frame bytes are {@code b[off, off+v.capturedLength)}; returns its row number. */
    public int append(RowValues v, byte[] b, int off) {
        return append(v, -1, b, off);
    }

    /**
     * Appends a row whose frame bytes are {@code b[off, off+v.capturedLength)}, at {@code fileOffset} in its source
     * file (-1 when unknown: then they are copied); returns its row number.
     */
    public int append(RowValues v, long fileOffset, byte[] b, int off) {
        int row = count;
        Columns c = columns;
        if (row == c.capacity()) {
            c = new Columns(c, Math.max(INITIAL_ROWS, row + (row >> 1)), row);
            columns = c;
        }
        if (row == 0) {
            firstTimestamp = v.timestampNanos;
        }
        c.time[row] = v.timestampNanos;
        c.frame[row] = frames.append(v.source, fileOffset, b, off, v.capturedLength);
        c.capturedLength[row] = v.capturedLength;
        c.wireLength[row] = v.wireLength;
        c.linkType[row] = (char) v.linkType;
        c.source[row] = (char) v.source;
        c.number[row] = v.number;
        c.node[row] = (char) v.node;
        c.iface[row] = v.iface;
        c.interfaceId[row] = (char) v.interfaceId;
        c.outerSource[row] = v.outerSource;
        c.outerDestination[row] = v.outerDestination;
        c.innerSource[row] = v.innerSource;
        c.innerDestination[row] = v.innerDestination;
        c.ports[row] = v.ports;
        c.outerPorts[row] = v.outerPorts;
        c.protocols[row] = v.protocols;
        c.encapsulation[row] = v.encapsulation;
        c.top[row] = (byte) v.top;
        c.severity[row] = (byte) v.severity;
        count = row + 1;
        return row;
    }

    public Labels labels() {
        return labels;
    }

    public Addresses addresses() {
        return addresses;
    }

    // ---- readers -----------------------------------------------------------------------------------------------

    /** Rows published so far. */
    public int count() {
        return count;
    }

    /** Time of row 0 (Wireshark's time reference), or Long.MIN_VALUE when empty. */
    public long firstTimestamp() {
        return firstTimestamp;
    }

    public long timestamp(int row) {
        return columns.time[row];
    }

    public int capturedLength(int row) {
        return columns.capturedLength[row];
    }

    public int wireLength(int row) {
        return columns.wireLength[row];
    }

    public int linkType(int row) {
        return columns.linkType[row];
    }

    /** Which of the loaded files the row came from (index into the loader's inputs). */
    public int source(int row) {
        return columns.source[row];
    }

    /** The packet's 1-based number within its file (what tcpdump and Wireshark show for that file alone). */
    public int numberInFile(int row) {
        return columns.number[row];
    }

    /** The row of packet {@code number} of file {@code source}, or -1 (a scan: for findings, not per frame). */
    public int rowOf(int source, int number) {
        Columns c = columns;
        int n = count;
        for (int row = 0; row < n; row++) {
            if (c.number[row] == number && c.source[row] == source) {
                return row;
            }
        }
        return -1;
    }

    /** The capture file's interface id (pcapng interface block; 0 in pcap files). */
    public int interfaceId(int row) {
        return columns.interfaceId[row];
    }

    /** Interface names of each source file by interface id, as far as the file names them (set by the loader). */
    public void sourceInterfaces(int source, java.util.List<String> names) {
        sourceInterfaces.put(source, java.util.List.copyOf(names));
    }

    public java.util.List<String> sourceInterfaces(int source) {
        return sourceInterfaces.getOrDefault(source, java.util.List.of());
    }

    public int node(int row) {
        return columns.node[row];
    }

    public int iface(int row) {
        return columns.iface[row];
    }

    public int outerSource(int row) {
        return columns.outerSource[row];
    }

    public int outerDestination(int row) {
        return columns.outerDestination[row];
    }

    public int innerSource(int row) {
        return columns.innerSource[row];
    }

    public int innerDestination(int row) {
        return columns.innerDestination[row];
    }

    public boolean hasPorts(int row) {
        return (columns.protocols[row] & RowValues.HAS_PORTS) != 0;
    }

    public int sourcePort(int row) {
        return columns.ports[row] >>> 16;
    }

    public int destinationPort(int row) {
        return columns.ports[row] & 0xFFFF;
    }

    /** Ports of the outermost TCP/UDP layer (the tunnel's), valid with {@code RowValues.HAS_OUTER_PORTS}. */
    public int outerSourcePort(int row) {
        return columns.outerPorts[row] >>> 16;
    }

    public int outerDestinationPort(int row) {
        return columns.outerPorts[row] & 0xFFFF;
    }

    public int protocols(int row) {
        return columns.protocols[row];
    }

    public int encapsulation(int row) {
        return columns.encapsulation[row];
    }

    public int top(int row) {
        return columns.top[row];
    }

    public Severity anomalySeverity(int row) {
        return Severity.of(columns.severity[row]);
    }

    /**
     * Copies the frame of {@code row} into {@code dst} (which must hold {@link #capturedLength} bytes), from memory
     * or from its file. False when its file can no longer be read: {@code dst} holds zeros, {@link #frameProblem()}
     * says why.
     */
    public boolean frame(int row, byte[] dst) {
        Columns c = columns;
        return frames.read(c.source[row], c.frame[row], dst, c.capturedLength[row]);
    }

    /** Why the last frame that could not be read back from its file could not, or null. */
    public String frameProblem() {
        return frames.problem();
    }

    /** Memory held: column arrays at their capacity, frame pages, excluding the small label and address tables. */
    public long memoryBytes() {
        return (long) columns.capacity() * Columns.bytesPerRow() + frames.allocated();
    }

    /** Frame bytes held in memory (sources that cannot be read back from their files). */
    public long frameBytes() {
        return frames.size();
    }

    /** Closes the capture files frames are read back from. */
    @Override
    public void close() {
        frames.close();
    }
}
