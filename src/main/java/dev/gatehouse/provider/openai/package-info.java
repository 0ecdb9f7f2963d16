/** The OpenAI dialect (and OpenAI-compatible vendors): requests, answers, streams, usage and errors to and from the canonical form. */
@NullMarked
package dev.gatehouse.provider.openai;

import org.jspecify.annotations.NullMarked;
