/** The OpenAI-compatible client API: reading and validating requests into the canonical request. */
@NullMarked
package dev.gatehouse.api;

import org.jspecify.annotations.NullMarked;
