/** Dollar budgets: the budget ledger SPI (memory, Redis, failover), worst-case pricing, alerts, seeding, and the charging stage. */
@NullMarked
package dev.gatehouse.budget;

import org.jspecify.annotations.NullMarked;
