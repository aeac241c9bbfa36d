package io.hoptrace.ui.model.load;

/** What the user asked to open cannot be opened; the message is a sentence for the window, naming the path. */
public final class OpenException extends Exception {
    public OpenException(String message) {
        super(message);
    }
}
