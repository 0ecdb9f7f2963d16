package dev.gatehouse.budget;

import io.vertx.core.Future;

/**
 * Dollar spend per budget and period, shared by everything that calls it: in this process
 * ({@link MemoryBudgetLedger}) or across instances ({@link RedisBudgetLedger}).
 *
 * <p>Reserve, then settle: {@link #reserve} adds the worst-case cost to every counter at once, or to
 * none when any would pass its cap; {@link #settle} replaces the worst case with the real cost;
 * {@link #release} takes the worst case back when the request produced nothing billable. Because a
 * counter holds reservations in flight at their worst case, concurrent requests can never together
 * pass a cap: the overshoot is bounded by how far real costs exceed their worst-case estimates.
 * A reservation may also ask {@linkplain BudgetReservation#headroomNanos headroom}: it is then
 * refused, and charges nothing, unless every counter keeps that much free beyond it.
 *
 * <p>Called on event loops; never blocks. Time comes from the reservation, stamped by the caller's
 * injected clock.
 */
public interface BudgetLedger {

    Future<BudgetDecision> reserve(BudgetReservation reservation);

    Future<Void> settle(BudgetReservation reservation, long actualNanos);

    Future<Void> release(BudgetReservation reservation);
}
