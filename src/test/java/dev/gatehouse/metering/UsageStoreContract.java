package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link UsageStore} must do; run against SQLite and PostgreSQL. */
abstract class UsageStoreContract {

    /** A store on a fresh, empty, migrated database. */
    protected abstract UsageStore store();

    /** The request log on the database of the last {@link #store()}. */
    protected abstract RequestLog requestLog();

    private static final Instant DAY1 = Instant.parse("2025-10-01T10:15:00Z");
    private static final Instant DAY1_LATER = Instant.parse("2025-10-01T23:59:00Z");
    private static final Instant DAY2 = Instant.parse("2025-10-02T08:00:00Z");
    private static final Instant NEXT_MONTH = Instant.parse("2025-11-03T08:00:00Z");

    @Test
    void storesARecordAndReadsItBackExactly() {
        UsageStore store = store();
        UsageRecord r = UsageRecord.builder()
                .requestId("req-1")
                .timeMs(DAY1.toEpochMilli())
                .keyId("k1")
                .userId("u1")
                .teamId("t1")
                .tags(List.of("a", "b"))
                .metadata(Map.of("feature", "search", "note", "a \"quoted\" value, with a comma"))
                .publicModel("gpt-4o")
                .provider("openai")
                .deployment("openai/gpt-4o-2024-08-06")
                .inputTokens(2006)
                .cachedTokens(1920)
                .cacheWriteTokens(7)
                .outputTokens(300)
                .reasoningTokens(120)
                .estimated(true)
                .latencyMs(123.25)
                .status(499)
                .errorType("client_closed")
                .attempts(3)
                .fallback(true)
                .build();
        assertThat(store.insert(List.of(r))).isEqualTo(1);
        assertThat(store.find("req-1")).isEqualTo(r);
        assertThat(store.find("nope")).isNull();
    }

    @Test
    void storesAToolCallsServerToolAndBytes() {
        UsageStore store = store();
        UsageRecord call = UsageRecords.simple("mcp-1", DAY1).toBuilder()
                .endpoint("/mcp")
                .mcpServer("docs")
                .mcpTool("search")
                .bytesIn(17)
                .bytesOut(4096)
                .build();
        store.insert(List.of(call));
        assertThat(store.find("mcp-1")).isEqualTo(call);
    }

    @Test
    void reportsCacheWritesAndReasoningFromRollupsAndRecordsAlike() {
        UsageStore store = store();
        UsageRecord a = UsageRecords.simple("cw-1", DAY1).toBuilder()
                .inputTokens(4850)
                .cachedTokens(1800)
                .cacheWriteTokens(3000)
                .outputTokens(503)
                .reasoningTokens(200)
                .build();
        UsageRecord b = UsageRecords.simple("cw-2", DAY2).toBuilder()
                .cacheWriteTokens(5)
                .reasoningTokens(3)
                .build();
        store.insert(List.of(a, b));

        UsageReportRow fromRollups = store.report(UsageQuery.all()).get(0);
        UsageReportRow fromRecords = store.report(
                        new UsageQuery(Instant.parse("2025-10-01T01:00:00Z"), null, Map.of(), List.of(), null))
                .get(0);

        for (UsageReportRow row : List.of(fromRollups, fromRecords)) {
            assertThat(row.cacheWriteTokens()).isEqualTo(3005);
            assertThat(row.reasoningTokens()).isEqualTo(203);
        }
    }

    @Test
    void isIdempotentByRequestIdAcrossAndWithinBatches() {
        UsageStore store = store();
        assertThat(store.insert(List.of(UsageRecords.simple("a", DAY1), UsageRecords.simple("b", DAY1))))
                .isEqualTo(2);
        assertThat(store.insert(List.of(
                        UsageRecords.simple("b", DAY1),
                        UsageRecords.simple("c", DAY1),
                        UsageRecords.simple("c", DAY1))))
                .isEqualTo(1);
        assertThat(store.count()).isEqualTo(3);
        UsageReportRow total = store.report(UsageQuery.all()).get(0);
        assertThat(total.requests()).as("rollups count each request once").isEqualTo(3);
        assertThat(total.inputTokens()).isEqualTo(30);
    }

    @Test
    void aCorrectionSetsTheStatusOfItsRecordAndCountsNothing() {
        UsageStore store = store();
        UsageRecord answered = UsageRecords.simple("a", DAY1);
        UsageRecord gone = answered.toBuilder()
                .status(499)
                .errorType("client_closed")
                .correction(true)
                .build();
        UsageRecord other = UsageRecords.simple("b", DAY1);
        assertThat(store.insert(List.of(answered))).isEqualTo(1);
        assertThat(store.insert(List.of(gone, other)))
                .as("a correction is not a new record")
                .isEqualTo(1);
        assertThat(store.insert(List.of(gone))).isZero();
        UsageRecord corrected = store.find("a");
        assertThat(corrected.status()).isEqualTo(499);
        assertThat(corrected.errorType()).isEqualTo("client_closed");
        assertThat(corrected.outputTokens()).isEqualTo(answered.outputTokens());
        // With its record in the same batch, after it.
        UsageRecord third = UsageRecords.simple("c", DAY1);
        assertThat(store.insert(List.of(
                        third,
                        third.toBuilder()
                                .status(499)
                                .errorType("client_closed")
                                .correction(true)
                                .build())))
                .isEqualTo(1);
        assertThat(store.find("c").status()).isEqualTo(499);
        assertThat(store.count()).isEqualTo(3);
        assertThat(store.report(UsageQuery.all()).get(0).requests())
                .as("rollups count each request once")
                .isEqualTo(3);
    }

