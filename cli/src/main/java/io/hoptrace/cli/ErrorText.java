package io.hoptrace.cli;

/** One line for an Error that escaped a command, saying what a user can do about it. */
final class ErrorText {
    private ErrorText() {
    }

    static String of(Error e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); give the JVM more with HOPTRACE_JAVA_OPTS=-Xmx4g,"
                    + " or analyze fewer files at once";
        }
        if (e instanceof LinkageError) {
            return "broken installation: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (rebuild with ./setup, or mvn -B package)";
        }
        return "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
