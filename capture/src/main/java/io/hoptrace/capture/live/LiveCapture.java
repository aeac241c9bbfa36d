package io.hoptrace.capture.live;

import io.hoptrace.capture.file.InterfaceStatistics;
import io.hoptrace.capture.live.CaptureException.Kind;
import io.hoptrace.capture.live.CaptureResult.StopReason;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;

/**
 * A live capture to pcapng: one capture thread per interface (libpcap through pcap4j) feeding a bounded queue each,
 * and one writer thread that merges the queues in timestamp order into the files. A slow disk costs counted drops,
 * never a stalled capture thread.
 *
 * <pre>{@code
 * LiveCapture c = LiveCapture.start(CaptureOptions.builder(Path.of("cap.pcapng")).interfaces("eth0").build(),
 *         listener);
 * ... c.stats() ...
 * c.stop();
 * CaptureResult r = c.awaitResult();
 * }</pre>
 *
 * Everything that can be wrong with the request (interface, filter, privilege, libpcap, the output file) is found
 * by {@link #start} before any packet is captured.
 */
public final class LiveCapture implements AutoCloseable {
    /**
     * How long the idle writer sleeps between looks at the queues; the queues absorb any burst meanwhile (10 ms of
     * 1 M packets/s of 100 bytes is 1 MB). libpcap hands packets over in blocks, so the queues are often empty
     * between blocks: at 100,000 packets/s, waking every 0.2 ms cost the writer more CPU (0.47 µs a packet, all
     * told) than writing; every 10 ms it is 0.2 µs.
     */
    private static final long IDLE_PARK_NANOS = 10_000_000L;
    private static final int PUBLISH_EVERY = 1024;
    private static final int CLOCK_EVERY = 64;

    private final CaptureOptions options;
    private final List<InterfaceCapture> captures;
    private final RotatingWriter output;
    private final CaptureListener listener;
    private final List<Thread> captureThreads = new ArrayList<>();
    private final Thread writerThread;
    private final AtomicLongArray written;
    private final long[] writtenByWriter;
    private final long startWallNanos;
    private final long deadlineNanos;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final List<String> warnings = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    /**
     * System.nanoTime() as of the writer's last look (every {@value #CLOCK_EVERY} packets and on every wake-up).
     * The flush policy and -G read the clock for every packet; clock_gettime was 6% of the capture's CPU.
     */
    private long coarseNanos = System.nanoTime();
    private volatile CaptureException error;
    private volatile CaptureResult result;

    private LiveCapture(CaptureOptions options, List<InterfaceCapture> captures, CaptureListener listener) {
        this.options = options;
        this.captures = captures;
        this.listener = listener;
        this.written = new AtomicLongArray(captures.size());
        this.writtenByWriter = new long[captures.size()];
        Instant now = Instant.now();
        this.startWallNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.deadlineNanos = options.duration() != null ? System.nanoTime() + options.duration().toNanos()
                : Long.MAX_VALUE;
        List<RotatingWriter.Described> described = new ArrayList<>();
        for (InterfaceCapture c : captures) {
            described.add(new RotatingWriter.Described(c.name, "node=" + options.node() + " iface=" + c.name,
                    c.linkType, c.snapLength));
            if (!c.nanosecondTimestamps()) {
                warnings.add(c.name + ": libpcap gives microsecond timestamps here; they are written as nanoseconds");
            }
        }
        this.output = new RotatingWriter(options, described, listener, this::interfaceStatistics, this::coarseNanos);
        this.writerThread = new Thread(this::writeLoop, "hoptrace-capture-writer");
    }

    /** The interfaces libpcap can capture on (tcpdump -D). */
    public static List<CaptureInterface> interfaces() throws CaptureException {
        return Libpcap.interfaces();
    }

    /**
     * Opens every interface, sets the filter, creates the first file and starts capturing. Throws, having captured
     * nothing and left no open handle, when anything in the request is wrong.
     */
    public static LiveCapture start(CaptureOptions options, CaptureListener listener) throws CaptureException {
        List<String> names = Libpcap.resolve(options.interfaces(), Libpcap.interfaces());
        List<PcapHandle> handles = new ArrayList<>();
        List<InterfaceCapture> captures = new ArrayList<>();
        try {
            int ringBytes = (int) Math.min(1 << 30, options.queueBytes() / names.size());
            for (String name : names) {
                PcapHandle h = Libpcap.open(name, options);
                handles.add(h);
                captures.add(new InterfaceCapture(name, h, new FrameRing(ringBytes)));
            }
        } catch (CaptureException | NotOpenException | RuntimeException e) {
            handles.forEach(PcapHandle::close);
            if (e instanceof CaptureException ce) {
                throw ce;
            }
            throw new CaptureException(Kind.CAPTURE, "cannot start the capture: " + e, e);
        }
        LiveCapture capture;
        try {
            capture = new LiveCapture(options, captures, listener);
            capture.output.open();
        } catch (IllegalArgumentException e) {
            handles.forEach(PcapHandle::close);
            throw new CaptureException(Kind.BAD_OPTIONS, e.getMessage(), e);
        } catch (IOException e) {
            handles.forEach(PcapHandle::close);
            throw new CaptureException(Kind.OUTPUT, ioMessage(options.output(), e), e);
        }
        capture.startThreads();
        return capture;
    }

