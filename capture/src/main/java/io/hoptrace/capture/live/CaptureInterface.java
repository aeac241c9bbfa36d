package io.hoptrace.capture.live;

import java.util.List;

/**
 * An interface libpcap can capture on, as {@code hoptrace capture --list-interfaces} shows it (tcpdump -D).
 *
 * @param addresses the interface's IPv4 and IPv6 addresses, as libpcap lists them (without a zone suffix)
 */
public record CaptureInterface(int number, String name, String description, boolean up, boolean running,
                               boolean loopback, List<String> addresses) {
    public CaptureInterface {
        addresses = List.copyOf(addresses);
    }

    /** "2.any (Pseudo-device that captures on all interfaces) [Up, Running]", as tcpdump -D prints. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(number).append('.').append(name);
        if (description != null && !description.isBlank()) {
            s.append(" (").append(description).append(')');
        }
        StringBuilder flags = new StringBuilder();
        if (up) {
            flags.append("Up");
        }
        if (running) {
            flags.append(flags.length() > 0 ? ", " : "").append("Running");
        }
        if (loopback) {
            flags.append(flags.length() > 0 ? ", " : "").append("Loopback");
        }
        if (flags.length() > 0) {
            s.append(" [").append(flags).append(']');
        }
        return s.toString();
    }
}
