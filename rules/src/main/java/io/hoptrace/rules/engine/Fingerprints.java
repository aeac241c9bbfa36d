package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Dissection;

/**
 * The identity of one packet across its sightings: only what neither routing (TTL, checksums), nor tunnels (the
 * inner packet is fingerprinted), nor NAT (addresses, ports) changes. IPv4 identification and protocol, then
 * TCP sequence, acknowledgment, flags and the first payload bytes; UDP length and the first payload bytes; ICMP
 * type, code, echo identifier and sequence and the first payload bytes; for an ICMP error, the quoted packet's IP
 * identification and sequence. A first fragment gets the same fingerprint as the whole datagram (its transport
 * header and payload start are the same), so a packet fragmented on the way stays one journey; later fragments
 * get their own fingerprint, and the engine joins them to their datagram's journey by {@link #datagram}. Collisions
 * need equal 64-bit hashes within the stitching window.
 */
public final class Fingerprints {
    private static final int TCP_PAYLOAD_BYTES = 8;
    private static final int OTHER_PAYLOAD_BYTES = 16;
    private static final long NON_FIRST_FRAGMENT = 0x6a09e667f3bcc908L;

    private Fingerprints() {
    }

    /** {@code ip} is the packet's own IP layer, {@code t} its transport layer or -1. */
    static long of(Dissection d, Observation o, int ip, int t) {
        long h = mix(((long) o.protocol << 40) ^ (o.ipId & 0xFFFF_FFFFL) ^ ((long) o.ipVersion << 56));
        if (o.fragment && o.fragmentOffset != 0) {
            h = mix(h ^ NON_FIRST_FRAGMENT ^ o.fragmentOffset);
            return bytes(h, d.bytes(ip), d.payloadOffset(ip), d.end(ip), OTHER_PAYLOAD_BYTES);
        }
        if (t < 0) {
            return bytes(h, d.bytes(ip), d.payloadOffset(ip), d.end(ip), OTHER_PAYLOAD_BYTES);
        }
        byte[] b = d.bytes(t);
        switch (o.protocol) {
            case 6 -> {
                if (o.tcpFlags < 0) {
                    return mix(h ^ o.sport);
                }
                h = mix(h ^ o.tcpSeq);
                h = mix(h ^ (o.tcpAck << 8) ^ (o.tcpFlags & 0x3F));
                return bytes(h, b, d.payloadOffset(t), d.end(t), TCP_PAYLOAD_BYTES);
            }
            case 17 -> {
                h = mix(h ^ o.payloadLength);
                return bytes(h, b, d.payloadOffset(t), d.end(t), OTHER_PAYLOAD_BYTES);
            }
            case 1, 58 -> {
                h = mix(h ^ ((long) o.icmpType << 8) ^ o.icmpCode ^ (o.icmpEcho << 16));
                if (o.quoted) {
                    return mix(h ^ (o.quotedIpId << 20) ^ o.quotedSequence);
                }
                return bytes(h, b, d.offset(t) + 8, d.end(t), OTHER_PAYLOAD_BYTES);
            }
            default -> {
                return bytes(h, b, d.offset(t), d.end(t), OTHER_PAYLOAD_BYTES);
            }
        }
    }

    /**
     * A fragmented datagram's identity at one capture point: protocol, addresses and IP identification as seen
     * there, which every fragment of it carries (the first one also its ports). NAT rewrites all fragments of a
     * datagram alike (conntrack reassembles before NAT and the node fragments again after), so the key holds at
     * every point, each with that point's addresses.
     */
    static long datagram(Observation o) {
        long h = mix(0x3c6ef372fe94f82bL ^ ((long) o.protocol << 40) ^ (o.ipId & 0xFFFF_FFFFL)
                ^ ((long) o.ipVersion << 56));
        h = mix(h ^ o.srcHi);
        h = mix(h ^ o.srcLo);
        h = mix(h ^ o.dstHi);
        return mix(h ^ o.dstLo);
    }

    private static long bytes(long h, byte[] b, int from, int end, int max) {
        int stop = Math.min(Math.min(end, b.length), from + max);
        long acc = 0;
        int shift = 0;
        for (int i = from; i < stop; i++) {
            acc |= (b[i] & 0xFFL) << shift;
            shift += 8;
            if (shift == 64) {
                h = mix(h ^ acc);
                acc = 0;
                shift = 0;
            }
        }
        return shift == 0 ? h : mix(h ^ acc ^ ((long) shift << 56));
    }

    /** A 64-bit finalizer (murmur3's): every input bit flips each output bit with probability about 1/2. */
    public static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
