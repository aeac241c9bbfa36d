package io.hoptrace.capture.live;

/**
 * A capture that cannot start or cannot go on. The message is one line that says what is wrong and what to do
 * ("no interface 'eth9'; available: eth0, lo, any"); {@link #kind} lets a caller choose an exit status.
 */
public final class CaptureException extends Exception {
    /** What went wrong, in the terms a person fixes it by. */
    public enum Kind {
        /** An interface name that does not exist or is down. */
        NO_SUCH_INTERFACE,
        /** A BPF expression libpcap does not accept. */
        BAD_FILTER,
        /** Not root and no CAP_NET_RAW/CAP_NET_ADMIN. */
        NO_PERMISSION,
        /** libpcap is not installed or cannot be loaded. */
        NO_LIBPCAP,
        /** Options that do not go together. */
        BAD_OPTIONS,
        /** The capture file cannot be written (full disk, permission, missing directory). */
        OUTPUT,
        /** libpcap failed while capturing. */
        CAPTURE
    }

    private final Kind kind;

    public CaptureException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CaptureException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
