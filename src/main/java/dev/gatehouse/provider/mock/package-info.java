/** The built-in simulated model: an HTTP server that speaks OpenAI's wire format. */
@NullMarked
package dev.gatehouse.provider.mock;

import org.jspecify.annotations.NullMarked;
