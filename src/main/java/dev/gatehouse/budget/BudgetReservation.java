package dev.gatehouse.budget;

import java.time.Instant;
import java.util.List;

/**
 * A request's worst-case cost held against every budget it falls under, in the periods current at
 * {@code at} (a request that ends after midnight still settles into the day it started in).
 *
 * <p>Each budget's period start and counter name are worked out once, here: the ledger, the
 * alerts and the settle each ask for them, and building the name was a string per question.
 * Immutable; compared by identity (a ledger may key what it holds in flight by its reservation).
 */
public final class BudgetReservation {

    private final List<Budget> budgets;
    private final long nanos;
    private final Instant at;
    private final long headroomNanos;
    private final Instant[] periodStarts;
    private final String[] counters;

    /**
     * @param budgets in the order refusals are reported (key first)
     * @param nanos the worst-case cost in nano-dollars
     */
    public BudgetReservation(List<Budget> budgets, long nanos, Instant at) {
        this(budgets, nanos, at, 0);
    }

    /**
     * A reservation admitted only while every budget keeps {@code headroomNanos} free beyond it: a
     * ledger refuses it when any counter plus {@code nanos} plus {@code headroomNanos} would pass
     * that budget's cap, and then charges nothing, as for any refusal.
     */
    public BudgetReservation(List<Budget> budgets, long nanos, Instant at, long headroomNanos) {
        this.budgets = List.copyOf(budgets);
        this.nanos = nanos;
        this.at = at;
        this.headroomNanos = headroomNanos;
        this.periodStarts = new Instant[this.budgets.size()];
        this.counters = new String[this.budgets.size()];
        for (int i = 0; i < counters.length; i++) {
            Budget b = this.budgets.get(i);
            periodStarts[i] = b.period().start(at);
            counters[i] = b.counter(periodStarts[i].toEpochMilli());
        }
    }

    private BudgetReservation(BudgetReservation same, long nanos) {
        this.budgets = same.budgets;
        this.nanos = nanos;
        this.at = same.at;
        this.headroomNanos = 0;
        this.periodStarts = same.periodStarts;
        this.counters = same.counters;
    }

    /** The same budgets and periods for another worst case, asking no headroom. */
    public BudgetReservation withNanos(long otherNanos) {
        return new BudgetReservation(this, otherNanos);
    }

    public List<Budget> budgets() {
        return budgets;
    }

    public long nanos() {
        return nanos;
    }

    public Instant at() {
        return at;
    }

    /** What every budget must keep free beyond this reservation for it to be admitted; usually 0. */
    public long headroomNanos() {
        return headroomNanos;
    }

    /** The start of the period of the {@code i}th budget. */
    Instant periodStart(int i) {
        return periodStarts[i];
    }

    /** The counter of the {@code i}th budget in its period. */
    String counter(int i) {
        return counters[i];
    }

    /** The counter of {@code b} in its period current at {@link #at}. */
    String counter(Budget b) {
        for (int i = 0; i < counters.length; i++) {
            if (budgets.get(i) == b) {
                return counters[i];
            }
        }
        return b.counter(b.period().start(at).toEpochMilli());
    }

    @Override
    public String toString() {
        return "BudgetReservation[budgets=" + budgets + ", nanos=" + nanos + ", at=" + at + ", headroomNanos="
                + headroomNanos + "]";
    }
}
