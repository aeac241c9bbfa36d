package io.hoptrace.capture.file;

/**
 * Counters of one capture interface, as a pcapng Interface Statistics Block carries them: isb_starttime,
 * isb_endtime, isb_ifrecv ({@code received}), isb_ifdrop ({@code interfaceDrops}), isb_osdrop ({@code osDrops}),
 * isb_filteraccept ({@code filterAccepted}), isb_usrdeliv ({@code delivered}) and an opt_comment. {@link #UNKNOWN}
 * marks a value that was not measured; a null comment is absent.
 */
public record InterfaceStatistics(long startNanos, long endNanos, long received, long interfaceDrops, long osDrops,
                                  long filterAccepted, long delivered, String comment) {
    public static final long UNKNOWN = -1;

    public InterfaceStatistics(long startNanos, long endNanos, long received, long interfaceDrops, long osDrops) {
        this(startNanos, endNanos, received, interfaceDrops, osDrops, UNKNOWN, UNKNOWN, null);
    }

    /** Drop counters only; the writer fills in start and end from the first and last packet. */
    public static InterfaceStatistics drops(long interfaceDrops, long osDrops) {
        return new InterfaceStatistics(UNKNOWN, UNKNOWN, UNKNOWN, interfaceDrops, osDrops);
    }
}
