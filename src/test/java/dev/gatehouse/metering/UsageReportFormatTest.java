package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageReportFormatTest {

    private static final UsageQuery ALL = UsageQuery.all();

    @Test
    void aCostBelowAMicroDollarIsNeverPrintedAsZero() {
        // One gpt-5-nano input token: 0.05 USD per million.
        UsageReportRow tiny = new UsageReportRow(null, Map.of(), 1, 1, 0, 0, 0, 0, 0.05 / 1_000_000, 0);

        assertThat(UsageReportFormat.json(ALL, List.of(tiny))
                        .path("data")
                        .get(0)
                        .path("cost_usd")
                        .decimalValue())
                .isEqualByComparingTo("0.00000005");
        assertThat(UsageReportFormat.csv(ALL, List.of(tiny))).endsWith(",0.00000005,0,0\r\n");
    }

    @Test
    void sumsStillPrintToTheMicroDollar() {
        UsageReportRow sum = new UsageReportRow(null, Map.of(), 3, 0, 0, 0, 0, 0, 0.1 + 0.2, 0);
        UsageReportRow free = new UsageReportRow(null, Map.of(), 1, 0, 0, 0, 0, 0, 0, 0);

        assertThat(UsageReportFormat.csv(ALL, List.of(sum, free)))
                .contains(",0.3,0,0\r\n")
                .endsWith(",0,0\r\n");
    }

    @Test
    void listsCacheWritesAndReasoningBesideTheOtherCounts() {
        UsageReportRow row = new UsageReportRow(null, Map.of(), 1, 4850, 1800, 3000, 503, 200, 0.0215, 0);

        assertThat(UsageReportFormat.csv(ALL, List.of(row)))
                .isEqualTo("requests,input_tokens,cached_tokens,cache_write_tokens,output_tokens,reasoning_tokens,"
                        + "cost_usd,unpriced_requests,saved_usd\r\n1,4850,1800,3000,503,200,0.0215,0,0\r\n");
        assertThat(UsageReportFormat.json(ALL, List.of(row))
                        .path("data")
                        .get(0)
                        .path("reasoning_tokens")
                        .asLong())
                .isEqualTo(200);
    }
}
