package io.hoptrace.rules;

/**
 * One packet of the input: the capture file (as the user named it, or its path inside the bundle) and its 1-based
 * number in that file, as {@code tcpdump -#} and Wireshark count.
 */
public record PacketRef(String file, long number) implements Comparable<PacketRef> {
    @Override
    public int compareTo(PacketRef o) {
        int c = file.compareTo(o.file);
        return c != 0 ? c : Long.compare(number, o.number);
    }

    @Override
    public String toString() {
        return file + "#" + number;
    }
}
