package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IpvsProtocol;
import io.hoptrace.decoders.state.IpvsRealServer;
import io.hoptrace.decoders.state.IpvsService;
import io.hoptrace.decoders.state.IpvsTable;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** The IPVS virtual service a packet hits (kube-proxy in IPVS mode), and each real server's share of new connections. */
public final class IpvsLookup {
    private IpvsLookup() {
    }

    public static Optional<IpvsService> find(IpvsTable table, Packet p) {
        InetAddress dst = InetLiteral.parse(p.destinationIp());
        IpvsProtocol proto = switch (p.protocol()) {
            case "udp" -> IpvsProtocol.UDP;
            case "sctp" -> IpvsProtocol.SCTP;
            default -> IpvsProtocol.TCP;
        };
        return table.service(proto, dst, p.destinationPort());
    }

    /**
     * The share of new connections a real server gets by weight: exact for rr (equal weights) and wrr, a long-run
     * tendency for the connection-counting schedulers (lc, wlc, sed, nq), which also look at current load; 0 for a
     * drained server (weight 0, kube-proxy's terminating endpoint). -1 when the listing shows no weights.
     */
    public static double share(IpvsService s, IpvsRealServer r) {
        List<IpvsRealServer> all = s.realServers();
        if (all.stream().anyMatch(x -> x.weight() == IpvsRealServer.ABSENT)) {
            return -1;
        }
        long total = all.stream().mapToLong(IpvsRealServer::weight).sum();
        if (total == 0) {
            return 0;
        }
        if ("rr".equals(s.scheduler())) {
            long active = all.stream().filter(x -> x.weight() > 0).count();
            return r.weight() > 0 ? 1.0 / active : 0;
        }
        return (double) r.weight() / total;
    }
}
