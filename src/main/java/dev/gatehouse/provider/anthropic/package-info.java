/** The Anthropic Messages dialect: requests, answers, streams, usage and errors to and from the canonical form. */
@NullMarked
package dev.gatehouse.provider.anthropic;

import org.jspecify.annotations.NullMarked;
