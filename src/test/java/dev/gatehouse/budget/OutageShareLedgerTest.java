package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.testing.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageShareLedgerTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final Budget KEY = new Budget("key", "k1", 1_000_000, BudgetPeriod.DAY, 1_000_000);

    private final AtomicLong stored = new AtomicLong();
    private final SpendSource spend = (budgets, at) -> io.vertx.core.Future.succeededFuture(budgets.stream()
            .map(b -> new PeriodSpend(b, b.period().start(at), stored.get()))
            .toList());

    private static BudgetReservation reservation(long nanos) {
        return new BudgetReservation(List.of(KEY), nanos, AT);
    }

    private static BudgetDecision decide(OutageShareLedger ledger, long nanos) throws Exception {
        return decide(ledger, reservation(nanos));
    }

    private static BudgetDecision decide(OutageShareLedger ledger, BudgetReservation r) throws Exception {
        return ledger.reserve(r).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void eachInstanceGetsItsShareOfWhatTheLastRedisReadingLeft() throws Exception {
        OutageShareLedger ledger = new OutageShareLedger(spend, () -> 2, new ManualClock());
        BudgetReservation seen = reservation(0);
        ledger.observe(seen, new BudgetDecision(null, null, List.of(new BudgetDecision.Spent(KEY, 400_000))));

        // (1.00 - 0.40) / 2 = 0.30 for this instance.
        assertThat(decide(ledger, 200_000).admitted()).isTrue();
        assertThat(decide(ledger, 100_000).admitted()).isTrue();
        BudgetDecision refused = decide(ledger, 1);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(OutageShareLedger.RETRY_DURING_OUTAGE);
    }

    @Test
    void theUsageStoreWinsWhenItKnowsOfMoreSpendThanTheLastReading() throws Exception {
        stored.set(800_000);
        OutageShareLedger ledger = new OutageShareLedger(spend, () -> 2, new ManualClock());

        assertThat(decide(ledger, 100_000).admitted()).isTrue();
        assertThat(decide(ledger, 1).admitted()).isFalse();
    }

    @Test
    void whatWasSpentIsOwedToRedisAndCountsInTheNextOutagesShare() throws Exception {
        OutageShareLedger ledger = new OutageShareLedger(spend, () -> 1, new ManualClock());
        BudgetReservation r = reservation(300_000);
        assertThat(ledger.reserve(r)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS)
                        .admitted())
                .isTrue();
        ledger.settle(r, 250_000);
        assertThat(ledger.owes()).isTrue();

        // Redis answers (outage over) without the debt repaid; the next outage still counts it.
        ledger.observe(reservation(0), new BudgetDecision(null, null, List.of(new BudgetDecision.Spent(KEY, 0))));
        assertThat(decide(ledger, 750_000).admitted()).isTrue();
        assertThat(decide(ledger, 1).admitted()).isFalse();
        assertThat(ledger.takeOwed())
                .singleElement()
                .satisfies(d -> assertThat(d.nanos()).isEqualTo(250_000));
    }

    @Test
    void aReservationAskingHeadroomMustLeaveItFreeInThisInstancesShare() throws Exception {
        OutageShareLedger ledger = new OutageShareLedger(spend, () -> 2, new ManualClock());

        // A share of 0.50: 0.10 plus 0.41 free does not fit, 0.10 plus 0.40 does.
        assertThat(decide(ledger, new BudgetReservation(List.of(KEY), 100_000, AT, 410_000))
                        .admitted())
                .isFalse();
        assertThat(decide(ledger, new BudgetReservation(List.of(KEY), 100_000, AT, 400_000))
                        .admitted())
                .isTrue();
    }

    @Test
    void withoutAnInstanceCountBudgetedRequestsAreRefusedWith503() {
        OutageShareLedger ledger = new OutageShareLedger(spend, () -> 0, new ManualClock());

        assertThat(ledger.reserve(reservation(1)).cause())
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.status()).isEqualTo(503));
    }
}
