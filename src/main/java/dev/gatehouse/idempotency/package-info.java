/** Idempotency: the idempotency store SPI (memory, Redis), recorded and replayed answers and streams, and the idempotency stage. */
@NullMarked
package dev.gatehouse.idempotency;

import org.jspecify.annotations.NullMarked;
