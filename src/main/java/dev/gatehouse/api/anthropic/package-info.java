/** The Anthropic Messages client API, translated to and from the canonical OpenAI shape. */
@NullMarked
package dev.gatehouse.api.anthropic;

import org.jspecify.annotations.NullMarked;
