/** The Cohere dialect: requests, answers, streams, usage and errors to and from the canonical form. */
@NullMarked
package dev.gatehouse.provider.cohere;

import org.jspecify.annotations.NullMarked;
