package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class StartupTrainingTest {
    /** The launcher's training must decode its packets cleanly, or the archive would miss the decode classes. */
    @Test
    void trainingDecodesItsPacketsAsTextAndJson() {
        assertDoesNotThrow(() -> StartupTraining.main(new String[0]));
    }
}
