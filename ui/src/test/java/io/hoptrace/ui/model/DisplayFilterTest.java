package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.Samples;
import io.hoptrace.ui.model.filter.DisplayFilter;
import io.hoptrace.ui.model.filter.FilterContext;
import io.hoptrace.ui.model.filter.FilterException;
import io.hoptrace.ui.model.filter.RowPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DisplayFilterTest {
    private static Loaded nodeA;
    private static Loaded bundle;

    @BeforeAll
    static void load() throws Exception {
        nodeA = new Loaded(Samples.bundle("mtu-blackhole").resolve("nodes/node-a/any.pcap"));
        bundle = new Loaded(Samples.bundle("mtu-blackhole"));
    }

    /**
     * Counts from tshark 4.0.17 on the same file: {@code tshark -r nodes/node-a/any.pcap -d udp.port==8472,vxlan
     * -Y FILTER | wc -l}; Wireshark's names where ours are the same.
     */
    @Test
    void agreesWithTshark() throws Exception {
        assertEquals(85, nodeA.index.count());
        assertEquals(28, nodeA.count("icmp"));
        assertEquals(68, nodeA.count("ip.addr == 10.244.0.11"));
        assertEquals(26, nodeA.count("tcp.port == 8080"));
        assertEquals(14, nodeA.count("udp"));
        assertEquals(14, nodeA.count("vxlan"));
        assertEquals(6, nodeA.count("len > 1000"));
        assertEquals(7, nodeA.count("arp"));
    }

    @Test
    void booleanAlgebra() throws Exception {
        int icmp = nodeA.count("icmp");
        int tcp = nodeA.count("tcp");
        assertEquals(nodeA.index.count() - icmp, nodeA.count("not icmp"));
        assertEquals(nodeA.index.count() - icmp, nodeA.count("!icmp"));
        assertEquals(icmp + tcp, nodeA.count("icmp or tcp"));
        assertEquals(icmp + tcp, nodeA.count("icmp || tcp"));
        assertEquals(0, nodeA.count("icmp and tcp"));
        assertEquals(nodeA.count("udp and icmp"), nodeA.count("(udp) && (icmp)"));
        assertEquals(nodeA.count("vxlan and icmp"), nodeA.count("icmp and encap"));
    }

    @Test
    void addressesAndBlocks() throws Exception {
        assertEquals(nodeA.count("ip.addr == 10.244.0.11"), nodeA.count("10.244.0.11"));
        assertEquals(nodeA.count("ip.addr == 10.244.0.11"), nodeA.count("host 10.244.0.11"));
        int src = nodeA.count("ip.src == 10.244.0.11");
        int dst = nodeA.count("ip.dst == 10.244.0.11");
        assertTrue(src > 0 && dst > 0);
        assertEquals(nodeA.count("ip.addr == 10.244.0.11"), nodeA.count("src 10.244.0.11 or dst 10.244.0.11"));
        // outer headers count too: the VXLAN packets between the nodes
        assertEquals(14, nodeA.count("ip.addr == 192.168.50.0/24 and vxlan"));
        assertEquals(nodeA.index.count() - nodeA.count("ip.addr == 10.244.0.11"),
                nodeA.count("ip.addr != 10.244.0.11"));
    }

    @Test
    void portsAndNumbers() throws Exception {
        assertEquals(nodeA.count("tcp.port == 8080"), nodeA.count("port 8080"));
        assertEquals(nodeA.count("tcp.port == 8080"), nodeA.count("dstport == 8080 or srcport == 8080"));
        assertEquals(0, nodeA.count("udp.port == 8080"));
        // tshark: udp.port==8472 (the VXLAN packets' outer UDP) gives 14
        assertEquals(14, nodeA.count("udp.port == 8472"));
        assertEquals(0, nodeA.count("tcp.port == 8472"));
        assertEquals(14, nodeA.count("vni == 1"));
        assertEquals(nodeA.count("len > 1000"), nodeA.index.count() - nodeA.count("len <= 1000"));
        assertEquals(nodeA.count("port 8472"), nodeA.count("udp.port == 0x2118"));
    }

    @Test
    void clusterNames() throws Exception {
        // the client pod's packets, by pod name, by node, by Service
        assertEquals(bundle.count("ip.addr == 10.244.0.11"), bundle.count("pod == mtu-client"));
        assertEquals(bundle.count("ip.addr == 10.96.88.10"), bundle.count("svc == demo/web"));
        assertEquals(85, bundle.count("node == node-a"));
        assertEquals(85, bundle.count("node == NODE-A"));
        assertEquals(bundle.index.count() - 85, bundle.count("node != node-a"));
        int cni0 = bundle.count("iface == cni0");
        assertEquals(cni0, bundle.count("iface == \"cni0 in\"") + bundle.count("iface == \"cni0 out\""));
        assertTrue(cni0 > 0);
    }

    @Test
    void findingsAndAnomalies() throws Exception {
        RowMarks marks = new RowMarks() {
            @Override
            public Severity severity(int row) {
                return row == 3 ? Severity.ERROR : Severity.NONE;
            }

            @Override
            public boolean hasRule(int row, String ruleId) {
                return row == 3 && ("mtu.black-hole".equals(ruleId) || "mtu".equals(ruleId));
            }
        };
        RowPredicate p = DisplayFilter.compile("rule == mtu").bind(new FilterContext(nodeA.index, nodeA.cluster, marks));
        assertTrue(p.test(3));
        assertTrue(!p.test(4));
        RowPredicate sev = DisplayFilter.compile("severity >= warning")
                .bind(new FilterContext(nodeA.index, nodeA.cluster, marks));
        assertTrue(sev.test(3));
        RowPredicate f = DisplayFilter.compile("finding").bind(new FilterContext(nodeA.index, nodeA.cluster, marks));
        assertTrue(f.test(3) && !f.test(2));
        // snaplen 256 cuts the big pings: truncation is a decoder note, not a finding
        assertTrue(nodeA.count("anomaly") >= 0);
    }

    @Test
    void emptyIsNoFilter() throws Exception {
        assertNull(DisplayFilter.compile("  "));
        assertEquals(85, nodeA.count(""));
    }

    @Test
    void errorsSayWhatAndWhere() {
        FilterException e = assertThrows(FilterException.class, () -> DisplayFilter.compile("icmp and fish"));
        assertEquals("unknown protocol or field 'fish'", e.getMessage());
        assertEquals(9, e.position());
        e = assertThrows(FilterException.class, () -> DisplayFilter.compile("ip.addr == banana"));
        assertEquals("'banana' is not an IP address or CIDR block", e.getMessage());
        e = assertThrows(FilterException.class, () -> DisplayFilter.compile("(icmp"));
        assertEquals("expected ')'", e.getMessage());
        e = assertThrows(FilterException.class, () -> DisplayFilter.compile("port"));
        assertEquals("'port' needs a value, as in port == 80", e.getMessage());
        e = assertThrows(FilterException.class, () -> DisplayFilter.compile("icmp tcp"));
        assertEquals("expected 'and', 'or' or the end, found 'tcp'", e.getMessage());
        e = assertThrows(FilterException.class, () -> DisplayFilter.compile("port > x"));
        assertEquals("'x' is not a number", e.getMessage());
        e = assertThrows(FilterException.class, () -> DisplayFilter.compile("node > a"));
        assertEquals("node names compare with == or != only", e.getMessage());
        e = assertThrows(FilterException.class, () -> DisplayFilter.compile("icmp and"));
        assertEquals("the filter ends where a test was expected", e.getMessage());
        e = assertThrows(FilterException.class, () -> DisplayFilter.compile("severity >= bad"));
        assertEquals("severity is one of note, warning, error; not 'bad'", e.getMessage());
    }

    @Test
    void extendingAViewAsRowsArriveEqualsBuildingItOnce() throws Exception {
        DisplayFilter f = DisplayFilter.compile("icmp or arp");
        RowPredicate p = f.bind(new FilterContext(bundle.index, bundle.cluster, RowMarks.NONE));
        RowView v = RowView.EMPTY;
        for (int count = 0; count <= bundle.index.count(); count += 7) {
            v = ViewBuilder.extend(v, count, p, () -> false);
        }
        v = ViewBuilder.extend(v, bundle.index.count(), p, () -> false);
        RowView once = bundle.view("icmp or arp");
        assertEquals(once.size(), v.size());
        for (int i = 0; i < v.size(); i++) {
            assertEquals(once.row(i), v.row(i));
            assertEquals(i, v.positionOf(v.row(i)));
        }
    }
}
