package io.hoptrace.decoders.state;

/**
 * One row of {@code ipvsadm -Ln --stats} (totals since the counters were zeroed) or {@code --rate} (per second:
 * connections, packets in and out, bytes in and out).
 *
 * @param rounded true when ipvsadm shortened a value with a K/M/G/T suffix (it does unless {@code --exact}); the
 *                value is then the printed number times the suffix, a lower bound
 */
public record IpvsCounters(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
                           boolean rounded) {
}
