package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;

/**
 * What it means when a layer's bytes run out, beyond {@link Dissection#shortStatus}: inside an ICMP error's quote
 * the original datagram is cut on purpose (tcpdump and tshark do not call that malformed either), and in the
 * first fragment of a datagram the lengths a transport header claims continue in later fragments.
 */
public final class Shortness {
    private Shortness() {
    }

    /** Status for a header that does not fit below {@code limit}. */
    public static LayerStatus header(Dissection d, int limit) {
        if (d.inQuote()) {
            return LayerStatus.TRUNCATED;
        }
        if (d.fragmentPayload()) {
            return LayerStatus.FRAGMENT;
        }
        return d.shortStatus(limit);
    }

    /** Status for a complete header whose length field claims bytes past {@code limit}. */
    public static LayerStatus length(Dissection d, int limit) {
        if (d.inQuote()) {
            return LayerStatus.TRUNCATED;
        }
        if (d.fragmentPayload()) {
            return LayerStatus.OK;
        }
        return d.shortStatus(limit);
    }

    /**
     * Sets {@code s} on the layer unless the layer is already worse, and records {@code malformed} when the
     * status is {@link LayerStatus#MALFORMED} (truncation needs no anomaly: the status says it).
     */
    public static void mark(Dissection d, int layer, LayerStatus s, Anomaly malformed, int off, int len) {
        if (s == LayerStatus.OK) {
            return;
        }
        if (d.status(layer) != LayerStatus.MALFORMED) {
            d.setStatus(layer, s);
        }
        if (s == LayerStatus.MALFORMED) {
            d.anomaly(layer, malformed, off, len);
        }
    }

    /** Marks the layer malformed with {@code a}. */
    public static void malformed(Dissection d, int layer, Anomaly a, int off, int len) {
        d.setStatus(layer, LayerStatus.MALFORMED);
        d.anomaly(layer, a, off, len);
    }
}
