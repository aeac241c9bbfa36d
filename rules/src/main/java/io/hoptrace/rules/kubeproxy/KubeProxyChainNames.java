package io.hoptrace.rules.kubeproxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The chain names kube-proxy's iptables mode gives a Service port and its endpoints: a prefix plus the first 16
 * characters of the standard base32 (RFC 4648) of SHA-256 over {@code servicePortName + protocol}, where the
 * service port name is {@code ns/name:port} and the protocol is lower case; KUBE-SEP appends the endpoint
 * ({@code ip:port}, IPv6 in brackets). 16 characters keep a name within iptables' 28-character limit.
 */
public final class KubeProxyChainNames {
    public static final String SVC = "KUBE-SVC-";
    public static final String SVL = "KUBE-SVL-";
    public static final String EXT = "KUBE-EXT-";
    public static final String FW = "KUBE-FW-";
    public static final String SEP = "KUBE-SEP-";

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int HASH_CHARS = 16;

    private KubeProxyChainNames() {
    }

    public static String portProtoHash(String servicePortName, String protocol) {
        return hash16(servicePortName + protocol);
    }

    /** Cluster traffic policy dispatch. */
    public static String serviceChain(String servicePortName, String protocol) {
        return SVC + portProtoHash(servicePortName, protocol);
    }

    /** Local traffic policy dispatch (externalTrafficPolicy or internalTrafficPolicy Local). */
    public static String localServiceChain(String servicePortName, String protocol) {
        return SVL + portProtoHash(servicePortName, protocol);
    }

    /** Traffic to NodePorts, external IPs and load-balancer IPs. */
    public static String externalChain(String servicePortName, String protocol) {
        return EXT + portProtoHash(servicePortName, protocol);
    }

    /** loadBalancerSourceRanges filtering. */
    public static String firewallChain(String servicePortName, String protocol) {
        return FW + portProtoHash(servicePortName, protocol);
    }

    public static String endpointChain(String servicePortName, String protocol, String endpoint) {
        return SEP + hash16(servicePortName + protocol + endpoint);
    }

    /** True for the per-Service and per-endpoint chains (the ones this class can compute). */
    public static boolean isServiceChain(String chain) {
        return chain.startsWith(SVC) || chain.startsWith(SVL) || chain.startsWith(EXT) || chain.startsWith(FW)
                || chain.startsWith(SEP);
    }

    private static String hash16(String text) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        // 16 base32 characters are the first 80 bits: exactly the first 10 bytes, no padding involved
        char[] out = new char[HASH_CHARS];
        long bits = 0;
        int nbits = 0;
        int o = 0;
        for (int i = 0; o < HASH_CHARS; i++) {
            bits = bits << 8 | (h[i] & 0xff);
            nbits += 8;
            while (nbits >= 5 && o < HASH_CHARS) {
                out[o++] = BASE32[(int) (bits >> (nbits - 5)) & 31];
                nbits -= 5;
            }
        }
        return new String(out);
    }
}
