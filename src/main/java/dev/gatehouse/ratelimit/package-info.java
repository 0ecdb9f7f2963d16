/** Rate limits: the rate limiter SPI (memory, Redis, failover), bucket arithmetic, the x-ratelimit headers and the enforcing stage. */
@NullMarked
package dev.gatehouse.ratelimit;

import org.jspecify.annotations.NullMarked;