    private void startThreads() {
        for (InterfaceCapture c : captures) {
            Thread t = new Thread(c, "hoptrace-capture-" + c.name);
            t.setDaemon(true); // a loop stuck in native code must not keep the JVM alive
            captureThreads.add(t);
        }
        writerThread.start();
        captureThreads.forEach(Thread::start);
    }

    /** Asks the capture to end: the loops stop, the queues are written out, the file gets its statistics. */
    public void stop() {
        requestStop(StopReason.STOPPED);
    }

    private void requestStop(StopReason reason) {
        stopReason.compareAndSet(null, reason);
        // on a stop or the end of the duration, what the kernel already accepted still belongs to the capture
        boolean drain = reason == StopReason.STOPPED || reason == StopReason.DURATION;
        for (InterfaceCapture c : captures) {
            c.stop(drain);
        }
    }

    public boolean isRunning() {
        return done.getCount() > 0;
    }

    /** Counters so far (any thread). */
    public CaptureStats stats() {
        long total = 0;
        long received = 0;
        long kernel = 0;
        long iface = 0;
        long queue = 0;
        List<CaptureStats.Interface> each = new ArrayList<>();
        for (int i = 0; i < captures.size(); i++) {
            CaptureStats.Interface s = captures.get(i).stats(written.get(i));
            each.add(s);
            total += s.captured();
            received += s.received();
            kernel += s.kernelDrops();
            iface += s.interfaceDrops();
            queue += s.queueDrops();
        }
        return new CaptureStats(total, received, kernel, iface, queue, each);
    }

    /** Per interface, how its packets are read (see InterfaceCapture.reader(); for tests). */
    List<String> readers() {
        return captures.stream().map(InterfaceCapture::reader).toList();
    }

    /** The file being written now, or null when the capture has ended. */
    public Path currentFile() {
        return isRunning() ? output.current() : null;
    }

    /** The files of this capture that exist now (with -W, the ones not yet overwritten or deleted), oldest first. */
    public List<Path> files() {
        return output.files();
    }

    /** Waits for the capture to end (after {@link #stop}, the count, the duration, or a failure). */
    public CaptureResult awaitResult() throws InterruptedException {
        done.await();
        return result;
    }

