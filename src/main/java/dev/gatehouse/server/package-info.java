/** Wiring: the gateway server's start, reload and stop, live state, HTTP routes, the stage order and the reply writers. */
@NullMarked
package dev.gatehouse.server;

import org.jspecify.annotations.NullMarked;
