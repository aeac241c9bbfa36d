package io.hoptrace.capture.live;

import java.util.ArrayList;
import java.util.List;

/**
 * Counters of a capture so far, in total and per interface. libpcap's counters ({@code received},
 * {@code kernelDrops}, {@code interfaceDrops}) are as of its last report, at most about half a second old while
 * the capture runs; they are final once it has ended.
 *
 * @param written        packets written to the capture files (tcpdump's "captured")
 * @param received       packets libpcap saw pass the filter (tcpdump's "received by filter")
 * @param kernelDrops    packets the kernel dropped because libpcap's buffer was full ({@code ps_drop})
 * @param interfaceDrops packets the interface or driver dropped ({@code ps_ifdrop})
 * @param queueDrops     packets dropped because hoptrace's queue to the writer was full
 */
public record CaptureStats(long written, long received, long kernelDrops, long interfaceDrops, long queueDrops,
                           List<Interface> interfaces) {
    /** One interface's share. {@code linkType} is the DLT written to its interface description. */
    public record Interface(String name, int linkType, long captured, long received, long kernelDrops,
                            long interfaceDrops, long queueDrops) {
        public long drops() {
            return kernelDrops + interfaceDrops + queueDrops;
        }
    }

    public long drops() {
        return kernelDrops + interfaceDrops + queueDrops;
    }

    /** tcpdump's closing lines, plus hoptrace's own queue. */
    public List<String> report() {
        List<String> lines = new ArrayList<>(List.of(
                plural(written, "captured"),
                plural(received, "received by filter"),
                plural(kernelDrops, "dropped by kernel")));
        if (interfaceDrops > 0) {
            lines.add(plural(interfaceDrops, "dropped by interface"));
        }
        lines.add(plural(queueDrops, "dropped by hoptrace queue"));
        return lines;
    }

    private static String plural(long n, String what) {
        return n + (n == 1 ? " packet " : " packets ") + what;
    }
}