    @Test
    void insertsLargeBatchesInOneGo() {
        UsageStore store = store();
        List<UsageRecord> many = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            many.add(UsageRecords.simple("r" + i, DAY1.plusSeconds(i)));
        }
        assertThat(store.insert(many)).isEqualTo(1234);
        assertThat(store.insert(many)).isZero();
        assertThat(store.count()).isEqualTo(1234);
    }

    private UsageStore seeded() {
        UsageStore store = store();
        store.insert(List.of(
                UsageRecords.of("1", DAY1, "k1", "gpt-4o", "openai", List.of("search"), 100, 40, 10, 0.50),
                UsageRecords.of(
                        "2", DAY1_LATER, "k1", "claude", "anthropic", List.of("search", "eu"), 200, 0, 20, 1.00),
                UsageRecords.of("3", DAY2, "k2", "gpt-4o", "openai", List.of(), 300, 0, 30, null),
                UsageRecords.of("4", NEXT_MONTH, "k2", "gpt-4o", "openai", List.of("eu"), 400, 100, 40, 2.00)));
        return store;
    }

    @Test
    void reportsTotalsWithFiltersAndRanges() {
        UsageStore store = seeded();
        UsageReportRow all = store.report(UsageQuery.all()).get(0);
        assertThat(all.requests()).isEqualTo(4);
        assertThat(all.inputTokens()).isEqualTo(1000);
        assertThat(all.cachedTokens()).isEqualTo(140);
        assertThat(all.outputTokens()).isEqualTo(100);
        assertThat(all.costUsd()).isCloseTo(3.50, within(1e-9));
        assertThat(all.unpriced()).isEqualTo(1);

        UsageReportRow k1 = store.report(
                        new UsageQuery(null, null, Map.of(UsageDimension.KEY_ID, "k1"), List.of(), null))
                .get(0);
        assertThat(k1.requests()).isEqualTo(2);
        UsageReportRow october = store.report(new UsageQuery(
                        Instant.parse("2025-10-01T00:00:00Z"),
                        Instant.parse("2025-11-01T00:00:00Z"),
                        Map.of(UsageDimension.PROVIDER, "openai"),
                        List.of(),
                        null))
                .get(0);
        assertThat(october.requests()).isEqualTo(2);
        UsageReportRow partial = store.report(
                        new UsageQuery(Instant.parse("2025-10-01T12:00:00Z"), null, Map.of(), List.of(), null))
                .get(0);
        assertThat(partial.requests()).as("a partial day reads the records").isEqualTo(3);
    }

    @Test
    void groupsByDimensionsAndBuckets() {
        UsageStore store = seeded();
        List<UsageReportRow> byDay = store.report(
                new UsageQuery(null, null, Map.of(), List.of(UsageDimension.MODEL), UsageQuery.Bucket.DAY));
        assertThat(byDay)
                .extracting(r -> r.bucket() + " " + r.dimensions().get(UsageDimension.MODEL) + " " + r.requests())
                .containsExactly(
                        "2025-10-01 claude 1", "2025-10-01 gpt-4o 1", "2025-10-02 gpt-4o 1", "2025-11-03 gpt-4o 1");

        List<UsageReportRow> byMonth =
                store.report(new UsageQuery(null, null, Map.of(), List.of(), UsageQuery.Bucket.MONTH));
        assertThat(byMonth).extracting(r -> r.bucket() + " " + r.requests()).containsExactly("2025-10 3", "2025-11 1");

        List<UsageReportRow> byHour = store.report(new UsageQuery(
                null,
                Instant.parse("2025-10-02T00:00:00Z"),
                Map.of(),
                List.of(UsageDimension.KEY_ID),
                UsageQuery.Bucket.HOUR));
        assertThat(byHour)
                .extracting(UsageReportRow::bucket)
                .containsExactly("2025-10-01T10:00:00Z", "2025-10-01T23:00:00Z");
    }

    @Test
    void groupsAndFiltersByTag() {
        UsageStore store = seeded();
        List<UsageReportRow> byTag =
                store.report(new UsageQuery(null, null, Map.of(), List.of(UsageDimension.TAG), null));
        assertThat(byTag)
                .extracting(r -> r.dimensions().get(UsageDimension.TAG) + " " + r.requests())
                .containsExactlyInAnyOrder("null 1", "eu 2", "search 2");
        UsageReportRow eu = store.report(new UsageQuery(null, null, Map.of(UsageDimension.TAG, "eu"), List.of(), null))
                .get(0);
        assertThat(eu.requests()).isEqualTo(2);
        assertThat(eu.costUsd()).isCloseTo(3.00, within(1e-9));
    }

    @Test
    void keepsHourlyRollupsWithErrorsAndCorrections() {
        UsageStore store = store();
        UsageRecord ok = UsageRecords.simple("h-1", DAY1);
        UsageRecord failed = UsageRecords.simple("h-2", DAY1.plusSeconds(60)).toBuilder()
                .status(502)
                .build();
        UsageRecord later = UsageRecords.simple("h-3", DAY1.plusSeconds(3600)).toBuilder()
                .teamId("t2")
                .build();
        store.insert(List.of(ok, failed, later, ok));
        store.insert(List.of(ok.toBuilder().status(499).correction(true).build()));
        store.insert(List.of(ok.toBuilder().status(499).correction(true).build()));

        List<RequestLog.Hour> hours = requestLog().hourly(DAY1.minusSeconds(3600), DAY2, null);
        assertThat(hours).hasSize(2);
        assertThat(hours.get(0).hour()).isEqualTo(Instant.parse("2025-10-01T10:00:00Z"));
        assertThat(hours.get(0).requests()).isEqualTo(2);
        assertThat(hours.get(0).errors()).isEqualTo(2);
        assertThat(hours.get(0).costUsd()).isEqualTo(0.002, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(hours.get(1).requests()).isEqualTo(1);
        assertThat(requestLog().hourly(DAY1.minusSeconds(3600), DAY2, "t2")).hasSize(1);
    }

    @Test
    void keepsDailyTotalsWithErrorsAndCorrectionsEqualToTheReport() {
        UsageStore store = store();
        UsageRecord ok =
                UsageRecords.simple("d-1", DAY1).toBuilder().userId("u1").build();
        UsageRecord failed = UsageRecords.simple("d-2", DAY1.plusSeconds(7200)).toBuilder()
                .status(502)
                .build();
        UsageRecord otherTeam = UsageRecords.simple("d-3", DAY1.plusSeconds(60)).toBuilder()
                .teamId("t2")
                .status(429)
                .savedUsd(0.25)
                .build();
        UsageRecord nextDay =
                UsageRecords.simple("d-4", DAY2).toBuilder().costUsd(0.5).build();
        store.insert(List.of(ok, failed, otherTeam, nextDay, ok));
        store.insert(List.of(ok.toBuilder().status(500).correction(true).build()));
        store.insert(List.of(ok.toBuilder().status(500).correction(true).build()));
        store.insert(List.of(failed.toBuilder().status(200).correction(true).build()));

        java.time.LocalDate day1 = java.time.LocalDate.parse("2025-10-01");
        List<RequestLog.Day> days = requestLog().daily(day1.minusDays(1), day1.plusDays(2), null);
        assertThat(days)
                .extracting(d -> d.day() + " " + d.requests() + " " + d.errors())
                .containsExactly("2025-10-01 3 2", "2025-10-02 1 0");
        assertThat(days.get(0).savedUsd()).isCloseTo(0.25, within(1e-9));
        assertThat(requestLog().daily(day1, day1.plusDays(1), "t2"))
                .extracting(d -> d.requests() + " " + d.errors())
                .containsExactly("1 1");
        assertThat(requestLog().daily(day1.plusDays(1), day1.plusDays(2), null)).hasSize(1);
        for (RequestLog.Day d : days) {
            Instant from = d.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            UsageReportRow report = store.report(
                            new UsageQuery(from, from.plusSeconds(86_400), Map.of(), List.of(), null))
                    .get(0);
            assertThat(d.requests()).isEqualTo(report.requests());
            assertThat(d.costUsd()).isEqualTo(report.costUsd());
        }
    }

    @Test
    void pagesTheRequestLogNewestFirstWithFilters() {
        UsageStore store = store();
        List<UsageRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            records.add(UsageRecords.simple("p-" + i, DAY1.plusSeconds(i / 2)).toBuilder()
                    .teamId(i % 2 == 0 ? "even" : "odd")
                    .status(i == 3 ? 500 : 200)
                    .build());
        }
        store.insert(records);
        RequestLog.Page first = requestLog().recent(RequestLog.Filter.NONE, null, 3);
        assertThat(first.records()).extracting(UsageRecord::requestId).containsExactly("p-6", "p-5", "p-4");
        RequestLog.Cursor cursor = RequestLog.Cursor.parse(first.next().token());
        RequestLog.Page second = requestLog().recent(RequestLog.Filter.NONE, cursor, 3);
        assertThat(second.records()).extracting(UsageRecord::requestId).containsExactly("p-3", "p-2", "p-1");
        RequestLog.Page last = requestLog().recent(RequestLog.Filter.NONE, second.next(), 3);
        assertThat(last.records()).extracting(UsageRecord::requestId).containsExactly("p-0");
        assertThat(last.next()).isNull();
        assertThat(requestLog()
                        .recent(new RequestLog.Filter(null, "odd", null, "error", null), null, 10)
                        .records())
                .extracting(UsageRecord::requestId)
                .containsExactly("p-3");
        assertThat(requestLog()
                        .recent(new RequestLog.Filter(null, "even", null, "ok", null), null, 10)
                        .records())
                .hasSize(4);
    }
}
