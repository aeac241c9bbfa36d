package io.hoptrace.bench.gen;

import java.io.IOException;

/**
 * A pod resolving one name through cluster DNS, glibc style: an A and an AAAA query per candidate name on one
 * socket, walking the search path (ndots:5) so an external name first draws NXDOMAIN for every cluster suffix.
 * A headless Service with many endpoints gets an EDNS0 answer larger than the pod MTU, which the DNS server's
 * kernel sends as IPv4 fragments.
 */
public final class DnsLookup implements Conversation {
    private static final String[] SERVICES = {"orders", "cart", "redis-master", "postgres", "catalog", "users"};
    private static final String[] EXTERNAL = {"api.github.com", "registry-1.docker.io", "s3.amazonaws.com"};
    private static final String[] SEARCH = {".shop.svc.cluster.local", ".svc.cluster.local", ".cluster.local"};
    private static final int EDNS_SIZE = 1232;

    private final FlowPath path;
    private final int clientPort;
    private final String[] names;
    private final int[] rcodes;
    private final int[] types;
    private final int[] ids;
    private final boolean headless;
    private final int perName;
    private int step;

    public DnsLookup(Wire w, FlowPath path, boolean headless) {
        this.path = path;
        this.clientPort = w.between(32768, 60999);
        this.headless = headless && !path.ipv6() && path.encapsulation == FlowPath.Encapsulation.PLAIN;
        String[] candidates;
        int[] candidateRcodes;
        if (this.headless) {
            candidates = new String[] {"workers.batch.svc.cluster.local"};
            candidateRcodes = new int[] {DnsMessages.NOERROR};
        } else if (w.percent(25)) {
            String name = EXTERNAL[w.rnd.nextInt(EXTERNAL.length)];
            candidates = new String[] {name + SEARCH[0], name + SEARCH[1], name + SEARCH[2], name};
            candidateRcodes = new int[] {DnsMessages.NXDOMAIN, DnsMessages.NXDOMAIN, DnsMessages.NXDOMAIN,
                    DnsMessages.NOERROR};
        } else {
            candidates = new String[] {SERVICES[w.rnd.nextInt(SERVICES.length)] + SEARCH[0]};
            candidateRcodes = new int[] {DnsMessages.NOERROR};
        }
        boolean both = !path.ipv6() && !this.headless;
        perName = both ? 2 : 1;
        int n = candidates.length * perName;
        names = new String[n];
        rcodes = new int[n];
        types = new int[n];
        ids = new int[n];
        for (int i = 0; i < n; i++) {
            names[i] = candidates[i / perName];
            rcodes[i] = candidateRcodes[i / perName];
            types[i] = path.ipv6() || (both && i % 2 == 1) ? DnsMessages.AAAA : DnsMessages.A;
            ids[i] = w.rnd.nextInt(0x10000);
        }
    }

    /** Queries for one name go out together, then their answers come back. */
    @Override
    public boolean step(Wire w) throws IOException {
        int group = step / (2 * perName);
        int inGroup = step % (2 * perName);
        int i = group * perName + inGroup % perName;
        if (inGroup < perName) {
            FrameBuilder f = w.begin();
            path.open(f, true, 17, true).udp(clientPort, 53);
            DnsMessages.query(f, ids[i], names[i], types[i], headless ? 4096 : EDNS_SIZE);
            w.send();
        } else if (headless) {
            FrameBuilder f = w.scratch();
            path.open(f, false, 17, false).udp(53, clientPort);
            DnsMessages.response(f, ids[i], names[i], types[i], rcodes[i], w.between(100, 250),
                    Cluster.ip(10, 244, 3, 2), 4096);
            f.closeAll();
            w.sendFragments(14, path.mtu);
        } else {
            FrameBuilder f = w.begin();
            path.open(f, false, 17, true).udp(53, clientPort);
            int answers = types[i] == DnsMessages.AAAA && !path.ipv6() ? 0 : 1;
            DnsMessages.response(f, ids[i], names[i], types[i], rcodes[i], answers,
                    Cluster.ip(10, 96, w.between(0, 255), w.between(1, 254)), EDNS_SIZE);
            w.send();
        }
        step++;
        return step < 2 * names.length;
    }
}
