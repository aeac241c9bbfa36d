package io.hoptrace.cli;

import io.hoptrace.capture.live.CaptureException;
import io.hoptrace.capture.live.CaptureInterface;
import io.hoptrace.capture.live.CaptureListener;
import io.hoptrace.capture.live.CaptureOptions;
import io.hoptrace.capture.live.CaptureResult;
import io.hoptrace.capture.live.CaptureStats;
import io.hoptrace.capture.live.LiveCapture;
import io.hoptrace.ui.model.port.CapturedFrame;
import io.hoptrace.ui.model.port.LiveCaptureException;
import io.hoptrace.ui.model.port.LiveCapturer;
import io.hoptrace.ui.model.port.LiveFrameSink;
import io.hoptrace.ui.model.port.LiveInterface;
import io.hoptrace.ui.model.port.LiveRequest;
import io.hoptrace.ui.model.port.LiveStats;
import io.hoptrace.ui.model.port.RunningCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The window's live capture over the capture module: {@link LiveCapture} writes the pcapng file (one capture
 * thread per interface, a writer thread), and every frame it writes is also handed to the window's sink, in file
 * order, numbered as the file numbers it.
 */
final class LiveCaptureAdapter implements LiveCapturer {
    /** Packets per second are measured over at least this long, so four looks a second give steady figures. */
    private static final long RATE_WINDOW_NANOS = 200_000_000L;

    @Override
    public List<LiveInterface> interfaces() throws LiveCaptureException {
        try {
            List<LiveInterface> list = new ArrayList<>();
            for (CaptureInterface i : LiveCapture.interfaces()) {
                list.add(new LiveInterface(i.name(), i.description(), i.addresses(), i.up(), i.loopback()));
            }
            return list;
        } catch (CaptureException e) {
            throw new LiveCaptureException(e.getMessage(), e);
        }
    }

    @Override
    public RunningCapture start(LiveRequest request, LiveFrameSink sink) throws LiveCaptureException {
        Path file = request.file();
        boolean temporary = file == null;
        if (temporary) {
            try {
                file = Files.createTempFile("hoptrace-live-", ".pcapng");
            } catch (IOException e) {
                throw new LiveCaptureException("cannot create a temporary file for the capture: " + e.getMessage()
                        + " (choose where to save it)", e);
            }
        }
        CaptureOptions options;
        try {
            options = CaptureOptions.builder(file).interfaces(request.interfaces()).filter(request.filter())
                    .snapLength(request.snapLength()).build();
        } catch (IllegalArgumentException e) {
            deleteIf(temporary, file);
            throw new LiveCaptureException(e.getMessage(), e);
        }
        Tap tap = new Tap(sink);
        LiveCapture capture;
        try {
            capture = LiveCapture.start(options, tap);
        } catch (CaptureException e) {
            deleteIf(temporary, file);
            throw new LiveCaptureException(e.getMessage(), e);
        }
        return new Running(capture, options, file);
    }

    private static void deleteIf(boolean temporary, Path file) {
        if (temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // an empty temporary file left behind: nothing to tell the user
            }
        }
    }

    /** Hands every written frame to the sink (writer thread). */
    private static final class Tap implements CaptureListener {
        private final LiveFrameSink sink;
        private final CapturedFrame frame = new CapturedFrame();

        Tap(LiveFrameSink sink) {
            this.sink = sink;
        }

        @Override
        public void fileOpened(Path file) {
            frame.number = 0; // a new file numbers from 1 (only -C/-G rotate, which the window does not ask for)
        }

        @Override
        public void packetWritten(int iface, int linkType, long timestampNanos, byte[] data, int offset,
                                  int length, int wireLength) {
            CapturedFrame f = frame;
            f.data = data;
            f.offset = offset;
            f.capturedLength = length;
            f.wireLength = wireLength;
            f.timestampNanos = timestampNanos;
            f.interfaceId = iface;
            f.linkType = linkType;
            f.number++;
            sink.frame(f);
        }
    }

    private static final class Running implements RunningCapture {
        private final LiveCapture capture;
        private final List<String> names;
        private final String node;
        private final Path file;
        private long rateNanos = System.nanoTime();
        private long ratePackets;
        private double rate;

        Running(LiveCapture capture, CaptureOptions options, Path file) {
            this.capture = capture;
            this.file = file;
            this.node = options.node();
            this.names = capture.stats().interfaces().stream().map(CaptureStats.Interface::name).toList();
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public String interfaceName(int interfaceId) {
            return interfaceId >= 0 && interfaceId < names.size() ? names.get(interfaceId) : null;
        }

        /** What the file's interface blocks say, so that rows shown live and read back from the file agree. */
        @Override
        public String interfaceDescription(int interfaceId) {
            String name = interfaceName(interfaceId);
            return name == null ? null : "node=" + node + " iface=" + name;
        }

        @Override
        public synchronized LiveStats stats() {
            CaptureStats s = capture.stats();
            long now = System.nanoTime();
            if (now - rateNanos >= RATE_WINDOW_NANOS) {
                rate = (s.written() - ratePackets) * 1e9 / (now - rateNanos);
                rateNanos = now;
                ratePackets = s.written();
            }
            return stats(s, rate);
        }

        private static LiveStats stats(CaptureStats s, double rate) {
            return new LiveStats(s.written(), rate, s.kernelDrops() + s.interfaceDrops(), s.queueDrops());
        }

        @Override
        public void stop() {
            capture.stop();
        }

        @Override
        public Ended awaitEnd() throws InterruptedException {
            CaptureResult r = capture.awaitResult();
            return new Ended(stats(r.stats(), 0), file, r.error() == null ? null : r.error().getMessage(),
                    r.warnings());
        }
    }
}
