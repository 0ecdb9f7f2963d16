package dev.gatehouse.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.HealthCheckResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which probe answers say a deployment is down, which say it is up, and which say nothing. */
class HealthCheckVerdictTest {

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "200, HEALTHY",
        "204, HEALTHY",
        "500, UNHEALTHY",
        "502, UNHEALTHY",
        "503, UNHEALTHY",
        "504, UNHEALTHY",
        "529, UNHEALTHY",
        "408, UNHEALTHY",
        "401, INCONCLUSIVE",
        "403, INCONCLUSIVE",
        "404, INCONCLUSIVE",
        "405, INCONCLUSIVE",
        "429, INCONCLUSIVE",
        "400, INCONCLUSIVE",
        "301, INCONCLUSIVE",
    })
    void judgesAProbeByItsStatus(int status, HealthCheckResult verdict) {
        assertThat(HealthChecker.judge(status)).isEqualTo(verdict);
    }
}
