/**
 * OpenAI's Responses API ({@code /v1/responses}) in both directions: its requests to the canonical
 * chat request, and canonical answers and streams to Response objects and typed stream events.
 */
@NullMarked
package dev.gatehouse.api.responses;

import org.jspecify.annotations.NullMarked;
