package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorTextTest {
    @Test
    void aMissingClassIsABrokenInstallation() {
        assertEquals("broken installation: NoClassDefFoundError: com/fasterxml/jackson/databind/ObjectMapper"
                        + " (rebuild with ./setup, or mvn -B package)",
                ErrorText.of(new NoClassDefFoundError("com/fasterxml/jackson/databind/ObjectMapper")));
    }

    @Test
    void runningOutOfMemorySaysHowToGiveMore() {
        assertEquals("out of memory (Java heap space); give the JVM more with HOPTRACE_JAVA_OPTS=-Xmx4g,"
                + " or analyze fewer files at once", ErrorText.of(new OutOfMemoryError("Java heap space")));
    }

    @Test
    void anyOtherErrorIsInternal() {
        assertEquals("internal error: StackOverflowError: null", ErrorText.of(new StackOverflowError()));
    }
}
