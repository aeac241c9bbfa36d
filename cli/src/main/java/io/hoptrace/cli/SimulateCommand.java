package io.hoptrace.cli;

import io.hoptrace.decoders.state.ConntrackParser;
import io.hoptrace.decoders.state.ConntrackTable;
import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IpJsonAddrParser;
import io.hoptrace.decoders.state.IpJsonAddress;
import io.hoptrace.decoders.state.IpPrefix;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.decoders.state.IpvsParser;
import io.hoptrace.decoders.state.IpvsTable;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.cluster.KubernetesJson;
import io.hoptrace.rules.kubeproxy.NodeSimulator;
import io.hoptrace.rules.kubeproxy.Origin;
import io.hoptrace.rules.kubeproxy.Packet;
import io.hoptrace.rules.kubeproxy.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code hoptrace simulate}: a packet tracer for one node's kube-proxy rules, in Kubernetes terms. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Shows what a node's iptables rules do with a packet: the chains and rules it traverses, named "
                + "as Services and endpoints, the DNAT targets with their probabilities and Pods, whether it will be "
                + "SNATed, and how many rules it cost.",
            "Reads BUNDLE/nodes/NODE/iptables-save.txt, BUNDLE/k8s.json and, when present, the node's conntrack.txt, "
                + "ipvsadm.txt and ip-addr.json; --iptables, --k8s, --conntrack and --ipvs work without a bundle."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the packet was traced", "2:bad arguments, unknown node, missing or unreadable files",
                "3:hoptrace failed (a bug, or output could not be written)"})
