package io.hoptrace.capture.file;

/**
 * Counters of one capture interface, as a pcapng Interface Statistics Block carries them (isb_starttime,
 * isb_endtime, isb_ifrecv, isb_ifdrop, isb_osdrop). {@link #UNKNOWN} marks a value that was not measured.
 */
public record InterfaceStatistics(long startNanos, long endNanos, long received, long interfaceDrops, long osDrops) {
    public static final long UNKNOWN = -1;

    /** Drop counters only; the writer fills in start and end from the first and last packet. */
    public static InterfaceStatistics drops(long interfaceDrops, long osDrops) {
        return new InterfaceStatistics(UNKNOWN, UNKNOWN, UNKNOWN, interfaceDrops, osDrops);
    }
}
