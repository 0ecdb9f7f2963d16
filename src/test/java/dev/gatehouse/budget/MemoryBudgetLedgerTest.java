package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.BudgetPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetLedgerTest extends BudgetLedgerContract {

    @Override
    protected BudgetLedger newLedger() {
        return new MemoryBudgetLedger();
    }

    private BudgetDecision reserve(MemoryBudgetLedger memory, Budget budget, double dollars) {
        return memory.reserve(new BudgetReservation(List.of(budget), Budget.nanos(dollars), clock.instant()))
                .result();
    }

    @Test
    void aSeededSpendCountsTowardsTheCapOfItsOwnPeriodOnly() {
        MemoryBudgetLedger memory = new MemoryBudgetLedger();
        Budget daily = new Budget("key", "k1", Budget.nanos(1.00), BudgetPeriod.DAY, Budget.nanos(0.80));
        Instant today = BudgetPeriod.DAY.start(clock.instant());
        memory.seed(List.of(
                new PeriodSpend(daily, today, Budget.nanos(0.70)),
                new PeriodSpend(daily, today.minus(Duration.ofDays(1)), Budget.nanos(5.00))));

        BudgetDecision refused = reserve(memory, daily, 0.40);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.spent().get(0).nanos()).isEqualTo(Budget.nanos(0.70));
        assertThat(reserve(memory, daily, 0.30).admitted()).isTrue();

        clock.advance(Duration.ofDays(1));
        assertThat(reserve(memory, daily, 0.90).spent().get(0).nanos())
                .as("tomorrow starts from zero")
                .isEqualTo(900_000_000);
    }
}
