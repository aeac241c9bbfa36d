package io.hoptrace.decoders.state.json;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReaderTest {

    private static JsonSyntaxException fails(String json) {
        return assertThrows(JsonSyntaxException.class, () -> JsonReader.parse(json));
    }

    private static void failsAt(String json, int line, int column, String reasonPart) {
        JsonSyntaxException e = fails(json);
        assertEquals(line + ":" + column, e.line() + ":" + e.column(), "position of: " + e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
        assertTrue(e.getMessage().startsWith(line + ":" + column + ": "), e.getMessage());
    }

    @Test
    void readsAnIpLinkStyleDocument() throws Exception {
        Object root = JsonReader.parse("[{\"ifindex\":3,\"ifname\":\"vx42\",\"flags\":[\"UP\",\"LOWER_UP\"],"
                + "\"mtu\":1450,\"linkinfo\":{\"info_kind\":\"vxlan\",\"info_data\":{\"id\":42,\"learning\":false,"
                + "\"hello_timer\":0.0,\"ttl\":null}}}]");
        List<?> links = assertInstanceOf(List.class, root);
        Map<?, ?> link = assertInstanceOf(Map.class, links.get(0));
        assertEquals(3L, link.get("ifindex"));
        assertEquals("vx42", link.get("ifname"));
        assertEquals(List.of("UP", "LOWER_UP"), link.get("flags"));
        Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) link.get("linkinfo")).get("info_data");
        assertEquals(42L, data.get("id"));
        assertEquals(Boolean.FALSE, data.get("learning"));
        assertEquals(0.0, data.get("hello_timer"));
        assertTrue(data.containsKey("ttl"));
        assertNull(data.get("ttl"));
        // document order is kept
        assertEquals(List.of("ifindex", "ifname", "flags", "mtu", "linkinfo"), List.copyOf(link.keySet()));
    }

    @Test
    void scalarsAndEmptyContainersAreDocuments() throws Exception {
        assertEquals("x", JsonReader.parse(" \"x\" "));
        assertEquals(Boolean.TRUE, JsonReader.parse("true"));
        assertNull(JsonReader.parse("null"));
        assertEquals(List.of(), JsonReader.parse("[ ]"));
        assertEquals(Map.of(), JsonReader.parse("{\n}"));
        assertEquals(List.of(List.of(List.of())), JsonReader.parse("[[[]]]"));
    }

    @Test
    void resultsAreUnmodifiable() throws Exception {
        List<?> list = (List<?>) JsonReader.parse("[1,{\"a\":2}]");
        assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) list.get(1);
        assertThrows(UnsupportedOperationException.class, () -> map.put("b", 3L));
    }

    @Test
    void numbersAreLongDoubleOrBigInteger() throws Exception {
        List<?> n = (List<?>) JsonReader.parse("[0, -0, 42, -17, 9223372036854775807, -9223372036854775808,"
                + " 9223372036854775808, 18446744073709551615, 1.5, -0.25, 1e3, 2E-2, 1.0e+2, 0.0]");
        assertEquals(0L, n.get(0));
        assertEquals(0L, n.get(1));
        assertEquals(42L, n.get(2));
        assertEquals(-17L, n.get(3));
        assertEquals(Long.MAX_VALUE, n.get(4));
        assertEquals(Long.MIN_VALUE, n.get(5));
        assertEquals(new BigInteger("9223372036854775808"), n.get(6));
        assertEquals(new BigInteger("18446744073709551615"), n.get(7)); // ip prints 64-bit counters like this
        assertEquals(1.5, n.get(8));
        assertEquals(-0.25, n.get(9));
        assertEquals(1000.0, n.get(10));
        assertEquals(0.02, n.get(11));
        assertEquals(100.0, n.get(12));
        assertInstanceOf(Double.class, n.get(13));
    }

    @Test
    void stringEscapes() throws Exception {
        assertEquals("a\"b\\c/d\be\ff\ng\rh\ti", JsonReader.parse("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\""));
        assertEquals("\u00e9\u20ac", JsonReader.parse("\"\\u00e9\\u20AC\""));
        assertEquals("\uD83D\uDE00", JsonReader.parse("\"\\ud83d\\ude00\""));
        assertEquals("caf\u00e9 unchanged", JsonReader.parse("\"caf\u00e9 unchanged\""));
    }

    @Test
    void repeatedKeyKeepsTheLastValue() throws Exception {
        assertEquals(Map.of("a", 2L), JsonReader.parse("{\"a\":1,\"a\":2}"));
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
        assertEquals(List.of(1L), JsonReader.parse("\uFEFF[1]"));
    }

    @Test
    void positionsOfContainers() throws Exception {
        JsonDocument doc = JsonReader.read("[\n  {\"a\": [1,\n    2]},\n  {}\n]");
        List<?> root = (List<?>) doc.root();
        assertEquals(new JsonPosition(1, 1), doc.positionOf(root));
        assertEquals(new JsonPosition(2, 3), doc.positionOf(root.get(0)));
        assertEquals(new JsonPosition(2, 9), doc.positionOf(((Map<?, ?>) root.get(0)).get("a")));
        assertEquals(new JsonPosition(4, 3), doc.positionOf(root.get(1)));
        assertNull(doc.positionOf("a"));
    }

    @Test
    void emptyInput() {
        failsAt("", 1, 1, "empty");
        failsAt("  \n ", 2, 2, "empty");
    }

    @Test
    void unterminatedStringPointsAtItsStart() {
        failsAt("{\"ifname\": \"eth0", 1, 12, "unterminated string");
        failsAt("[\n  \"abc\n\"]", 2, 3, "unterminated string");
        failsAt("\"abc\\", 1, 1, "unterminated string");
    }

    @Test
    void badEscapes() {
        failsAt("[\"a\\x\"]", 1, 4, "bad escape '\\x'");
        failsAt("\"\\u12G4\"", 1, 2, "4 hex digits");
        failsAt("\"\\u12", 1, 2, "4 hex digits");
    }

    @Test
    void controlCharacterInString() {
        failsAt("\"a\tb\"", 1, 3, "control character U+0009");
    }

    @Test
    void trailingCommas() {
        failsAt("[1,2,]", 1, 6, "trailing comma before ']'");
        failsAt("{\"a\":1,\n }", 2, 2, "trailing comma before '}'");
    }

    @Test
    void missingSeparators() {
        failsAt("[1 2]", 1, 4, "expected ',' or ']'");
        failsAt("{\"a\" 1}", 1, 6, "expected ':'");
        failsAt("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}'");
        failsAt("{a:1}", 1, 2, "member name in double quotes");
        failsAt("{'a':1}", 1, 2, "member name in double quotes");
    }

    @Test
    void unterminatedContainers() {
        failsAt("[1,2", 1, 5, "unterminated array");
        failsAt("[", 1, 2, "unterminated array");
        failsAt("{\"a\":1", 1, 7, "unterminated object");
        failsAt("{\"a\":", 1, 6, "unexpected end of input");
        failsAt("{", 1, 2, "unterminated object");
    }

    @Test
    void badNumbers() {
        failsAt("[01]", 1, 2, "leading zero");
        failsAt("[-]", 1, 3, "expected a digit");
        failsAt("[1.]", 1, 4, "after '.'");
        failsAt("[.5]", 1, 2, "unexpected '.'");
        failsAt("[1e]", 1, 4, "exponent");
        failsAt("[+1]", 1, 2, "unexpected '+'");
        failsAt("[1e999]", 1, 2, "out of range");
        failsAt("[NaN]", 1, 2, "unexpected 'N'");
    }

    @Test
    void badLiterals() {
        failsAt("[tru]", 1, 2, "expected 'true'");
        failsAt("[nul", 1, 2, "expected 'null'");
        failsAt("[True]", 1, 2, "unexpected 'T'");
    }

    @Test
    void trailingData() {
        failsAt("[1]\n[2]", 2, 1, "after the end of the JSON value");
        failsAt("{} x", 1, 4, "after the end");
    }

    @Test
    void commentsAreNotJson() {
        failsAt("[1] // x", 1, 5, "after the end");
        failsAt("/* x */ [1]", 1, 1, "unexpected '/'");
    }

    @Test
    void nestingLimit() throws Exception {
        int ok = JsonReader.MAX_DEPTH;
        Object v = JsonReader.parse("[".repeat(ok) + "]".repeat(ok));
        for (int i = 1; i < ok; i++) {
            v = ((List<?>) v).get(0);
        }
        assertEquals(List.of(), v);
        String deep = "[".repeat(ok) + "{\"a\":" + "1}" + "]".repeat(ok);
        failsAt(deep, 1, ok + 1, "nesting deeper than " + ok);
        // far deeper than the stack could take if the limit were missing
        failsAt("[".repeat(100_000), 1, ok + 1, "nesting deeper");
    }

    @Test
    void columnsCountFromTheLastLineBreak() {
        failsAt("{\r\n  \"a\": [\n    1,\n    x\n  ]\n}", 4, 5, "unexpected 'x'");
    }

    @Test
    void everyPrefixOfAValidDocumentFailsCleanly() throws Exception {
        String doc = "[{\"a\":[1,-2.5e3,\"x\\u0041\\n\"],\"b\":{\"c\":null,\"d\":true,\"e\":false}}]";
        JsonReader.parse(doc);
        for (int cut = 0; cut < doc.length(); cut++) {
            JsonSyntaxException e = fails(doc.substring(0, cut));
            assertTrue(e.line() == 1 && e.column() >= 1 && e.column() <= cut + 1, cut + ": " + e.getMessage());
        }
    }

    @Test
    void randomBytesNeverEscapeAsOtherExceptions() {
        java.util.Random random = new java.util.Random(4);
        char[] alphabet = "[]{}\",:0123456789-+.eEtrufalsn \n\\u".toCharArray();
        for (int i = 0; i < 20_000; i++) {
            char[] c = new char[1 + random.nextInt(24)];
            for (int j = 0; j < c.length; j++) {
                c[j] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(c);
            try {
                JsonReader.parse(s);
            } catch (JsonSyntaxException expected) {
                assertTrue(expected.line() >= 1 && expected.column() >= 1, Arrays.toString(c));
            }
        }
    }
}
