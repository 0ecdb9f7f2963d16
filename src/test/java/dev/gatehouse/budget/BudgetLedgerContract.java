package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.testing.ManualClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BudgetLedger} promises; each implementation's test supplies a fresh one. */
public abstract class BudgetLedgerContract {

    protected final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T23:00:00Z"));
    protected BudgetLedger ledger;

    protected abstract BudgetLedger newLedger();

    @BeforeEach
    void open() {
        ledger = newLedger();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private BudgetReservation ask(double dollars, Budget... budgets) {
        return new BudgetReservation(List.of(budgets), Budget.nanos(dollars), clock.instant());
    }

    private static Budget budget(String scope, double max, BudgetPeriod period) {
        return new Budget(scope, scope + "-1", Budget.nanos(max), period, Budget.nanos(max * 0.8));
    }

    @Test
    void reservesTheWorstCaseAndRefusesWhatWouldPassTheCap() throws Exception {
        Budget key = budget("key", 1.00, BudgetPeriod.TOTAL);
        assertThat(await(ledger.reserve(ask(0.60, key))).admitted()).isTrue();
        BudgetDecision second = await(ledger.reserve(ask(0.50, key)));
        assertThat(second.admitted()).isFalse();
        assertThat(second.refused()).isEqualTo(key);
        assertThat(second.spent().get(0).nanos()).isEqualTo(Budget.nanos(0.60));
        assertThat(await(ledger.reserve(ask(0.40, key))).admitted()).isTrue();
    }

    @Test
    void settlingReplacesTheWorstCaseWithTheRealCost() throws Exception {
        Budget key = budget("key", 1.00, BudgetPeriod.MONTH);
        BudgetReservation r = ask(0.90, key);
        await(ledger.reserve(r));
        await(ledger.settle(r, Budget.nanos(0.10)));
        BudgetDecision next = await(ledger.reserve(ask(0.85, key)));
        assertThat(next.admitted()).isTrue();
        assertThat(next.spent().get(0).nanos()).isEqualTo(Budget.nanos(0.95));

        BudgetReservation failed = ask(0.05, key);
        await(ledger.reserve(failed));
        await(ledger.release(failed));
        assertThat(await(ledger.reserve(ask(0.05, key))).admitted()).isTrue();
    }

    @Test
    void refusesWhenAnyScopeWouldOverspendAndChargesNone() throws Exception {
        Budget key = budget("key", 10.00, BudgetPeriod.DAY);
        Budget team = budget("team", 1.00, BudgetPeriod.MONTH);
        BudgetDecision d = await(ledger.reserve(ask(2.00, key, team)));
        assertThat(d.refused()).isEqualTo(team);
        assertThat(d.retryAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(d.spent()).extracting(BudgetDecision.Spent::nanos).containsExactly(0L, 0L);
    }

    @Test
    void aNewPeriodStartsFromZeroAndSettlesIntoThePeriodItStartedIn() throws Exception {
        Budget day = budget("key", 1.00, BudgetPeriod.DAY);
        BudgetReservation late = ask(0.90, day);
        BudgetDecision before = await(ledger.reserve(late));
        assertThat(before.admitted()).isTrue();
        assertThat(await(ledger.reserve(ask(0.20, day))).retryAfter()).isEqualTo(Duration.ofHours(1));

        clock.advance(Duration.ofHours(2));
        await(ledger.settle(late, Budget.nanos(0.95)));
        BudgetDecision tomorrow = await(ledger.reserve(ask(0.99, day)));
        assertThat(tomorrow.admitted()).isTrue();
        assertThat(tomorrow.spent().get(0).nanos()).isEqualTo(Budget.nanos(0.99));
    }

    @Test
    void aReservationAskingHeadroomIsAdmittedOnlyWhileEveryCounterKeepsItFree() throws Exception {
        Budget key = budget("key", 10.00, BudgetPeriod.DAY);
        Budget team = budget("team", 1.00, BudgetPeriod.MONTH);
        BudgetReservation roomy =
                new BudgetReservation(List.of(key, team), Budget.nanos(0.10), clock.instant(), Budget.nanos(0.90));
        assertThat(await(ledger.reserve(roomy)).admitted()).isTrue();

        BudgetDecision tight = await(ledger.reserve(
                new BudgetReservation(List.of(key, team), Budget.nanos(0.10), clock.instant(), Budget.nanos(0.81))));
        assertThat(tight.refused()).isEqualTo(team);
        assertThat(tight.spent())
                .extracting(BudgetDecision.Spent::nanos)
                .containsExactly(Budget.nanos(0.10), Budget.nanos(0.10));
        assertThat(await(ledger.reserve(ask(0.90, key, team))).admitted())
                .as("asking no headroom, the cap itself is what limits")
                .isTrue();
    }

    @Test
    void concurrentReservationsNeverPassTheCap() throws Exception {
        Budget key = budget("key", 1.00, BudgetPeriod.TOTAL);
        List<Future<BudgetDecision>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(ledger.reserve(ask(0.03, key)));
        }
        int admitted = 0;
        for (Future<BudgetDecision> f : all) {
            admitted += await(f).admitted() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(33);
    }
}
