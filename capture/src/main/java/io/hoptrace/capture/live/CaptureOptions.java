package io.hoptrace.capture.live;

import io.hoptrace.capture.file.FlushPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to capture and where to write it; the programmatic face of {@code hoptrace capture}'s options, named after
 * tcpdump's. Build one with {@link #builder}.
 *
 * @param interfaces    interface names ({@code -i}), or {@code any}
 * @param filter        BPF expression (pcap-filter(7)), or null for every packet
 * @param snapLength    bytes kept of each frame ({@code -s})
 * @param headersOnly   cut every frame after its last decoded header, keeping no payload ({@code --headers-only})
 * @param count         stop after this many packets are written ({@code -c}); 0 for no limit
 * @param duration      stop after this long ({@code --duration}); null for no limit
 * @param output        the file ({@code -w}); with rotation, the base of the file names (see {@link FileNames})
 * @param rotateEvery   start a new file this often ({@code -G}); null for never
 * @param rotateBytes   start a new file when the current one is this big ({@code -C}); 0 for never
 * @param fileLimit     keep at most this many files, overwriting or deleting the oldest ({@code -W}); 0 for all
 * @param node          node name for the interface descriptions ("node=worker-1 iface=eth0")
 * @param bufferBytes   libpcap's kernel buffer per interface ({@code -B})
 * @param queueBytes    hoptrace's queue between the capture threads and the writer, shared by the interfaces
 * @param promiscuous   put the interfaces in promiscuous mode (tcpdump's default; {@code -p} turns it off)
 * @param immediate     deliver every packet at once instead of in batches (lower latency, more CPU)
 * @param direction     which directions to capture ({@code -Q})
 * @param flushPolicy   when written packets reach the file (what survives a kill -9)
 */
public record CaptureOptions(List<String> interfaces, String filter, int snapLength, boolean headersOnly,
                             long count, Duration duration, Path output, Duration rotateEvery, long rotateBytes,
                             int fileLimit, String node, int bufferBytes, int queueBytes, boolean promiscuous,
                             boolean immediate, Direction direction, FlushPolicy flushPolicy) {
    /** tcpdump's default snaplen. */
    public static final int DEFAULT_SNAPLEN = 262_144;
    /**
     * What the kernel copies with {@code --headers-only}: enough for the deepest header stack hoptrace decodes (SLL2,
     * IPv6, UDP, VXLAN, Ethernet, 802.1Q, IPv6, TCP with options: 194 bytes); the writer then cuts each frame
     * after its last decoded header.
     */
    public static final int HEADERS_ONLY_SNAPLEN = 256;
    public static final int DEFAULT_BUFFER_BYTES = 16 << 20;
    public static final int DEFAULT_QUEUE_BYTES = 64 << 20;
    /** At least this much queue per interface, so one frame of the largest snaplen always fits. */
    public static final int MIN_QUEUE_BYTES_PER_INTERFACE = 1 << 20;
    /** Written packets reach the file within 100 ms or 1000 packets: a kill -9 loses no more. */
    public static final FlushPolicy DEFAULT_FLUSH = FlushPolicy.every(1000, Duration.ofMillis(100));

    /** Which packets {@code -Q} keeps. */
    public enum Direction { IN, OUT, INOUT }

    public CaptureOptions {
        interfaces = List.copyOf(interfaces);
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("no interface to capture on");
        }
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        if (snapLength < 1 || snapLength > DEFAULT_SNAPLEN) {
            throw new IllegalArgumentException("snaplen must be 1 to " + DEFAULT_SNAPLEN + " bytes, not "
                    + snapLength);
        }
        if (count < 0 || rotateBytes < 0 || fileLimit < 0) {
            throw new IllegalArgumentException("count, rotation size and file limit cannot be negative");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, not " + duration);
        }
        if (rotateEvery != null && rotateEvery.toMillis() < 1) {
            throw new IllegalArgumentException("rotation interval must be positive, not " + rotateEvery);
        }
        if (fileLimit > 0 && rotateEvery == null && rotateBytes == 0) {
            throw new IllegalArgumentException("a file limit (-W) needs rotation by size (-C) or time (-G)");
        }
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("buffer size must be positive, not " + bufferBytes);
        }
        new FileNames(output, rotateEvery != null, rotateBytes > 0, fileLimit); // a bad -w pattern fails here
        if ((long) queueBytes < (long) MIN_QUEUE_BYTES_PER_INTERFACE * interfaces.size()) {
            throw new IllegalArgumentException("queue size must be at least "
                    + MIN_QUEUE_BYTES_PER_INTERFACE / (1 << 20) + " MiB per interface");
        }
    }

    /** The snaplen asked of libpcap. */
    public int kernelSnapLength() {
        return headersOnly ? Math.min(snapLength, HEADERS_ONLY_SNAPLEN) : snapLength;
    }

    public static Builder builder(Path output) {
        return new Builder(output);
    }

    public Builder toBuilder() {
        Builder b = new Builder(output);
        b.interfaces = interfaces;
        b.filter = filter;
        b.snapLength = snapLength;
        b.headersOnly = headersOnly;
        b.count = count;
        b.duration = duration;
        b.rotateEvery = rotateEvery;
        b.rotateBytes = rotateBytes;
        b.fileLimit = fileLimit;
        b.node = node;
        b.bufferBytes = bufferBytes;
        b.queueBytes = queueBytes;
        b.promiscuous = promiscuous;
        b.immediate = immediate;
        b.direction = direction;
        b.flushPolicy = flushPolicy;
        return b;
    }

    public static final class Builder {
        private final Path output;
        private List<String> interfaces = List.of("any");
        private String filter;
        private int snapLength = DEFAULT_SNAPLEN;
        private boolean headersOnly;
        private long count;
        private Duration duration;
        private Duration rotateEvery;
        private long rotateBytes;
        private int fileLimit;
        private String node = NodeName.local();
        private int bufferBytes = DEFAULT_BUFFER_BYTES;
        private int queueBytes = DEFAULT_QUEUE_BYTES;
        private boolean promiscuous = true;
        private boolean immediate;
        private Direction direction = Direction.INOUT;
        private FlushPolicy flushPolicy = DEFAULT_FLUSH;

        private Builder(Path output) {
            this.output = output;
        }

        public Builder interfaces(List<String> names) {
            this.interfaces = names;
            return this;
        }

        public Builder interfaces(String... names) {
            return interfaces(List.of(names));
        }

        public Builder filter(String expression) {
            this.filter = expression == null || expression.isBlank() ? null : expression;
            return this;
        }

        public Builder snapLength(int bytes) {
            this.snapLength = bytes;
            return this;
        }

        public Builder headersOnly(boolean on) {
            this.headersOnly = on;
            return this;
        }

        public Builder count(long packets) {
            this.count = packets;
            return this;
        }

        public Builder duration(Duration d) {
            this.duration = d;
            return this;
        }

        public Builder rotateEvery(Duration d) {
            this.rotateEvery = d;
            return this;
        }

        public Builder rotateBytes(long bytes) {
            this.rotateBytes = bytes;
            return this;
        }

        public Builder fileLimit(int files) {
            this.fileLimit = files;
            return this;
        }

        public Builder node(String name) {
            this.node = name;
            return this;
        }

        public Builder bufferBytes(int bytes) {
            this.bufferBytes = bytes;
            return this;
        }

        public Builder queueBytes(int bytes) {
            this.queueBytes = bytes;
            return this;
        }

        public Builder promiscuous(boolean on) {
            this.promiscuous = on;
            return this;
        }

        public Builder immediate(boolean on) {
            this.immediate = on;
            return this;
        }

        public Builder direction(Direction d) {
            this.direction = d;
            return this;
        }

        public Builder flushPolicy(FlushPolicy policy) {
            this.flushPolicy = policy;
            return this;
        }

        public CaptureOptions build() {
            return new CaptureOptions(interfaces, filter, snapLength, headersOnly, count, duration, output,
                    rotateEvery, rotateBytes, fileLimit, node, bufferBytes, queueBytes, promiscuous, immediate,
                    direction, flushPolicy);
        }
    }
}
