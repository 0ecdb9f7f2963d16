package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.Priority;
import dev.gatehouse.config.RoutingStrategy;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.IncomingRequest;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request's {@link RequestOptions}: the JSON object of {@code x-gateway-options}, and the
 * headers that make the same choices ({@code x-gatehouse-tags}; {@code Cache-Control: no-cache} /
 * {@code no-store}, {@code x-gatehouse-cache-ttl}, {@code x-gatehouse-cache-namespace}). Strict: an
 * unknown option or a bad value is a 400 whose {@code param} names it ({@code x-gateway-options.<name>}
 * or the header). A choice made both in a header and in the JSON must agree, else 400: no silent
 * precedence. Pure; runs on the event loop.
 */
public final class RequestOptionsReader {

    public static final String HEADER = "x-gateway-options";
    public static final String CACHE_TTL_HEADER = "x-gatehouse-cache-ttl";
    public static final String CACHE_NAMESPACE_HEADER = "x-gatehouse-cache-namespace";
    public static final String PRIORITY_HEADER = "x-gatehouse-priority";

    static final int MAX_TAGS = 64;
    static final int MAX_TAG_LENGTH = 200;
    static final int MAX_METADATA = 32;
    static final int MAX_METADATA_KEY = 64;
    static final int MAX_METADATA_VALUE = 512;
    static final int MAX_FALLBACKS = 10;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** No request waits longer than a day for anything; a larger number is a mistake (ms for s). */
    private static final Duration LONGEST = Duration.ofDays(1);

    private RequestOptionsReader() {}

