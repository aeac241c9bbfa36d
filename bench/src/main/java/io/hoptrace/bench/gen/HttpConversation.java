package io.hoptrace.bench.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 connection: handshake, one to a few request/response exchanges (responses in full-sized segments,
 * the client acknowledging every second one, as delayed ACK does), then FIN from either side. Bodies are plain
 * text so that dissectors which reassemble HTTP find what the headers announce.
 */
public final class HttpConversation implements Conversation {
    private static final String[] RESOURCES = {"orders", "carts", "users", "items", "payments", "sessions"};
    private static final String[] HOSTS = {"orders.shop.svc.cluster.local:8080", "cart:8080",
            "users.accounts.svc:8080", "catalog.shop.svc.cluster.local:8080"};

    private enum State { SYN, SYN_ACK, ACK, REQUEST, RESPONSE, CLIENT_ACK, FIN, FIN_ACK, LAST_ACK, DONE }

    private final TcpConnection tcp;
    private final boolean probe;
    private final int meanBody;
    private State state = State.SYN;
    private int requestsLeft;
    private byte[] responseHeader;
    private int responseLength;
    private int responseSent;
    private int unacked;
    private boolean clientCloses;

    /** {@code probe}: a kubelet health check (one short request, connection closed); else an app client. */
    public HttpConversation(Wire w, FlowPath path, int serverPort, boolean probe, int meanBody) {
        this.tcp = new TcpConnection(w, path, w.between(32768, 60999), serverPort);
        this.probe = probe;
        this.meanBody = meanBody;
        this.requestsLeft = probe ? 1 : w.between(1, 4);
        this.clientCloses = w.percent(70);
    }

    @Override
    public boolean step(Wire w) throws IOException {
        switch (state) {
            case SYN -> {
                tcp.syn(w);
                state = State.SYN_ACK;
            }
            case SYN_ACK -> {
                tcp.synAck(w);
                state = State.ACK;
            }
            case ACK -> {
                tcp.ack(w, true);
                state = State.REQUEST;
            }
            case REQUEST -> {
                request(w);
                state = State.RESPONSE;
            }
            case RESPONSE -> {
                response(w);
                if (responseSent == responseLength) {
                    requestsLeft--;
                    state = State.CLIENT_ACK;
                } else if (unacked == 2) {
                    state = State.CLIENT_ACK;
                }
            }
            case CLIENT_ACK -> {
                tcp.ack(w, true);
                unacked = 0;
                state = responseSent < responseLength ? State.RESPONSE
                        : requestsLeft > 0 ? State.REQUEST : State.FIN;
            }
            case FIN -> {
                tcp.fin(w, clientCloses);
                state = State.FIN_ACK;
            }
            case FIN_ACK -> {
                tcp.fin(w, !clientCloses);
                state = State.LAST_ACK;
            }
            case LAST_ACK -> {
                tcp.ack(w, clientCloses);
                state = State.DONE;
            }
            default -> {
            }
        }
        return state != State.DONE;
    }

    private void request(Wire w) throws IOException {
        String text;
        if (probe) {
            text = "GET /healthz HTTP/1.1\r\nHost: " + ipText(tcp.path().serverIp()) + ":8080\r\n"
                    + "User-Agent: kube-probe/1.29\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        } else {
            text = "GET /api/v1/" + RESOURCES[w.rnd.nextInt(RESOURCES.length)] + "/" + w.between(1, 99999)
                    + " HTTP/1.1\r\nHost: " + HOSTS[w.rnd.nextInt(HOSTS.length)] + "\r\n"
                    + "User-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n";
        }
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        tcp.open(w, true, TcpConnection.PSH).bytes(b);
        tcp.sent(w, true, b.length);

        int body = probe ? 2 : bodyLength(w);
        responseHeader = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body
                + "\r\nDate: Sat, 21 Nov 2026 10:00:00 GMT\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        responseLength = responseHeader.length + body;
        responseSent = 0;
        unacked = 0;
    }

    /** Mostly small bodies, now and then a large one (a list call, a download). */
    private int bodyLength(Wire w) {
        int r = w.rnd.nextInt(100);
        if (r < 60) {
            return w.between(20, meanBody / 2);
        }
        if (r < 92) {
            return w.between(meanBody / 2, meanBody * 2);
        }
        return w.between(meanBody * 2, meanBody * 12);
    }

    private void response(Wire w) throws IOException {
        int n = Math.min(tcp.path().segmentPayload(), responseLength - responseSent);
        boolean last = responseSent + n == responseLength;
        FrameBuilder f = tcp.open(w, false, last ? TcpConnection.PSH : 0);
        int headerPart = Math.max(0, Math.min(n, responseHeader.length - responseSent));
        if (headerPart > 0) {
            f.bytes(responseHeader, responseSent, headerPart);
        }
        int bodyOffset = responseSent + headerPart - responseHeader.length;
        f.filler(n - headerPart, bodyOffset);
        tcp.sent(w, false, n);
        responseSent += n;
        unacked++;
    }

    static String ipText(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }
}
