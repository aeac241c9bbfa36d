package io.hoptrace.cli;

import java.io.IOException;

/** Standard output could not be written for a reason other than a closed pipe: a full disk, an I/O error. */
final class OutputFailedException extends IOException {
    OutputFailedException(IOException cause) {
        super(cause.getMessage(), cause);
    }

    /** The output failure in {@code t}'s causes, or null. */
    static OutputFailedException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutputFailedException f) {
                return f;
            }
        }
        return null;
    }
}