public final class SimulateCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "BUNDLE", description = "bundle directory")
    Path bundle;

    @Option(names = "--node", paramLabel = "NODE", description = "the node whose rules to use")
    String node;

    @Option(names = "--from", required = true, paramLabel = "IP[:PORT]", description = "source address")
    String from;

    @Option(names = "--to", required = true, paramLabel = "IP:PORT[/tcp|udp|sctp]", description = "destination")
    String to;

    @Option(names = "--iptables", paramLabel = "FILE", description = "iptables-save output (instead of the bundle's)")
    Path iptables;

    @Option(names = "--k8s", paramLabel = "FILE", description = "kubectl get ... -o json (instead of the bundle's)")
    Path k8s;

    @Option(names = "--conntrack", paramLabel = "FILE", description = "conntrack -L output (instead of the bundle's)")
    Path conntrack;

    @Option(names = "--ipvs", paramLabel = "FILE", description = "ipvsadm -Ln or ipvsadm-save -n (instead of the bundle's)")
    Path ipvs;

    @Option(names = "--local-address", paramLabel = "IP", description = "an address of the node (repeatable); "
            + "k8s.json already gives the node's InternalIP/ExternalIP")
    List<String> localAddresses = new ArrayList<>();

    @Option(names = "--in-interface", paramLabel = "IFACE", description = "the packet arrives on this interface")
    String inInterface;

    @Option(names = "--local", description = "the packet is sent by a process on the node (default: when --from is "
            + "one of the node's addresses)")
    boolean local;

    @Option(names = "--format", paramLabel = "text|json", description = "output format (default: ${DEFAULT-VALUE})",
            defaultValue = "text")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!format.equals("text") && !format.equals("json")) {
                throw new BadInput("--format takes text or json, not '" + format + "'");
            }
            Packet packet = packet(from, to);
            Path iptablesFile = iptables;
            Path k8sFile = k8s;
            Path conntrackFile = conntrack;
            Path ipvsFile = ipvs;
            Path ipAddrFile = null;
            String nodeName = node;
            if (bundle != null) {
                if (!Files.isDirectory(bundle)) {
                    throw new BadInput("bundle " + bundle + " is not a directory");
                }
                List<String> nodes = bundleNodes(bundle);
                if (nodeName == null && nodes.size() == 1) {
                    nodeName = nodes.get(0);
                }
                if (nodeName == null) {
                    throw new BadInput("--node is required: the bundle has nodes " + String.join(", ", nodes));
                }
                if (!nodes.contains(nodeName)) {
                    throw new BadInput("unknown node " + nodeName + ": the bundle has "
                            + (nodes.isEmpty() ? "no nodes" : "nodes " + String.join(", ", nodes)));
                }
                if (iptablesFile == null) {
                    iptablesFile = bundle.resolve("nodes").resolve(nodeName).resolve("iptables-save.txt");
                }
                if (k8sFile == null && Files.exists(bundle.resolve("k8s.json"))) {
                    k8sFile = bundle.resolve("k8s.json");
                }
                Path nodeDir = bundle.resolve("nodes").resolve(nodeName);
                conntrackFile = conntrackFile != null ? conntrackFile : existing(nodeDir.resolve("conntrack.txt"));
                ipvsFile = ipvsFile != null ? ipvsFile : existing(nodeDir.resolve("ipvsadm.txt"));
                ipAddrFile = existing(nodeDir.resolve("ip-addr.json"));
            }
            if (iptablesFile == null) {
                throw new BadInput("give a BUNDLE or --iptables FILE");
            }
            IptablesDump dump = IptablesSaveParser.parse(read(iptablesFile));
            if (dump.ruleCount() == 0) {
                throw new BadInput(iptablesFile + " holds no iptables rules");
            }
            ClusterIndex index = ClusterIndex.empty();
            if (k8sFile != null) {
                try (InputStream in = Files.newInputStream(k8sFile)) {
                    index = ClusterIndex.of(KubernetesJson.read(in));
                } catch (IOException e) {
                    throw new BadInput(IoText.of(k8sFile, e));
                } catch (IllegalArgumentException e) {
                    throw new BadInput(k8sFile + ": " + e.getMessage());
                }
                if (nodeName != null && !index.hasNode(nodeName)) {
                    if (bundle == null) {
                        throw new BadInput("unknown node " + nodeName + ": " + k8sFile + " has nodes "
                                + String.join(", ", index.nodeNames()));
                    }
                }
            } else if (nodeName != null && bundle == null) {
                throw new BadInput("--node needs a BUNDLE or --k8s to know the node's addresses");
            }
            for (String a : localAddresses) {
                if (IpPrefix.canonical(a) == null) {
                    throw new BadInput("--local-address '" + a + "' is not an IP address");
                }
            }
            java.util.Set<String> extraLocal = new java.util.LinkedHashSet<>(localAddresses);
            if (ipAddrFile != null) {
                for (IpJsonAddress a : IpJsonAddrParser.parse(read(ipAddrFile)).addresses()) {
                    extraLocal.add(InetLiteral.format(a.local()));
                }
            }
            ConntrackTable ct = conntrackFile == null ? null : ConntrackParser.parse(read(conntrackFile));
            IpvsTable vs = ipvsFile == null ? null : IpvsParser.parse(read(ipvsFile));
            Origin origin = local ? Origin.localProcess() : inInterface != null ? Origin.arriving(inInterface) : null;
            Simulation sim = new NodeSimulator(index, dump, ct, vs).simulate(packet, nodeName, extraLocal, origin);
            if (format.equals("json")) {
                SimulationJson.write(sim, dump, out);
            } else {
                SimulationText.write(sim, dump, k8sFile != null, out);
            }
            out.flush();
            return OK;
        } catch (BadInput e) {
            err.println("hoptrace simulate: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("hoptrace simulate: " + IoText.reason(null, e));
            err.flush();
            return BAD_INPUT;
        }
    }

    private static String read(Path p) throws BadInput {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInput(IoText.of(p, e));
        }
    }

    private static Path existing(Path p) {
        return Files.exists(p) ? p : null;
    }

    private static List<String> bundleNodes(Path bundle) throws IOException {
        Path nodes = bundle.resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(nodes)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** {@code --from IP[:PORT]} and {@code --to IP:PORT[/proto]}; IPv6 as {@code [addr]:port} or bare. */
    static Packet packet(String from, String to) throws BadInput {
        String proto = "tcp";
        String dest = to;
        int slash = to.lastIndexOf('/');
        if (slash >= 0) {
            proto = to.substring(slash + 1).toLowerCase(Locale.ROOT);
            dest = to.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw new BadInput("--to protocol must be tcp, udp or sctp, not '" + proto + "'");
            }
        }
        String[] d = hostPort(dest, "--to");
        if (d[1] == null) {
            throw new BadInput("--to needs a port: IP:PORT");
        }
        String[] s = hostPort(from, "--from");
        try {
            return new Packet(s[0], s[1] == null ? -1 : port(s[1], "--from"), d[0], port(d[1], "--to"), proto);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    private static String[] hostPort(String text, String option) throws BadInput {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new BadInput(option + " '" + text + "': missing ]");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new BadInput(option + " '" + text + "' is not [IP]:PORT");
                }
                port = text.substring(close + 2);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (IpPrefix.canonical(host) == null) {
            throw new BadInput(option + " '" + text + "': '" + host + "' is not an IP address");
        }
        return new String[] {host, port};
    }

    private static int port(String p, String option) throws BadInput {
        try {
            int v = Integer.parseInt(p);
            if (v >= 0 && v <= 65535) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInput(option + " port '" + p + "' is not 0-65535");
    }

    /** An input the user can fix: one line on stderr, exit 2. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }
}
