/** The Gemini dialect: requests, answers, streams, usage and errors to and from the canonical form. */
@NullMarked
package dev.gatehouse.provider.gemini;

import org.jspecify.annotations.NullMarked;
