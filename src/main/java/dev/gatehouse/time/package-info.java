/** The gateway's one clock: wall time, monotonic readings and timers, injected so tests move time by hand. */
@NullMarked
package dev.gatehouse.time;

import org.jspecify.annotations.NullMarked;
