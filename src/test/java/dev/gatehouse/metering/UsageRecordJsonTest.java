package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageRecordJsonTest {

    /** How the spool JSON was written before it was written by hand: the data-bound record. */
    private static final ObjectMapper DATA_BOUND =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static UsageRecord everyFieldSet() {
        return UsageRecord.builder()
                .requestId("req_1")
                .timeMs(1_764_900_000_123L)
                .keyId("key-1f")
                .userId("u\"1")
                .teamId("team-é")
                .tags(List.of("a", "b\n"))
                .metadata(Map.of("z", "last", "a", "first"))
                .publicModel("gpt-4o")
                .provider("openai")
                .deployment("openai/gpt-4o")
                .inputTokens(10)
                .cachedTokens(2)
                .cacheWriteTokens(1)
                .outputTokens(5)
                .reasoningTokens(3)
                .estimated(true)
                .costUsd(0.000125)
                .latencyMs(33.788)
                .ttftMs(3.5)
                .status(429)
                .errorType("rate_limit_exceeded:key:rpm")
                .cache("miss")
                .attempts(2)
                .fallback(true)
                .correction(true)
                .savedUsd(1.5)
                .endpoint("/v1/chat/completions")
                .guardrails(List.of(
                        new GuardrailCheck("pii", "input", "block", List.of("email"), 0.25),
                        new GuardrailCheck("words", "output", "pass", List.of(), 1.0)))
                .mcpServer("files")
                .mcpTool("read")
                .bytesIn(7)
                .bytesOut(9)
                .prompt("greeting", 3, "b")
                .build();
    }

    @Test
    void writesTheSameBytesAsTheDataBoundRecord() throws Exception {
        UsageRecord full = everyFieldSet();
        UsageRecord empty = UsageRecord.builder().build();

        assertThat(new String(full.toJson())).isEqualTo(DATA_BOUND.writeValueAsString(full));
        assertThat(new String(empty.toJson())).isEqualTo(DATA_BOUND.writeValueAsString(empty));
    }

    @Test
    void readsBackEveryValueExactly() throws Exception {
        UsageRecord awkwardDoubles = everyFieldSet().toBuilder()
                .costUsd(0.1 + 0.2)
                .latencyMs(2.82879384806159E17)
                .ttftMs(1.0E-7)
                .savedUsd(Double.MIN_VALUE)
                .build();

        assertThat(UsageRecord.fromJson(awkwardDoubles.toJson())).isEqualTo(awkwardDoubles);
        assertThat(UsageRecord.fromJson(everyFieldSet().toJson())).isEqualTo(everyFieldSet());
    }
}
