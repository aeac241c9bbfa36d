package io.hoptrace.cli;

import java.io.IOException;

/** The reader of standard output went away ({@code | head}): not an error, the command just stops. */
final class OutputClosedException extends IOException {
    OutputClosedException(IOException cause) {
        super("output closed", cause);
    }

    static boolean causedBy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutputClosedException) {
                return true;
            }
        }
        return false;
    }
}
