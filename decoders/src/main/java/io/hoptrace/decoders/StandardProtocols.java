package io.hoptrace.decoders;

/** Phase two of registration: binds every standard protocol decoder into its parents' dispatch tables. */
final class StandardProtocols {
    private StandardProtocols() {
    }

    static void bind(DecoderRegistry r) {
        // link, ip, transport, tunnel and bgp packages add their bindings here
    }
}
