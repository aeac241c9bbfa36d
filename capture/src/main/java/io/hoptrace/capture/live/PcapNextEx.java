package io.hoptrace.capture.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import org.pcap4j.core.PcapHandle;

/**
 * The capture threads' fast path: libpcap's {@code pcap_next_ex}, bound by JNA direct mapping, on the pcap_t of a
 * handle pcap4j opened. pcap4j's {@code loop()} makes a JNA callback per packet, which converts its arguments by
 * reflection and allocates a byte array, a Timestamp and a Runnable; measured here on a veth at 80,000 packets/s,
 * the capture thread spent 0.56-0.64 µs of CPU per packet in it, against 0.22-0.24 µs with this class, which
 * reads the header and copies the frame straight into the ring. Reading libpcap's header and frame goes through
 * sun.misc.Unsafe where the JDK offers it (no JNI call per read: 0.14 µs a packet in the same test), else JNA's
 * Pointer ({@code -Dhoptrace.capture.memory=jna} forces that). Either way an address from libpcap is trusted, as
 * any JNA read trusts it. pcap4j still opens, filters, counts and closes.
 *
 * <p>pcap4j 1.8.2 does not expose its pcap_t, so {@link #of} reads its private field; if that ever fails (another
 * pcap4j), callers fall back to {@code loop()}. One instance per capture thread.
 */
final class PcapNextEx {
    static final int PACKET = 1;
    static final int TIMEOUT = 0;
    static final int BREAK = -2;

    private static final int LONG_SIZE = Native.LONG_SIZE;
    /** struct pcap_pkthdr: struct timeval (two C longs), caplen, len. */
    private static final int CAPLEN_OFFSET = 2 * LONG_SIZE;
    private static final int HEADER_BYTES = CAPLEN_OFFSET + 8;
    private static final VarHandle NATIVE_INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.nativeOrder());
    private static final VarHandle NATIVE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    private static final boolean AVAILABLE = register();
    /** Reads native memory without a JNI call (null where the JDK does not offer it: then JNA reads). */
    private static final sun.misc.Unsafe UNSAFE = unsafe();
    private static final long BYTE_ARRAY_BASE = UNSAFE != null ? UNSAFE.arrayBaseOffset(byte[].class) : 0;

    private final Pointer pcap;
    private final Memory out = new Memory(2L * Native.POINTER_SIZE);
    private final Pointer headerOut = out;
    private final Pointer dataOut = out.share(Native.POINTER_SIZE);
    // reused for every packet: JNA lets a Pointer be pointed elsewhere, so reading allocates nothing
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);
    private final long[] addresses = new long[2];
    private final int[] addresses32 = new int[2];
    private final byte[] headerBytes = new byte[HEADER_BYTES];
    private final boolean nanoseconds;
    private final boolean direct;
    private final long outAddress = Pointer.nativeValue(out);
    private long dataAddress;
    /** The last packet's header, valid after {@link #next} returned {@link #PACKET}. */
    long timestampNanos;
    int capturedLength;
    int wireLength;

    private PcapNextEx(Pointer pcap, boolean nanoseconds, boolean direct) {
        this.pcap = pcap;
        this.nanoseconds = nanoseconds;
        this.direct = direct;
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static boolean register() {
        try {
            Native.register(PcapNextEx.class, NativeLibrary.getInstance(System.getProperty(
                    "org.pcap4j.core.pcapLibName", "pcap")));
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static native int pcap_next_ex(Pointer p, Pointer header, Pointer data);

    /** The fast path for {@code handle}, or null when it cannot be had (callers use pcap4j's loop). */
    static PcapNextEx of(PcapHandle handle) {
        if (!AVAILABLE || (LONG_SIZE != 8 && LONG_SIZE != 4) || "loop".equals(System.getProperty(
                "hoptrace.capture.reader"))) {
            return null;
        }
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            Pointer p = (Pointer) f.get(handle);
            return p == null ? null : new PcapNextEx(p, handle.getTimestampPrecision()
                    == PcapHandle.TimestampPrecision.NANO, UNSAFE != null && !"jna".equals(System.getProperty(
                    "hoptrace.capture.memory")));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The next packet: {@link #PACKET} (header fields set, bytes ready for {@link #copyTo}), {@link #TIMEOUT} (none
     * within the read timeout, or none ready in non-blocking mode), {@link #BREAK} (pcap_breakloop), or -1 (error).
     */
    int next() {
        int rc = pcap_next_ex(pcap, headerOut, dataOut);
        if (rc != PACKET) {
            return rc;
        }
        long seconds;
        long fraction;
        if (direct) {
            long header = address(outAddress);
            dataAddress = address(outAddress + Native.POINTER_SIZE);
            seconds = LONG_SIZE == 8 ? UNSAFE.getLong(header) : UNSAFE.getInt(header) & 0xFFFF_FFFFL;
            fraction = LONG_SIZE == 8 ? UNSAFE.getLong(header + 8) : UNSAFE.getInt(header + 4);
            capturedLength = UNSAFE.getInt(header + CAPLEN_OFFSET);
            wireLength = UNSAFE.getInt(header + CAPLEN_OFFSET + 4);
            timestampNanos = seconds * 1_000_000_000L + (nanoseconds ? fraction : fraction * 1000);
            return PACKET;
        }
        if (Native.POINTER_SIZE == 8) {
            out.read(0, addresses, 0, 2);
            Pointer.nativeValue(header, addresses[0]);
            Pointer.nativeValue(data, addresses[1]);
        } else {
            out.read(0, addresses32, 0, 2);
            Pointer.nativeValue(header, addresses32[0] & 0xFFFF_FFFFL);
            Pointer.nativeValue(data, addresses32[1] & 0xFFFF_FFFFL);
        }
        header.read(0, headerBytes, 0, HEADER_BYTES);
        if (LONG_SIZE == 8) {
            seconds = (long) NATIVE_LONG.get(headerBytes, 0);
            fraction = (long) NATIVE_LONG.get(headerBytes, 8);
        } else {
            seconds = (int) NATIVE_INT.get(headerBytes, 0) & 0xFFFF_FFFFL;
            fraction = (int) NATIVE_INT.get(headerBytes, 4);
        }
        timestampNanos = seconds * 1_000_000_000L + (nanoseconds ? fraction : fraction * 1000);
        capturedLength = (int) NATIVE_INT.get(headerBytes, CAPLEN_OFFSET);
        wireLength = (int) NATIVE_INT.get(headerBytes, CAPLEN_OFFSET + 4);
        return PACKET;
    }

    private static long address(long at) {
        return Native.POINTER_SIZE == 8 ? UNSAFE.getLong(at) : UNSAFE.getInt(at) & 0xFFFF_FFFFL;
    }

    /** True when native memory is read with Unsafe, false with JNA's Pointer (for tests). */
    boolean direct() {
        return direct;
    }

    /** Copies the last packet's bytes; the target must have room (a copy past it would corrupt the heap). */
    void copyTo(byte[] target, int offset) {
        if (offset < 0 || capturedLength < 0 || capturedLength > target.length - offset) {
            throw new IllegalStateException("a " + capturedLength + "-byte frame does not fit at " + offset);
        }
        if (direct) {
            UNSAFE.copyMemory(null, dataAddress, target, BYTE_ARRAY_BASE + offset, capturedLength);
        } else {
            data.read(0, target, offset, capturedLength);
        }
    }
}
