package io.hoptrace.ui.model.port;

/**
 * A live capture that cannot start or went wrong: a bad filter, no such interface, no privilege, no libpcap. The
 * message is one line that says what is wrong and what to do; the window shows it as it is.
 */
public final class LiveCaptureException extends Exception {
    public LiveCaptureException(String message) {
        super(message);
    }

    public LiveCaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
