package dev.gatehouse.routing;

import java.util.List;

/**
 * Well-known model ids, used to list what a name pattern (such as {@code gpt-*}) serves, since a
 * pattern itself cannot be enumerated. From OpenAI's models page.
 */
final class KnownModels {

    static final List<String> IDS = List.of(
            "gpt-5",
            "gpt-5-mini",
            "gpt-5-nano",
            "gpt-4.1",
            "gpt-4.1-mini",
            "gpt-4.1-nano",
            "gpt-4o",
            "gpt-4o-mini",
            "o3",
            "o3-mini",
            "o4-mini",
            "o1",
            "gpt-4-turbo",
            "gpt-3.5-turbo",
            "text-embedding-3-small",
            "text-embedding-3-large",
            "text-embedding-ada-002");

    private KnownModels() {}
}
