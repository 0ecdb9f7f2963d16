/** Redis plumbing shared by every Redis-backed feature: clients, failover, health and scripts. */
@NullMarked
package dev.gatehouse.redis;

import org.jspecify.annotations.NullMarked;
