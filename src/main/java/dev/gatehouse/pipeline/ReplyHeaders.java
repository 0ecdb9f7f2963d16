package dev.gatehouse.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers that limit and budget stages add to the answer, success or error ({@code x-ratelimit-*},
 * {@code x-gatehouse-budget-warning}). The server writes them with the other response headers.
 * Touched only on the request's event loop.
 */
public final class ReplyHeaders {

    public static final Exchange.Key<Map<String, String>> KEY = Exchange.Key.of("reply-headers");

    private ReplyHeaders() {}

    public static void put(Exchange ex, String name, String value) {
        Map<String, String> headers = ex.find(KEY);
        if (headers == null) {
            headers = new LinkedHashMap<>();
            ex.put(KEY, headers);
        }
        headers.put(name, value);
    }
}
