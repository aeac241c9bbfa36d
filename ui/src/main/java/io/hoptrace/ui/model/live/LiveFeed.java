package io.hoptrace.ui.model.live;

import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.load.RowAppender;
import io.hoptrace.ui.model.port.CapturedFrame;
import io.hoptrace.ui.model.port.LiveFrameSink;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes a live capture's frames off its writer thread and appends them to a {@link PacketIndex} on a thread of its
 * own, through the same {@link RowAppender} the file loader uses. The writer thread only copies the frame into a
 * bounded queue: decoding for the window never slows the capture file down. When the window falls behind by more
 * than the queue holds, frames are left out of the window (counted by {@link #dropped}); the file still has them.
 * The FX thread reads {@link PacketIndex#count()} once per pulse, so rows reach the screen in batches however fast
 * they come.
 */
public final class LiveFeed implements LiveFrameSink {
    /** Bytes of frames waiting to be decoded, at most: about a second of a busy 1 Gbit/s link. */
    public static final long DEFAULT_QUEUE_BYTES = 128L << 20;
    private static final int QUEUE_FRAMES = 1 << 18;
    private static final Frame END = new Frame(0, 0, 0, 0, 0, new byte[0]);

    /** A frame as queued: the capture's metadata and a copy of its bytes. */
    private record Frame(long timestampNanos, int wireLength, int linkType, int interfaceId, long number,
                         byte[] data) {
    }

    private final long queueBytes;
    private final BlockingQueue<Frame> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread = new Thread(this::appendLoop, "hoptrace-live-rows");
    private volatile Throwable failure;
    private PacketIndex index;
    private RowAppender rows;

    /** A feed that queues frames at once; they are appended once {@link #start} says where. */
    public LiveFeed(long queueBytes) {
        this.queueBytes = queueBytes;
        thread.setDaemon(true);
    }

    /**
     * Starts appending to {@code index} through {@code rows} (made once the capture has started, as they need its
     * interface names). Frames that came before wait in the queue.
     */
    public void start(RowAppender rows, PacketIndex index) {
        this.rows = rows;
        this.index = index;
        thread.start();
    }

    /** On the capture's writer thread: copy and queue, or count the frame as not shown. */
    @Override
    public void frame(CapturedFrame f) {
        int length = f.capturedLength;
        if (queued.get() + length > queueBytes) {
            dropped.incrementAndGet();
            return;
        }
        byte[] copy = new byte[length];
        System.arraycopy(f.data, f.offset, copy, 0, length);
        if (queue.offer(new Frame(f.timestampNanos, f.wireLength, f.linkType, f.interfaceId, f.number, copy))) {
            queued.addAndGet(length);
        } else {
            dropped.incrementAndGet();
        }
    }

    private void appendLoop() {
        CapturedFrame f = new CapturedFrame();
        try {
            while (true) {
                Frame q = queue.take();
                if (q == END) {
                    return;
                }
                queued.addAndGet(-q.data.length);
                f.data = q.data;
                f.offset = 0;
                f.capturedLength = q.data.length;
                f.wireLength = q.wireLength;
                f.timestampNanos = q.timestampNanos;
                f.linkType = q.linkType;
                f.interfaceId = q.interfaceId;
                f.number = q.number;
                rows.append(0, f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | OutOfMemoryError e) {
            // the index is consistent (a row is published whole); what follows is not shown
            failure = e;
            queue.clear();
        }
    }

    /**
     * Call once the capture has ended (no more frames come): waits until every queued frame is in the index, and
     * records the interface names. Returns false if interrupted.
     */
    public boolean finish() {
        try {
            while (!queue.offer(END, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    break;
                }
            }
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        index.sourceInterfaces(0, rows.interfaceNames(0));
        return true;
    }

    /** Stops appending at once (the window closes); queued frames are not shown. */
    public void abandon() {
        thread.interrupt();
    }

    /** Frames the window left out because it fell behind (the file has them). */
    public long dropped() {
        return dropped.get();
    }

    /** Why appending stopped early (out of memory), or null. */
    public Throwable failure() {
        return failure;
    }
}
