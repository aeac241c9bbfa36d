package io.hoptrace.ui.model.filter;

import io.hoptrace.decoders.Protocol;
import io.hoptrace.ui.model.Addresses;
import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.filter.Token.Kind;
import java.util.List;
import java.util.Locale;

/**
 * The packet list's filter language: Wireshark's display-filter shape over the fields a Kubernetes packet hunt needs,
 * with tcpdump's "field value" shorthand.
 * <pre>
 *   icmp                          a protocol anywhere in the packet (eth, arp, ip, ipv6, tcp, udp, icmp, vxlan, bgp, ...)
 *   10.244.0.11   10.244.0.0/16   an address (outer or inner, source or destination), a CIDR
 *   ip.src == 10.244.0.11         ip.addr, ip.src, ip.dst (also host, src, dst)
 *   port 80   tcp.port == 8080    port, tcp.port, udp.port, srcport, dstport; == != &lt; &gt; &lt;= &gt;=
 *   node == node-a                node; iface == cni0 (either direction) or iface == "cni0 out"
 *   pod == web   svc == web        pods or Services whose namespace/name contains the text
 *   rule == mtu   finding          rows a finding of that rule (or rule family) names; any finding
 *   severity >= warning           worst finding or decoder anomaly: note, warning, error
 *   anomaly   frag   encap        any decoder anomaly, IP fragments, tunnelled packets
 *   vni == 1   len > 1000         VXLAN network identifier, length on the wire
 *   a and b, a &amp;&amp; b, a or b, a || b, not a, !a, ( ... )
 * </pre>
 */
public final class DisplayFilter {
    private final String text;
    private final Node root;

    private DisplayFilter(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /** Parses {@code text}; an empty text is no filter (null). */
    public static DisplayFilter compile(String text) throws FilterException {
        if (text == null || text.isBlank()) {
            return null;
        }
        Parser p = new Parser(Token.lex(text));
        Node n = p.or();
        if (p.peek().kind() != Kind.END) {
            Token t = p.peek();
            throw new FilterException("expected 'and', 'or' or the end, found '" + t.text() + "'", t.position());
        }
        return new DisplayFilter(text, n);
    }

    public String text() {
        return text;
    }

    /** A predicate over the rows of {@code c.index()}, for one thread. */
    public RowPredicate bind(FilterContext c) {
        return root.bind(c);
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- parser ------------------------------------------------------------------------------------------------

    private static final class Parser {
        private final List<Token> tokens;
        private int at;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(at);
        }

        Token take() {
            return tokens.get(at++);
        }

        Node or() throws FilterException {
            Node left = and();
            while (peek().kind() == Kind.OR) {
                take();
                Node right = and();
                Node l = left;
                left = c -> {
                    RowPredicate a = l.bind(c);
                    RowPredicate b = right.bind(c);
                    return row -> a.test(row) || b.test(row);
                };
            }
            return left;
        }

        Node and() throws FilterException {
            Node left = not();
            while (peek().kind() == Kind.AND) {
                take();
                Node right = not();
                Node l = left;
                left = c -> {
                    RowPredicate a = l.bind(c);
                    RowPredicate b = right.bind(c);
                    return row -> a.test(row) && b.test(row);
                };
            }
            return left;
        }

        Node not() throws FilterException {
            if (peek().kind() == Kind.NOT) {
                take();
                Node inner = not();
                return c -> {
                    RowPredicate a = inner.bind(c);
                    return row -> !a.test(row);
                };
            }
            return primary();
        }

        Node primary() throws FilterException {
            Token t = take();
            switch (t.kind()) {
                case OPEN -> {
                    Node inner = or();
                    Token close = take();
                    if (close.kind() != Kind.CLOSE) {
                        throw new FilterException("expected ')'", close.position());
                    }
                    return inner;
                }
                case WORD -> {
                    return test(t);
                }
                case END -> throw new FilterException("the filter ends where a test was expected", t.position());
                default -> throw new FilterException("expected a protocol, a field or an address, found '"
                        + t.text() + "'", t.position());
            }
        }

        /** {@code field op value}, {@code field value} or a lone word (protocol, address, flag). */
        Node test(Token word) throws FilterException {
            String name = word.text().toLowerCase(Locale.ROOT);
            Field field = Field.of(name);
            String op;
            Token value;
            if (peek().kind() == Kind.OP) {
                op = take().text();
                value = take();
                if (value.kind() != Kind.WORD) {
                    throw new FilterException("expected a value after '" + op + "'", value.position());
                }
            } else if (field != null && field.takesValue() && peek().kind() == Kind.WORD) {
                op = "==";
                value = take();
            } else {
                return lone(word, name);
            }
            if (field == null) {
                throw new FilterException("unknown field '" + word.text() + "'", word.position());
            }
            return field.compare(op, value);
        }

        Node lone(Token word, String name) throws FilterException {
            Protocol p = Field.protocol(name);
            if (p != null) {
                int bit = 1 << p.ordinal();
                return c -> row -> (c.index().protocols(row) & bit) != 0;
            }
            Field f = Field.of(name);
            if (f != null && !f.takesValue()) {
                return f.flag();
            }
            AddressMatcher m = AddressMatcher.literal(word.text());
            if (m != null) {
                return Field.addressTest(Field.ADDR, m, false);
            }
            if (f != null) {
                throw new FilterException("'" + word.text() + "' needs a value, as in " + f.example(),
                        word.position() + word.text().length());
            }
            throw new FilterException("unknown protocol or field '" + word.text() + "'", word.position());
        }
    }

    /** A parsed test, bound to an index when the filter runs. */
    @FunctionalInterface
    interface Node {
        RowPredicate bind(FilterContext c);
    }

    static Severity severity(Token t) throws FilterException {
        try {
            return Severity.valueOf(t.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FilterException("severity is one of note, warning, error; not '" + t.text() + "'",
                    t.position());
        }
    }

    static boolean isAddressish(String s) {
        return Addresses.parse(s.contains("/") ? s.substring(0, s.indexOf('/')) : s) != null;
    }
}
