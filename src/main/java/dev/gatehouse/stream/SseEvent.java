package dev.gatehouse.stream;

import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Event as defined by the WHATWG HTML standard ("event stream interpretation").
 *
 * @param event the {@code event:} field, or {@code null} when absent (type "message")
 * @param data the {@code data:} lines joined with newlines
 */
public record SseEvent(@Nullable String event, String data) {}
