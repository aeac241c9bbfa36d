package io.hoptrace.decoders.state;

import io.hoptrace.decoders.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IptablesSaveParserTest {
    static String read(String relative) throws IOException {
        return Files.readString(SharedData.file("kube-proxy/" + relative));
    }

    static List<Path> kubeProxyFiles() throws IOException {
        try (Stream<Path> s = Files.walk(SharedData.dir().resolve("kube-proxy"))) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
    }

    /** Lines that hold a rule: {@code -A ...} with or without a {@code [p:b]} prefix. */
    static long ruleLines(String text) {
        return text.lines().map(String::strip).filter(l -> l.startsWith("-A ") || l.matches("\\[\\d+:\\d+] -A .*"))
                .count();
    }

    @Test
    void everySharedDumpParsesWithoutSkippingALineAndKeepsEveryRule() throws IOException {
        List<Path> files = kubeProxyFiles();
        assertEquals(10, files.size(), "5 kube-proxy test dumps + 5 real excerpts: " + files);
        for (Path f : files) {
            String text = Files.readString(f);
            IptablesDump d = IptablesSaveParser.parse(text);
            assertEquals(List.of(), d.skippedLines(), f.toString());
            assertEquals(ruleLines(text), d.ruleCount(), f + " keeps every rule");
            assertEquals(text.lines().count(), d.lineCount(), f.toString());
            for (IptablesRule r : d.rules()) {
                assertEquals(text.lines().toList().get(r.lineNumber() - 1).strip().replaceFirst("^\\[\\d+:\\d+] ", ""),
                        r.raw(), "raw text and line number of " + r);
            }
        }
    }

    @Test
    void sameParseFromReaderAsFromString() throws IOException {
        String text = read("iptables_TestTracePacket_rules.txt");
        IptablesDump a = IptablesSaveParser.parse(text);
        IptablesDump b = IptablesSaveParser.parse(new StringReader(text));
        assertEquals(a.ruleCount(), b.ruleCount());
        assertEquals(a.rules().stream().map(IptablesRule::raw).toList(),
                b.rules().stream().map(IptablesRule::raw).toList());
    }

    @Test
    void kubeProxyRestoreInputIsTypedWhateverTheMatchOrder() throws IOException {
        IptablesDump d = IptablesSaveParser.parse(read("iptables_TestOverallIPTablesRules_expected.txt"));
        assertEquals(List.of(), d.problems());
        assertEquals(List.of("filter", "nat"), d.tables().stream().map(IptablesTable::name).toList());
        IptablesChain services = d.chain("nat", "KUBE-SERVICES");
        assertNull(services.policy(), "'-' is no policy");
        IptablesRule svc1 = services.rules().get(0);
        assertEquals("ns1/svc1:p80 cluster IP", svc1.comment());
        assertEquals("tcp", svc1.protocol());
        assertEquals(IpPrefix.parse("172.30.0.41/32"), svc1.destination().prefix());
        assertTrue(svc1.destinationPorts().matches(80));
        assertFalse(svc1.destinationPorts().matches(81));
        assertEquals("KUBE-SVC-XPGD46QRK7WJZT7O", svc1.targetName());
        assertEquals(List.of("comment", "tcp"), svc1.modules());
        assertFalse(svc1.hasUntypedMatches());

        IptablesRule masq = d.chain("nat", "KUBE-SVC-XPGD46QRK7WJZT7O").rules().get(0);
        assertTrue(masq.source().negated(), "! -s 10.0.0.0/8");
        assertEquals(IpPrefix.parse("10.0.0.0/8"), masq.source().prefix());

        IptablesRule stat = d.chain("nat", "KUBE-SVC-4SW47YFZTEDKD3PK").rules().get(1);
        assertEquals("ns4/svc4:p80 -> 10.180.0.4:80", stat.comment());
        assertEquals(0.5, stat.statistic().chance());
        assertEquals("random", stat.statistic().mode());

        IptablesRule affinity = d.chain("nat", "KUBE-SVC-NUKIZ6OKUXPJNT4C").rules().get(1);
        assertEquals(new IptablesConditions.Recent("KUBE-SEP-I77PXRDZVX7PMWMN", "rcheck", 10800, true, true, false),
                affinity.recent());
        IptablesRule set = d.chain("nat", "KUBE-SEP-I77PXRDZVX7PMWMN").rules().get(1);
        assertEquals("set", set.recent().action());
        assertEquals("10.180.0.3:80", set.target().natDestinations().get(0).text());
        assertEquals(IpPrefix.host("10.180.0.3"), set.target().natDestinations().get(0).address());
        assertEquals(80, set.target().natDestinations().get(0).portLow());

        IptablesRule markMasq = d.chain("nat", "KUBE-MARK-MASQ").rules().get(0);
        assertEquals(0x4000, markMasq.target().markAction().apply(0));
        IptablesRule postReturn = d.chain("nat", "KUBE-POSTROUTING").rules().get(0);
        assertEquals(new IptablesConditions.Mark(0x4000, 0x4000, true), postReturn.mark());
        IptablesRule xor = d.chain("nat", "KUBE-POSTROUTING").rules().get(1);
        assertEquals(0, xor.target().markAction().apply(0x4000));

        IptablesRule local = d.chain("nat", "KUBE-SERVICES").rules().get(9);
        assertEquals(Set.of("LOCAL"), local.destinationType().types());
        IptablesRule fw = d.chain("filter", "KUBE-FIREWALL").rules().get(0);
        assertEquals(Set.of("RELATED", "ESTABLISHED", "DNAT"), fw.ctState().states());
        assertTrue(fw.ctState().negated());
        assertTrue(fw.source().negated());
        assertFalse(fw.destination().negated());
        IptablesRule nfacct = d.chain("filter", "KUBE-FORWARD").rules().get(0);
        assertFalse(nfacct.hasUntypedMatches(), "nfacct only counts");
        IptablesRule noTarget = d.chain("nat", "KUBE-FW-NUKIZ6OKUXPJNT4C").rules().get(1);
        assertNull(noTarget.target(), "a rule without -j is kept");
    }

    @Test
    void unquotedMultiWordCommentsEndAtTheNextOption() throws IOException {
        IptablesDump d = IptablesSaveParser.parse(read("iptables_TestTracePacket_rules.txt"));
        assertEquals(List.of(), d.problems());
        IptablesRule r = d.chain("filter", "FORWARD").rules().get(1);
        assertEquals("kubernetes service portals", r.comment());
        assertEquals(Set.of("NEW"), r.ctState().states());
        assertEquals("KUBE-SERVICES", r.targetName());
        IptablesRule sep = d.chain("nat", "KUBE-SEP-C6EBXVWJJZMIWKLZ").rules().get(0);
        assertEquals("ns4/svc4:p80", sep.comment());
        assertEquals(IpPrefix.host("10.180.0.5"), sep.source().prefix());
    }

    @Test
    void realIptablesSaveWithHeaderCountersAndPolicies() throws IOException {
        IptablesDump d = IptablesSaveParser.parse(read("iptables_TestGetChainLinesMultipleTables_iptables-save-v1.4.21_2015.txt"));
        assertEquals(List.of(), d.problems());
        IptablesChain pre = d.chain("nat", "PREROUTING");
        assertEquals("ACCEPT", pre.policy());
        assertEquals(new IptablesCounters(2, 138), pre.counters());
        assertTrue(pre.isBuiltIn());
        assertEquals(new IptablesCounters(17514, 83115836), d.chain("filter", "INPUT").counters());
        IptablesRule state = d.chain("nat", "KUBE-PORTALS-CONTAINER").rules().get(0);
        assertEquals(Set.of("NEW"), state.ctState().states());
        assertEquals("portal for default/kubernetes:", state.comment());
        IptablesRule recent = d.chain("nat", "KUBE-SVC-1111111111111111").rules().get(0);
        assertEquals(new IptablesConditions.Recent("KUBE-SVC-1111111111111111", "set", -1, false, true, false),
                recent.recent());
        IptablesRule out = d.chain("filter", "FORWARD").rules().get(2);
        assertEquals(new IptablesConditions.Interface("cbr0", false), out.inInterface());
        assertEquals(new IptablesConditions.Interface("cbr0", true), out.outInterface());
        assertFalse(out.outInterface().matches("cbr0"));
        assertTrue(out.outInterface().matches("eth0"));
        assertTrue(d.table("nat").committed());
    }

    @Test
    void canonicalOrderAndOldProbabilities() throws IOException {
        IptablesDump d = IptablesSaveParser.parse(read("real-iptables-save-excerpts/issue_k8s-47533_iptables-save_nat_session-affinity.txt"));
        IptablesRule r = d.chain("nat", "KUBE-SERVICES").rules().get(2);
        assertTrue(r.source().negated());
        assertEquals("10.244.0.0/16", r.source().prefix().toString());
        assertEquals("udp", r.protocol());
        assertTrue(r.destinationPorts().matches(53));
        IptablesRule affinity = d.chain("nat", "KUBE-SVC-NPX46M4PTMTKRN6Y").rules().get(0);
        assertEquals("rcheck", affinity.recent().action());
        assertEquals(10800, affinity.recent().seconds());

        IptablesDump p = IptablesSaveParser.parse(read("real-iptables-save-excerpts/issue_k8s-26292_iptables-save_nat_probabilities.txt"));
        List<Double> chances = p.chain("nat", "KUBE-SVC-O4A6SDCC2OYMU5YR").rules().stream()
                .map(x -> x.statistic() == null ? 1.0 : x.statistic().chance()).toList();
        assertEquals(List.of(0.20000000019, 0.25, 0.33332999982, 0.5, 1.0), chances);
    }

    @Test
    void counterPrefixesOnRules() throws IOException {
        IptablesDump d = IptablesSaveParser.parse(read("real-iptables-save-excerpts/issue_kubeadm-1461_iptables-save-c_nat_counters.txt"));
        assertEquals(1, d.problems().size(), "one note: no *table line, nat assumed");
        assertFalse(d.problems().get(0).skipped());
        IptablesRule first = d.chain("nat", "OUTPUT").rules().get(0);
        assertEquals(new IptablesCounters(10699, 643456), first.counters());
        assertEquals("-A OUTPUT -m comment --comment \"cali:tVnHkvAo15HuiPy0\" -j cali-OUTPUT", first.raw());
        IptablesRule dnat = d.chain("nat", "DOCKER").rules().get(1);
        assertEquals(new IptablesConditions.Interface("docker0", true), dnat.inInterface());
        assertEquals(0x4000, d.chain("nat", "KUBE-MARK-MASQ").rules().get(0).target().markAction().apply(0));
    }

    @Test
    void chainDeletionsAreRecordedAndApplied() throws IOException {
        IptablesDump d = IptablesSaveParser.parse(read("iptables_TestSyncProxyRulesRepeated_full-resync_with-chain-deletes.txt"));
        assertEquals(List.of(), d.problems());
        IptablesTable nat = d.table("nat");
        assertEquals(List.of("KUBE-SEP-AYCN5HPXMIRJNJXU", "KUBE-SVC-4SW47YFZTEDKD3PK"), nat.deletedChains());
        assertNull(nat.chain("KUBE-SVC-4SW47YFZTEDKD3PK"));
        assertNotNull(nat.chain("KUBE-SVC-X27LE4BHSL4DOUIK"));
    }

    @Test
    void malformedDnatIsKeptAndReported() throws IOException {
        IptablesDump d = IptablesSaveParser.parse(read("real-iptables-save-excerpts/issue_k8s-114537_iptables-save_malformed-DNAT.txt"));
        assertEquals(List.of(), d.skippedLines());
        IptablesRule dnat = d.chain("nat", "KUBE-SEP-DASZGVVO7T2FMT4N").rules().get(1);
        List<IptablesTarget.NatDestination> to = dnat.target().natDestinations();
        assertEquals(List.of(":0", ":0", "0.0.0.0:0"), to.stream().map(IptablesTarget.NatDestination::text).toList());
        assertNull(to.get(0).address());
        assertEquals(0, to.get(0).portLow());
        assertNotNull(dnat.target().option("--persistent"));
        IptablesProblem p = d.problems().stream().filter(x -> x.lineNumber() == 3).findFirst().orElseThrow();
        assertTrue(p.message().contains("':0' has no address"), p.message());
        assertTrue(p.message().contains("3 destinations"), p.message());
    }

    @Test
    void unterminatedQuoteSkipsOnlyThatLine() {
        IptablesDump d = IptablesSaveParser.parse("*nat\n:A - [0:0]\n-A A -m comment --comment \"open -j X\n"
                + "-A A -j RETURN\nCOMMIT\n");
        assertEquals(1, d.skippedLines().size());
        assertEquals(3, d.skippedLines().get(0).lineNumber());
        assertEquals("unterminated quote", d.skippedLines().get(0).message());
        assertEquals(1, d.ruleCount(), "the next rule is still read");
    }

    @Test
    void unknownCommandIsSkipped() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n-Q INPUT -j ACCEPT\n-A INPUT -j ACCEPT\nCOMMIT\n");
        assertEquals("unknown command -Q", d.skippedLines().get(0).message());
        assertEquals(1, d.ruleCount());
    }

    @Test
    void garbageLineIsSkipped() {
        IptablesDump d = IptablesSaveParser.parse("*filter\nhello world\nCOMMIT\n");
        assertEquals(2, d.skippedLines().get(0).lineNumber());
        assertEquals("not an iptables-save line", d.skippedLines().get(0).message());
    }

    @Test
    void badChainLinesAreSkipped() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n:INPUT ACCEPT [x:1]\n:\n:A B C D\nCOMMIT\n");
        assertEquals(List.of(2, 3, 4), d.skippedLines().stream().map(IptablesProblem::lineNumber).toList());
    }

    @Test
    void badCounterPrefixIsSkipped() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n[1:] -A INPUT -j ACCEPT\nCOMMIT\n");
        assertEquals(1, d.skippedLines().size());
        assertEquals(0, d.ruleCount());
    }

    @Test
    void appendWithoutChainOrTargetIsSkipped() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n-A\n-A INPUT -j\n-A INPUT -s\nCOMMIT\n");
        assertEquals(3, d.skippedLines().size());
        assertEquals("-A without a chain name", d.skippedLines().get(0).message());
        assertEquals("-j without a target", d.skippedLines().get(1).message());
        assertEquals("-s without a value", d.skippedLines().get(2).message());
    }

    @Test
    void commitOutsideATableIsSkipped() {
        IptablesDump d = IptablesSaveParser.parse("COMMIT\n");
        assertEquals("COMMIT outside a table", d.skippedLines().get(0).message());
    }

    @Test
    void badAddressIsKeptWithANote() {
        IptablesDump d = IptablesSaveParser.parse("*nat\n-A X -d <ipv4-public-prefix>.20/32 -j DNAT --to-destination 1.2.3.4\nCOMMIT\n");
        assertEquals(List.of(), d.skippedLines());
        IptablesRule r = d.chain("nat", "X").rules().get(0);
        assertNull(r.destination().prefix());
        assertTrue(d.problems().get(0).message().contains("not an IP address"));
    }

    @Test
    void tableWithoutCommitAndTableSwitchAreNoted() {
        IptablesDump d = IptablesSaveParser.parse("*nat\n-A A -j RETURN\n*filter\n-A B -j ACCEPT\n");
        assertEquals(2, d.tables().size());
        assertFalse(d.table("nat").committed());
        assertEquals(2, d.problems().size());
        assertEquals(List.of(), d.skippedLines());
    }

    @Test
    void insertPutsTheRuleFirstOrAtItsPosition() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n-A I -j A1\n-A I -j A2\n-I I -j FIRST\n-I I 2 -j SECOND\nCOMMIT\n");
        assertEquals(List.of("FIRST", "SECOND", "A1", "A2"),
                d.chain("filter", "I").rules().stream().map(IptablesRule::targetName).toList());
    }

    @Test
    void oldStyleNegationAfterTheOption() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n-A I -s ! 10.0.0.0/8 -p tcp --dport ! 80 -j DROP\nCOMMIT\n");
        IptablesRule r = d.chain("filter", "I").rules().get(0);
        assertTrue(r.source().negated());
        assertTrue(r.destinationPorts().negated(), "implicit tcp module from -p");
        assertFalse(r.destinationPorts().matches(80));
    }

    @Test
    void setCountersOptionAndGoto() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n-A I -p udp -m multiport --dports 53,8000:8010 -c 5 300 -g G\nCOMMIT\n");
        IptablesRule r = d.chain("filter", "I").rules().get(0);
        assertEquals(new IptablesCounters(5, 300), r.counters());
        assertTrue(r.target().isGoto());
        assertTrue(r.destinationPorts().matches(8005));
        assertFalse(r.destinationPorts().matches(8011));
    }

    @Test
    void quotedCommentWithEscapedQuote() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n-A I -m comment --comment \"say \\\"hi\\\" -j X\" -j ACCEPT\nCOMMIT\n");
        IptablesRule r = d.chain("filter", "I").rules().get(0);
        assertEquals("say \"hi\" -j X", r.comment());
        assertEquals("ACCEPT", r.targetName());
    }

    @Test
    void untypedMatchesAreListed() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n-A I -m set --match-set cali40s src -m physdev --physdev-is-bridged -j DROP\nCOMMIT\n");
        IptablesRule r = d.chain("filter", "I").rules().get(0);
        assertEquals(List.of("--match-set", "--physdev-is-bridged"),
                r.untypedMatches().stream().map(IptablesMatch::option).toList());
        assertEquals(List.of("cali40s", "src"), r.untypedMatches().get(0).values());
    }

    @Test
    void randomLinesNeverThrow() {
        Random rnd = new Random(42);
        String alphabet = "-A !\"'[]:*#COMMIT-m-j-s-d/.0123456789abcxyz \t--dport--comment";
        for (int i = 0; i < 20000; i++) {
            StringBuilder sb = new StringBuilder("*nat\n");
            int len = rnd.nextInt(60);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            sb.append('\n');
            IptablesDump d = IptablesSaveParser.parse(sb.toString());
            assertNotNull(d);
        }
    }

    @Test
    void everyPrefixOfARealDumpParses() throws IOException {
        String text = read("iptables_TestTracePacket_rules.txt");
        List<Integer> counts = new ArrayList<>();
        for (int cut = 0; cut <= text.length(); cut += 7) {
            counts.add(IptablesSaveParser.parse(text.substring(0, cut)).ruleCount());
        }
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i) >= counts.get(i - 1) - 1, "a cut loses at most the cut line");
        }
    }
}
