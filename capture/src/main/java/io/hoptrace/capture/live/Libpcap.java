package io.hoptrace.capture.live;

import io.hoptrace.capture.live.CaptureException.Kind;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * Opening libpcap handles through pcap4j, and turning libpcap's failures into one line that says what to do.
 * pcap4j reports pcap_activate's status code, which tells a missing device from a missing privilege.
 */
final class Libpcap {
    static final int DLT_LINUX_SLL = 113;
    static final int DLT_LINUX_SLL2 = 276;
    // pcap_activate's status codes (pcap/pcap.h)
    private static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    private static final int PCAP_ERROR_PERM_DENIED = -8;
    private static final int PCAP_ERROR_IFACE_NOT_UP = -9;
    /** Short enough that breakLoop and the end of a capture are never waited on for long. */
    static final int READ_TIMEOUT_MILLIS = 100;

    static final String INSTALL_LIBPCAP = "libpcap is not installed or cannot be loaded; install it "
            + "(Debian/Ubuntu: apt-get install libpcap0.8, RHEL/Fedora: dnf install libpcap)";
    static final String NEED_PRIVILEGE = "run as root or give java CAP_NET_RAW,CAP_NET_ADMIN "
            + "(setcap cap_net_raw,cap_net_admin+eip \"$(readlink -f \"$(command -v java)\")\")";

    private Libpcap() {
    }

    /** Every interface libpcap can capture on, numbered from 1 like tcpdump -D. */
    static List<CaptureInterface> interfaces() throws CaptureException {
        List<PcapNetworkInterface> devices;
        try {
            devices = Pcaps.findAllDevs();
        } catch (LinkageError e) {
            throw new CaptureException(Kind.NO_LIBPCAP, INSTALL_LIBPCAP, e);
        } catch (PcapNativeException e) {
            throw new CaptureException(Kind.CAPTURE, "cannot list interfaces: " + e.getMessage(), e);
        }
        List<CaptureInterface> list = new ArrayList<>();
        for (PcapNetworkInterface d : devices) {
            list.add(new CaptureInterface(list.size() + 1, d.getName(), d.getDescription(), d.isUp(), d.isRunning(),
                    d.isLoopBack(), addresses(d)));
        }
        return list;
    }

    private static List<String> addresses(PcapNetworkInterface d) {
        List<String> out = new ArrayList<>();
        for (PcapAddress a : d.getAddresses()) {
            InetAddress ip = a.getAddress();
            if (ip instanceof Inet4Address || ip instanceof Inet6Address) {
                String text = ip.getHostAddress();
                int zone = text.indexOf('%');
                text = zone >= 0 ? text.substring(0, zone) : text;
                out.add(ip instanceof Inet6Address ? compressIpv6(text) : text);
            }
        }
        return out;
    }

    /** {@code fe80:0:0:0:1:2:3:4} as people write it, {@code fe80::1:2:3:4} (RFC 5952: the longest run of zeros). */
    static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.asList(groups).subList(0, bestStart));
        String tail = String.join(":", java.util.Arrays.asList(groups).subList(bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }

    /** The device names the user means: names as given, or tcpdump -D numbers; unknown names are an error. */
    static List<String> resolve(List<String> requested, List<CaptureInterface> available) throws CaptureException {
        List<String> names = new ArrayList<>();
        for (String r : requested) {
            String name = null;
            for (CaptureInterface i : available) {
                if (i.name().equals(r) || r.equals(Integer.toString(i.number()))) {
                    name = i.name();
                    break;
                }
            }
            if (name == null) {
                throw new CaptureException(Kind.NO_SUCH_INTERFACE, "no interface '" + r + "' (available: "
                        + available.stream().map(CaptureInterface::name).collect(Collectors.joining(", "))
                        + "; see hoptrace capture --list-interfaces)");
            }
            if (names.contains(name)) {
                throw new CaptureException(Kind.BAD_OPTIONS, "interface '" + name + "' is given twice");
            }
            names.add(name);
        }
        return names;
    }

    /** An activated handle with the filter set; on `any`, Linux cooked v2 when libpcap offers it. */
    static PcapHandle open(String name, CaptureOptions o) throws CaptureException {
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(name)
                    .snaplen(o.kernelSnapLength())
                    .promiscuousMode(o.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS)
                    .bufferSize(o.bufferBytes())
                    .immediateMode(o.immediate())
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .direction(switch (o.direction()) {
                        case IN -> PcapHandle.PcapDirection.IN;
                        case OUT -> PcapHandle.PcapDirection.OUT;
                        case INOUT -> PcapHandle.PcapDirection.INOUT;
                    })
                    .build();
        } catch (LinkageError e) {
            throw new CaptureException(Kind.NO_LIBPCAP, INSTALL_LIBPCAP, e);
        } catch (PcapNativeException e) {
            throw openFailure(name, e);
        }
        try {
            if (handle.getDlt().value() == DLT_LINUX_SLL && offers(handle, DLT_LINUX_SLL2)) {
                handle.setDlt(DataLinkType.getInstance(DLT_LINUX_SLL2));
            }
            if (o.filter() != null) {
                try {
                    handle.setFilter(o.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
                } catch (PcapNativeException e) {
                    throw new CaptureException(Kind.BAD_FILTER, "bad filter '" + o.filter() + "': "
                            + filterMessage(e.getMessage()) + " (see man 7 pcap-filter)", e);
                }
            }
            return handle;
        } catch (CaptureException e) {
            handle.close();
            throw e;
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new CaptureException(Kind.CAPTURE, "cannot capture on '" + name + "': " + e.getMessage(), e);
        }
    }

    private static boolean offers(PcapHandle handle, int dlt) throws PcapNativeException, NotOpenException {
        for (DataLinkType t : handle.listDatalinks()) {
            if (t.value() == dlt) {
                return true;
            }
        }
        return false;
    }

    static CaptureException openFailure(String name, PcapNativeException e) {
        Integer code = e.getReturnCode();
        String message = e.getMessage() != null ? e.getMessage() : "";
        if (code != null && code == PCAP_ERROR_PERM_DENIED || message.contains("Operation not permitted")) {
            return new CaptureException(Kind.NO_PERMISSION, "no permission to capture on '" + name + "': "
                    + NEED_PRIVILEGE, e);
        }
        if (code != null && code == PCAP_ERROR_NO_SUCH_DEVICE) {
            return new CaptureException(Kind.NO_SUCH_INTERFACE, "no interface '" + name + "' (it may have just "
                    + "gone; see hoptrace capture --list-interfaces)", e);
        }
        if (code != null && code == PCAP_ERROR_IFACE_NOT_UP) {
            return new CaptureException(Kind.NO_SUCH_INTERFACE, "interface '" + name + "' is down (bring it up: "
                    + "ip link set " + name + " up)", e);
        }
        return new CaptureException(Kind.CAPTURE, "cannot capture on '" + name + "': " + message, e);
    }

    /** libpcap's own words, without pcap4j's "Error occurred in pcap_compile: " prefix. */
    static String filterMessage(String message) {
        if (message == null) {
            return "libpcap rejected it";
        }
        String m = message.replaceFirst("^Error occurred in pcap_compile: ", "");
        return m.replaceFirst("^can't parse filter expression: ", "");
    }
}