    /** As {@link #awaitResult()}, or null if the capture is still running after {@code timeout}. */
    public CaptureResult awaitResult(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS) ? result : null;
    }

    /** Stops the capture and waits for its files to be complete. */
    @Override
    public void close() throws InterruptedException {
        stop();
        awaitResult();
    }

    /**
     * Stops this capture when the JVM is asked to exit (Ctrl-C, SIGTERM) and holds the exit until the files are
     * closed and the caller has reported, each for at most {@code grace}. Close the returned handle after reporting.
     */
    public ShutdownStop stopOnShutdown(Duration grace) {
        return new ShutdownStop(this, grace);
    }

    private void writeLoop() {
        int n = captures.size();
        FrameRing[] rings = new FrameRing[n];
        int[] linkTypes = new int[n];
        FrameRing.Record[] heads = new FrameRing.Record[n];
        boolean[] peeked = new boolean[n];
        for (int i = 0; i < n; i++) {
            rings[i] = captures.get(i).ring;
            linkTypes[i] = captures.get(i).linkType;
            heads[i] = new FrameRing.Record();
        }
        HeaderCut cut = options.headersOnly() ? new HeaderCut() : null;
        long limit = options.count() > 0 ? options.count() : Long.MAX_VALUE;
        long total = 0;
        int sincePublish = 0;
        try {
            while (true) {
                int best = -1;
                for (int i = 0; i < n; i++) {
                    if (!peeked[i]) {
                        peeked[i] = rings[i].peek(heads[i]);
                    }
                    if (peeked[i] && (best < 0 || heads[i].timestampNanos < heads[best].timestampNanos)) {
                        best = i;
                    }
                }
                if (best >= 0) {
                    FrameRing.Record r = heads[best];
                    int length = cut != null ? cut.keep(r.data, r.offset, r.length, r.wireLength, linkTypes[best])
                            : r.length;
                    output.write(best, r.timestampNanos, r.data, r.offset, length, r.wireLength);
                    listener.packetWritten(best, linkTypes[best], r.timestampNanos, r.data, r.offset, length,
                            r.wireLength);
                    rings[best].release(r);
                    peeked[best] = false;
                    writtenByWriter[best]++;
                    if (++total >= limit) {
                        requestStop(StopReason.COUNT);
                        break;
                    }
                    if ((total & (CLOCK_EVERY - 1)) == 0) {
                        coarseNanos = System.nanoTime();
                    }
                    if (++sincePublish == PUBLISH_EVERY) {
                        sincePublish = 0;
                        publish();
                        if (System.nanoTime() >= deadlineNanos) {
                            requestStop(StopReason.DURATION);
                        }
                    }
                    continue;
                }
                publish();
                coarseNanos = System.nanoTime();
                if (allFinished()) {
                    if (allEmpty(rings)) { // looked at after the loops ended, so nothing more can arrive
                        requestStop(StopReason.INTERFACES_ENDED);
                        break;
                    }
                    continue;
                }
                if (System.nanoTime() >= deadlineNanos) {
                    requestStop(StopReason.DURATION);
                }
                output.tick();
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                coarseNanos = System.nanoTime();
            }
        } catch (IOException e) {
            error = new CaptureException(Kind.OUTPUT, ioMessage(output.current(), e), e);
            requestStop(StopReason.WRITE_FAILED);
        } catch (RuntimeException e) {
            error = new CaptureException(Kind.CAPTURE, "internal error while writing: " + e, e);
            requestStop(StopReason.WRITE_FAILED);
        } finally {
            finish();
        }
    }

    private void finish() {
        publish();
        coarseNanos = System.nanoTime();
        StopReason why = stopReason.get();
        requestStop(why != null ? why : StopReason.STOPPED); // no-op unless the loop above ended by surprise
        for (Thread t : captureThreads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10)); // a drain takes at most 5 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            output.close();
        } catch (IOException e) {
            if (error == null) {
                error = new CaptureException(Kind.OUTPUT, ioMessage(output.current(), e), e);
            } // else the statistics did not fit after the disk filled up: the packets are what matters
        }
        for (int i = 0; i < captures.size(); i++) {
            if (!captureThreads.get(i).isAlive()) { // never free a pcap_t a thread may still be reading
                captures.get(i).close();
            }
        }
        List<String> failed = new ArrayList<>();
        for (InterfaceCapture c : captures) {
            if (c.failure() != null) {
                failed.add(c.name + ": " + c.failure());
            }
        }
        StopReason reason = stopReason.get();
        if (error == null && reason == StopReason.INTERFACES_ENDED && failed.size() == captures.size()) {
            error = new CaptureException(Kind.CAPTURE, "capture ended: " + String.join("; ", failed));
        } else {
            warnings.addAll(failed);
        }
        result = new CaptureResult(stats(), reason, output.files(), error, warnings);
        done.countDown();
    }

    private void publish() {
        for (int i = 0; i < writtenByWriter.length; i++) {
            written.lazySet(i, writtenByWriter[i]);
        }
    }

    private boolean allFinished() {
        for (InterfaceCapture c : captures) {
            if (!c.finished()) {
                return false;
            }
        }
        return true;
    }

    private static boolean allEmpty(FrameRing[] rings) {
        for (FrameRing r : rings) {
            if (!r.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The statistics block of interface {@code i}, counted since the capture started. isb_ifdrop holds every
     * loss, as dumpcap writes it and Wireshark shows it ("Dropped packets"); isb_osdrop the kernel's share; the
     * comment itemizes.
     */
    /** The writer thread's clock (RotatingWriter and the file writers read it). */
    private long coarseNanos() {
        return coarseNanos;
    }

    private InterfaceStatistics interfaceStatistics(int i) {
        CaptureStats.Interface s = captures.get(i).stats(writtenByWriter[i]);
        Instant now = Instant.now();
        return new InterfaceStatistics(startWallNanos, now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                s.received(), s.drops(), s.kernelDrops(), InterfaceStatistics.UNKNOWN, s.captured(),
                "hoptrace since capture start: " + s.received() + " received by filter, " + s.kernelDrops()
                        + " dropped by kernel, " + s.interfaceDrops() + " dropped by interface, " + s.queueDrops()
                        + " dropped by hoptrace queue, " + s.captured() + " written");
    }

    /** One line for a failed write: the file and the reason in the words of strerror. */
    static String ioMessage(Path file, IOException e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof FileSystemException) {
            return m;
        }
        String reason = m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
        String where = file != null ? file.toString() : "capture file";
        if (reason.toLowerCase(Locale.ROOT).contains("no space left")) {
            return where + ": no space left on device; capture stopped, the file holds every packet written "
                    + "before (free space or use -C/-W to bound the files)";
        }
        return where + ": " + reason;
    }
}
