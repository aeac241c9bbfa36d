package io.hoptrace.rules.kubeproxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link KubeProxyBenchmark} from Maven: {@code mvn -q -pl rules -am test -Dtest=KubeProxyBenchmarkRun
 * -Dhoptrace.bench=true -Dsurefire.failIfNoSpecifiedTests=false}. Skipped in normal builds (it takes a minute).
 */
class KubeProxyBenchmarkRun {
    @Test
    @EnabledIfSystemProperty(named = "hoptrace.bench", matches = "true")
    void run() {
        KubeProxyBenchmark.main(new String[0]);
    }
}