    /**
     * @param config the snapshot the request runs under, to check a pinned provider exists
     * @throws GatewayError 400 naming the option or header at fault
     */
    public static RequestOptions read(IncomingRequest request, GatewayConfig config) {
        Builder b = new Builder();
        if (request.headers().getAll(HEADER).size() > 1) {
            // Which one would win depends on the client's header order: refuse rather than guess.
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "The '" + HEADER + "' header was sent more than once. Send one JSON object with every option.",
                    HEADER,
                    "invalid_value");
        }
        String json = request.header(HEADER);
        if (json != null) {
            readJson(json, config, b);
        }
        readHeaders(request, b);
        return b.build();
    }

    private static void readJson(String text, GatewayConfig config, Builder b) {
        JsonNode root = Json.tryParse(Buffer.buffer(text))
                .orElseThrow(() -> GatewayError.of(
                        ErrorKind.INVALID_REQUEST,
                        "The '" + HEADER + "' header is not valid JSON. Send one JSON object, such as"
                                + " {\"tags\":[\"search\"],\"timeout\":30}.",
                        HEADER,
                        "invalid_json"));
        if (!root.isObject()) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "The '" + HEADER + "' header must be a JSON object, got " + kind(root) + ".",
                    HEADER,
                    "invalid_value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String param = HEADER + "." + field.getKey();
            RequestOption option = RequestOption.parse(field.getKey());
            if (option == null) {
                throw GatewayError.of(
                        ErrorKind.INVALID_REQUEST,
                        "Unknown option '" + field.getKey() + "' in '" + HEADER + "'. Known options: "
                                + RequestOption.choices() + ".",
                        param,
                        "unknown_option");
            }
            JsonNode v = field.getValue();
            b.used.put(option, param);
            switch (option) {
                case PROVIDER -> {
                    String provider = name(v, param);
                    if (!config.providers().containsKey(provider)) {
                        throw bad(param, "names no configured provider: '" + provider + "'");
                    }
                    b.provider = provider;
                }
                case DEPLOYMENT -> {
                    String deployment = name(v, param);
                    if (deployment.indexOf('/') <= 0 || deployment.endsWith("/")) {
                        throw bad(param, "must name a deployment as 'provider/model', got '" + deployment + "'");
                    }
                    b.deployment = deployment;
                }
                case STRATEGY -> b.strategy = strategy(v, param);
                case FALLBACKS -> b.fallbacks = fallbacks(v, param);
                case TIMEOUT -> b.timeout = duration(v, param);
                case FIRST_BYTE_TIMEOUT -> b.firstByteTimeout = duration(v, param);
                case RETRIES -> {
                    if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 100) {
                        throw bad(param, "must be a whole number from 0 to 100, got " + v);
                    }
                    b.retries = v.asInt();
                }
                case CACHE -> cache(v, param, b);
                case TAGS -> b.tags = tags(v, param);
                case METADATA -> b.metadata = metadata(v, param);
                case PROMPT -> b.prompt = PromptReference.read(v, param);
                case PRIORITY -> b.priority = priority(v.isTextual() ? v.asText() : v.toString(), param);
            }
        }
    }

    private static void readHeaders(IncomingRequest request, Builder b) {
        String tagsHeader = request.header(StoredText.TAGS_HEADER);
        if (tagsHeader != null) {
            if (StoredText.hasNul(tagsHeader)) {
                // HTTP/1.1's parser refuses a NUL in a header; HTTP/2's lets it through.
                throw GatewayError.of(
                        ErrorKind.INVALID_REQUEST,
                        "Invalid '" + StoredText.TAGS_HEADER
                                + "' header: it contains a NUL character (\\u0000), which is not allowed.",
                        StoredText.TAGS_HEADER,
                        "invalid_value");
            }
            List<String> tags = new ArrayList<>();
            for (String t : tagsHeader.split(",")) {
                if (!t.isBlank()) {
                    tags.add(t.trim());
                }
            }
            if (!tags.isEmpty()) {
                agree(b.tags.isEmpty() ? null : b.tags, tags, "tags", StoredText.TAGS_HEADER);
                b.tags = tags;
                b.used.putIfAbsent(RequestOption.TAGS, StoredText.TAGS_HEADER);
            }
        }
        String priorityHeader = request.header(PRIORITY_HEADER);
        if (priorityHeader != null) {
            Priority p = priority(priorityHeader.trim(), PRIORITY_HEADER);
            agree(b.priority, p, "priority", PRIORITY_HEADER);
            b.priority = p;
            b.used.putIfAbsent(RequestOption.PRIORITY, PRIORITY_HEADER);
        }
        String cacheControl = request.header("cache-control");
        if (cacheControl != null) {
            for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
                switch (directive.trim()) {
                    case "no-cache" -> b.cacheRead = cacheHeader(b, b.cacheRead, false, "cache.read", "cache-control");
                    case "no-store" -> {
                        // Neither read nor write, as HTTP's no-store asks of any cache on the way.
                        b.cacheRead = cacheHeader(b, b.cacheRead, false, "cache.read", "cache-control");
                        b.cacheWrite = cacheHeader(b, b.cacheWrite, false, "cache.write", "cache-control");
                    }
                    default -> {
                        // Other directives (max-age, ...) say nothing the gateway's cache acts on.
                    }
                }
            }
        }
        String ttl = request.header(CACHE_TTL_HEADER);
        if (ttl != null) {
            Duration d = durationText(ttl.trim(), CACHE_TTL_HEADER);
            b.cacheTtl = cacheHeader(b, b.cacheTtl, d, "cache.ttl", CACHE_TTL_HEADER);
        }
        String namespace = request.header(CACHE_NAMESPACE_HEADER);
        if (namespace != null) {
            String ns = namespace(namespace.trim(), CACHE_NAMESPACE_HEADER);
            b.cacheNamespace = cacheHeader(b, b.cacheNamespace, ns, "cache.namespace", CACHE_NAMESPACE_HEADER);
        }
    }

    private static <T> T cacheHeader(Builder b, @Nullable T fromJson, T fromHeader, String option, String header) {
        agree(fromJson, fromHeader, option, header);
        // Cache-Control only ever turns caching off, as HTTP lets any client do; some clients send it
        // on their own. It is not an option a key must be granted.
        if (!header.equals("cache-control")) {
            b.used.putIfAbsent(RequestOption.CACHE, header);
        }
        return fromHeader;
    }

    /** The same choice made in the JSON and in a header must agree. */
    private static void agree(@Nullable Object fromJson, Object fromHeader, String option, String header) {
        if (fromJson != null && !Objects.equals(fromJson, fromHeader)) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "The '" + header + "' header and '" + HEADER + "." + option
                            + "' disagree. Make the choice in one place.",
                    HEADER + "." + option,
                    "conflicting_options");
        }
    }

    private static void cache(JsonNode v, String param, Builder b) {
        if (!v.isObject()) {
            throw bad(param, "must be an object such as {\"read\":false}, got " + kind(v));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String sub = param + "." + field.getKey();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "read" -> b.cacheRead = bool(value, sub);
                case "write" -> b.cacheWrite = bool(value, sub);
                case "ttl" -> b.cacheTtl = duration(value, sub);
                case "namespace" -> {
                    if (!value.isTextual()) {
                        throw bad(sub, "must be a string, got " + kind(value));
                    }
                    b.cacheNamespace = namespace(value.asText(), sub);
                }
                default ->
                    throw GatewayError.of(
                            ErrorKind.INVALID_REQUEST,
                            "Unknown cache option '" + field.getKey() + "'. Known: read, write, ttl, namespace.",
                            sub,
                            "unknown_option");
            }
        }
    }

    private static String namespace(String value, String param) {
        if (!NAMESPACE.matcher(value).matches()) {
            throw bad(param, "must be 1 to 64 characters of letters, digits and . _ : -, got '" + value + "'");
        }
        return value;
    }

    private static boolean bool(JsonNode v, String param) {
        if (!v.isBoolean()) {
            throw bad(param, "must be true or false, got " + kind(v));
        }
        return v.booleanValue();
    }

    private static RoutingStrategy strategy(JsonNode v, String param) {
        RoutingStrategy s = v.isTextual() ? RoutingStrategy.parse(v.asText()) : null;
        // Complexity routing picks a group by tier from the config's tiers; a request cannot bring its own.
        if (s == null || s == RoutingStrategy.COMPLEXITY) {
            throw bad(param, "must be one of fallback, weighted, cheapest, fastest, least_busy, got " + v);
        }
        return s;
    }

    private static List<String> fallbacks(JsonNode v, String param) {
        if (!v.isArray() || v.size() > MAX_FALLBACKS) {
            throw bad(param, "must be a list of at most " + MAX_FALLBACKS + " model names, got " + kind(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(name(v.get(i), param + "[" + i + "]"));
        }
        return out;
    }

    private static List<String> tags(JsonNode v, String param) {
        if (!v.isArray() || v.size() > MAX_TAGS) {
            throw bad(param, "must be a list of at most " + MAX_TAGS + " strings, got " + kind(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String at = param + "[" + i + "]";
            String tag = name(v.get(i), at).trim();
            // The store keeps a record's tags as one comma-separated column.
            if (tag.length() > MAX_TAG_LENGTH || tag.indexOf(',') >= 0) {
                throw bad(at, "must be at most " + MAX_TAG_LENGTH + " characters without a comma");
            }
            out.add(tag);
        }
        return out;
    }

    private static Map<String, String> metadata(JsonNode v, String param) {
        if (!v.isObject() || v.size() > MAX_METADATA) {
            throw bad(param, "must be an object of at most " + MAX_METADATA + " string values, got " + kind(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = param + "." + field.getKey();
            if (field.getKey().isEmpty()
                    || field.getKey().length() > MAX_METADATA_KEY
                    || StoredText.hasNul(field.getKey())) {
                throw bad(at, "keys must be 1 to " + MAX_METADATA_KEY + " characters without NUL");
            }
            JsonNode value = field.getValue();
            if (!value.isTextual()
                    || value.asText().length() > MAX_METADATA_VALUE
                    || StoredText.hasNul(value.asText())) {
                throw bad(at, "must be a string of at most " + MAX_METADATA_VALUE + " characters without NUL");
            }
            out.put(field.getKey(), value.asText());
        }
        return out;
    }

    /** A non-empty string without NUL. */
    private static String name(@Nullable JsonNode v, String param) {
        if (v == null || !v.isTextual() || v.asText().isBlank() || StoredText.hasNul(v.asText())) {
            throw bad(param, "must be a non-empty string, got " + (v == null ? "nothing" : kind(v)));
        }
        return v.asText();
    }

    /** Seconds as a number (as OpenAI's SDKs take {@code timeout}), or {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    private static Duration duration(JsonNode v, String param) {
        Duration d;
        if (v.isNumber()) {
            double seconds = v.asDouble();
            if (!(seconds > 0) || seconds > LONGEST.toSeconds()) {
                throw bad(param, "must be more than 0 and at most a day, got " + v);
            }
            d = Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
        } else if (v.isTextual()) {
            d = durationText(v.asText(), param);
        } else {
            throw bad(param, "must be seconds (a number) or a duration such as 500ms, 30s or 5m, got " + kind(v));
        }
        return d;
    }

    private static Duration durationText(String text, String param) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw bad(param, "must be seconds or a duration such as 500ms, 30s or 5m, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero() || d.compareTo(LONGEST) > 0) {
            throw bad(param, "must be more than 0 and at most a day, got '" + text + "'");
        }
        return d;
    }

    private static Priority priority(String wire, String param) {
        Priority p = Priority.parse(wire);
        if (p == null) {
            throw bad(param, "must be high, normal or low, got '" + wire + "'");
        }
        return p;
    }

    private static String kind(JsonNode v) {
        return v.isObject() ? "an object" : v.isArray() ? "a list" : v.isTextual() ? "a string" : v.toString();
    }

    private static GatewayError bad(String param, String what) {
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST, "Invalid '" + param + "': " + what + ".", param, "invalid_value");
    }

    private static final class Builder {
        private @Nullable String provider;
        private @Nullable String deployment;
        private @Nullable RoutingStrategy strategy;
        private @Nullable List<String> fallbacks;
        private @Nullable Duration timeout;
        private @Nullable Duration firstByteTimeout;
        private @Nullable Integer retries;
        private @Nullable Boolean cacheRead;
        private @Nullable Boolean cacheWrite;
        private @Nullable Duration cacheTtl;
        private @Nullable String cacheNamespace;
        private List<String> tags = List.of();
        private Map<String, String> metadata = Map.of();
        private @Nullable PromptReference prompt;
        private @Nullable Priority priority;
        private final Map<RequestOption, String> used = new LinkedHashMap<>();

        RequestOptions build() {
            // Most requests choose nothing: share one record instead of building an empty one each time.
            if (used.isEmpty() && cacheRead == null && cacheWrite == null) {
                return RequestOptions.NONE;
            }
            return new RequestOptions(
                    provider,
                    deployment,
                    strategy,
                    fallbacks,
                    timeout,
                    firstByteTimeout,
                    retries,
                    new CacheOptions(cacheRead, cacheWrite, cacheTtl, cacheNamespace),
                    tags,
                    metadata,
                    prompt,
                    used,
                    priority);
        }
    }
}
