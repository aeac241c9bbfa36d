package io.hoptrace.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM stop a capture the way -c does: the queued packets are written, the counters
 * reported, and hoptrace exits 0, as tcpdump does. Without this the JVM's own handler starts shutting down and
 * the process leaves with 130 (128 + SIGINT), which scripts read as a failure. A second signal goes to the JVM's
 * handler, so an impatient second Ctrl-C still ends the process (the capture's shutdown hook closes the files).
 */
final class StopOnSignal implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    StopOnSignal(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            try {
                previous.put(signal, Signal.handle(signal, s -> {
                    if (stopping.getAndSet(true)) {
                        close();
                        Signal.raise(s);
                    } else {
                        stop.run();
                    }
                }));
            } catch (IllegalArgumentException e) {
                // the JVM runs with -Xrs, or the signal is taken: the shutdown hook still stops the capture
            }
        }
    }

    /** Gives the signals back to the handlers they had before. */
    @Override
    public synchronized void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
