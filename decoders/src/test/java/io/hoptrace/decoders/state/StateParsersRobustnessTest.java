package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No content makes a parser throw: every shared file cut at every character, lines with random bytes, random
 * text. Problems always point at a line that exists.
 */
class StateParsersRobustnessTest {
    private static final String NOISE = " =:[]{}\",.-0123456789abcdefx/\n\t";

    private record Parser(String name, Function<String, List<LineProblem>> parse) {
    }

    private static final List<Parser> PARSERS = List.of(
            new Parser("ipvs", t -> IpvsParser.parse(t).problems()),
            new Parser("ipvs stats", t -> IpvsProcStatsParser.parse(t).problems()),
            new Parser("conntrack", t -> ConntrackParser.parse(t).problems()),
            new Parser("conntrack stats", t -> ConntrackStatsParser.parse(t).problems()),
            new Parser("sysctl", t -> SysctlParser.parse(t).problems()),
            new Parser("ip link", t -> IpJsonLinkParser.parse(t).problems()),
            new Parser("ip addr", t -> IpJsonAddrParser.parse(t).problems()),
            new Parser("ip route", t -> IpJsonRouteParser.parse(t).problems()));

    private static List<String> samples() {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("ipvs", "conntrack")) {
            for (String name : StateFiles.names(dir)) {
                out.add(StateFiles.read(dir + "/" + name));
            }
        }
        out.add("net.ipv4.ip_forward = 1\n/proc/sys/net/core/somaxconn:4096\nkernel.x = a\tb\n");
        out.add("[{\"ifindex\":3,\"ifname\":\"vx\",\"mtu\":1450,\"linkinfo\":{\"info_kind\":\"vxlan\",\"info_data\":"
                + "{\"id\":1,\"local\":\"10.0.0.1\",\"port\":8472}}},{\"ifindex\":4,\"ifname\":\"v\",\"addr_info\":"
                + "[{\"family\":\"inet\",\"local\":\"10.0.0.2\",\"prefixlen\":24}],\"dst\":\"10.0.0.0/24\","
                + "\"gateway\":\"10.0.0.1\",\"metrics\":[{\"mtu\":1400}],\"nexthops\":[{\"gateway\":\"10.0.0.9\"}]}]");
        return out;
    }

    private static void check(Parser p, String text) {
        List<LineProblem> problems;
        try {
            problems = p.parse().apply(text);
        } catch (RuntimeException e) {
            throw new AssertionError(p.name() + " threw on: " + text, e);
        }
        long lines = Math.max(1, text.lines().count());
        for (LineProblem problem : problems) {
            assertTrue(problem.line() >= 1 && problem.line() <= lines, p.name() + ": " + problem + " in " + text);
            assertTrue(!problem.reason().isBlank(), p.name() + ": " + problem);
        }
    }

    @Test
    void everyCutOfEverySample() {
        int runs = 0;
        for (String sample : samples()) {
            for (int cut = 0; cut <= sample.length(); cut++) {
                for (Parser p : PARSERS) {
                    check(p, sample.substring(0, cut));
                    runs++;
                }
            }
        }
        assertTrue(runs > 50_000, "runs: " + runs);
    }

    @Test
    void randomByteMutations() {
        Random random = new Random(21);
        List<String> samples = samples();
        for (int i = 0; i < 20_000; i++) {
            char[] c = samples.get(random.nextInt(samples.size())).toCharArray();
            if (c.length == 0) {
                continue;
            }
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                c[random.nextInt(c.length)] = (char) (random.nextBoolean() ? random.nextInt(128)
                        : NOISE.charAt(random.nextInt(NOISE.length())));
            }
            String text = new String(c);
            for (Parser p : PARSERS) {
                check(p, text);
            }
        }
    }

    @Test
    void lineNumbersCountCrLfAndTrailingNewlinesLikeLf() {
        String lf = "TCP  10.0.0.1:80 rr\n  -> 10.1.0.1:80 Masq x 0 0\n";
        String crlf = lf.replace("\n", "\r\n");
        assertEquals(IpvsParser.parse(lf).problems().get(0).line(), IpvsParser.parse(crlf).problems().get(0).line());
        assertEquals("  -> 10.1.0.1:80 Masq x 0 0", IpvsParser.parse(crlf).problems().get(0).text());
        assertEquals(2, IpvsParser.parse(lf.strip()).problems().get(0).line());
    }
}
