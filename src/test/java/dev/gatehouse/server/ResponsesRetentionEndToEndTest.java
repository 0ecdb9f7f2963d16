package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kept responses live for {@code responses.retention} on the gateway's clock, then are gone and purged. */
class ResponsesRetentionEndToEndTest {

    private final ManualClock clock = new ManualClock();
    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private long keptRows() throws Exception {
        try (Connection c = gateway.server().database().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM gh_responses")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aResponseExpiresAfterItsRetentionAndIsPurged() throws Exception {
        gateway = TestGateway.start(clock, """
                providers:
                  mock:
                    type: mock
                    mock:
                      chunk_interval: 0ms
                models:
                  - name: gpt-mock
                    provider: mock
                responses:
                  retention: 2d
                state:
                  type: memory
                  key_poll_interval: 0s
                router:
                  health_check_interval: 0s
                """);
        Response kept = gateway.client()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-mock")
                        .input("Remember me")
                        .build());
        assertThat(keptRows()).isEqualTo(1);

        clock.advance(Duration.ofDays(1));
        assertThat(gateway.client().responses().retrieve(kept.id()).id()).isEqualTo(kept.id());
        Response continued = gateway.client()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-mock")
                        .input("Still there?")
                        .previousResponseId(kept.id())
                        .build());

        clock.advance(Duration.ofDays(1).plusHours(1));
        assertThatThrownBy(() -> gateway.client().responses().retrieve(kept.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> gateway.client()
                        .responses()
                        .create(ResponseCreateParams.builder()
                                .model("gpt-mock")
                                .input("And now?")
                                .previousResponseId(kept.id())
                                .build()))
                .isInstanceOf(NotFoundException.class);
        // The purge sets its next run when the previous one has finished on a worker, which may be
        // after the clock already jumped past that time: move on an hour a poll until it has run
        // (at most 20 hours here; the continued response lives until a day after this point).
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    clock.advance(Duration.ofHours(1));
                    return keptRows() == 1;
                });
        assertThat(gateway.client().responses().retrieve(continued.id()).id()).isEqualTo(continued.id());
    }
}
