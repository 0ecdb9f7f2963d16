package dev.gatehouse.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.prompts.template.PromptTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a YAML config file into a validated {@link GatewayConfig}, reporting every problem with its
 * path rather than stopping at the first one.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration MAX_KEEP_ALIVE = Duration.ofHours(1);

    private final Map<String, String> env;
    private final Path dataDir;
    private final GuardrailTypes guardrailTypes;

    /** A loader whose default file locations (SQLite file, spool) are in the working directory. */
    public ConfigLoader(Map<String, String> env) {
        this(env, Path.of(""));
    }

    /**
     * @param dataDir where the files the config does not place go: the SQLite store and the usage
     *     spool (paths the config does give are used as written)
     */
    public ConfigLoader(Map<String, String> env, Path dataDir) {
        this(env, dataDir, GuardrailTypes.NONE);
    }

    /** @param guardrailTypes the guardrail types {@code guardrails:} entries may name */
    public ConfigLoader(Map<String, String> env, Path dataDir, GuardrailTypes guardrailTypes) {
        this.env = env;
        this.dataDir = dataDir;
        this.guardrailTypes = guardrailTypes;
    }

    /** This loader, reading {@code guardrails:} entries of {@code types}. */
    public ConfigLoader withGuardrailTypes(GuardrailTypes types) {
        return new ConfigLoader(env, dataDir, types);
    }

    public GatewayConfig load(Path file) throws ConfigException {
        return parse(read(file), file.toString());
    }

    /**
     * Only the {@code store} section of a config file, for commands that read the store and nothing
     * else: the rest of the file is not checked, so a provider secret missing from the environment
     * does not stop a usage report.
     */
    public StoreSettings loadStore(Path file) throws ConfigException {
        String source = file.toString();
        JsonNode root = readRoot(read(file), source);
        List<ConfigProblem> problems = new ArrayList<>();
        EnvSubstitution substitution = new EnvSubstitution(env);
        StoreSettings store = StorageReader.store(new ConfigNode(root, "", problems, substitution), dataDir);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, substitution.withoutFollowOns(problems));
        }
        return store;
    }

    private static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(
                    file.toString(), List.of(new ConfigProblem("", "cannot be read: " + e.getMessage())));
        }
    }

    /** The parsed document, an empty mapping for an empty file. */
    private static JsonNode readRoot(String yaml, String source) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ConfigException(
                    source,
                    List.of(new ConfigProblem("", "is not valid YAML" + where + ": " + e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = YAML.createObjectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(
                    source,
                    List.of(new ConfigProblem("", "must be a mapping with server, providers, models and keys")));
        }
        return root;
    }

    public GatewayConfig parse(String yaml, String source) throws ConfigException {
        JsonNode root = readRoot(yaml, source);
        List<ConfigProblem> problems = new ArrayList<>();
        EnvSubstitution substitution = new EnvSubstitution(env);
        ConfigNode top = new ConfigNode(root, "", problems, substitution);
        ServerSettings server = readServer(top.object("server"));
        Map<String, ProviderSettings> providers = readProviders(top, server.streamIdleTimeout());
        RouterSettings router = RouterSettingsReader.read(top.object("router"));
        StoreSettings store = StorageReader.store(top, dataDir);
        StateSettings state = StorageReader.state(top);
        LimitSettings limits = LimitSettings.read(top.object("limits"));
        UsageSettings usage = UsageSettingsReader.read(top, dataDir);
        CacheSettings cache = CacheSettingsReader.read(top.object("cache"), CacheSettings.defaults(), true);
        ModelGroupReader groups = new ModelGroupReader(providers, server.streamIdleTimeout(), cache);
        ResponsesSettings responses = ResponsesSettings.read(top.object("responses"));
        TracingSettings tracing = TracingSettings.read(top, top.object("tracing"), env);
        MetricsSettings metrics = MetricsSettings.read(top, top.object("metrics"), env);
        McpSettings mcp = McpSettingsReader.read(top.object("mcp"));
        UiSettings ui = UiSettings.read(top.object("ui"));
        AlertSettings alerts = AlertRulesReader.read(top.object("alerts"));
        BatchSettings batches = BatchSettings.read(top.object("batches"), dataDir);
        List<ModelGroup> models = top.objectList("models", groups::read);
        groups.checkLinks(models, problems);
        Set<String> keyIds = new HashSet<>();
        Set<String> keyHashes = new HashSet<>();
        List<KeySettings> keys = top.objectList("keys", node -> readKey(node, keyIds, keyHashes));
        GuardrailsConfig guardrails = GuardrailsConfig.read(top, guardrailTypes, providers);
        List<PromptTemplate> prompts = PromptsReader.read(top);
        StoredConfigSettings storedConfig = StoredConfigSettings.read(top, env);
        top.finish();
        if (!problems.isEmpty()) {
            throw new ConfigException(source, substitution.withoutFollowOns(problems));
        }
        return GatewayConfig.builder(server, providers, models, store, usage)
                .keys(keys)
                .router(router)
                .state(state)
                .limits(limits)
                .cache(cache)
                .responses(responses)
                .tracing(tracing)
                .metrics(metrics)
                .guardrails(guardrails)
                .mcp(mcp)
                .ui(ui)
                .prompts(prompts)
                .alerts(alerts)
                .batches(batches)
                .storedConfig(storedConfig)
                .build();
    }

    private ServerSettings readServer(@Nullable ConfigNode node) {
        ServerSettings d = ServerSettings.defaults();
        if (node == null) {
            return d;
        }
        ServerSettings s = new ServerSettings(
                node.string("host", d.host()),
                node.integer("port", d.port(), 0, 65535),
                node.string("master_key", false),
                node.size("max_body_size", d.maxBodyBytes()),
                node.duration("stream_idle_timeout", d.streamIdleTimeout()),
                node.bool("access_log", d.accessLog()),
                new MetricsAccess(
                        node.has("metrics_auth") ? node.bool("metrics_auth", true) : null,
                        node.string("metrics_key", false)),
                new ConnectionLimits(
                        positive(node, "header_timeout", d.connections().headerTimeout()),
                        positive(node, "body_timeout", d.connections().bodyTimeout()),
                        positive(node, "idle_timeout", d.connections().idleTimeout()),
                        node.integer("max_connections", d.connections().maxConnections(), 1, 1_000_000)),
                node.size("max_upload_size", d.maxUploadBytes()));
        ConfigNode shutdown = node.object("shutdown");
        if (shutdown != null) {
            s = s.withShutdown(ShutdownSettings.read(shutdown));
        }
        String transportName = node.string("io_transport", false);
        if (transportName != null) {
            IoTransport transport = IoTransport.parse(transportName.trim().toLowerCase(Locale.ROOT));
            if (transport == null) {
                node.problem(
                        "io_transport",
                        "'" + transportName + "' is not an I/O transport; use one of " + IoTransport.choices());
            } else {
                s = s.withIoTransport(transport);
            }
        }
        node.finish();
        return s;
    }

    private static Duration positive(ConfigNode node, String field, Duration fallback) {
        Duration value = node.duration(field, fallback);
        if (value.isZero()) {
            node.problem(field, "must be longer than 0");
            return fallback;
        }
        return value;
    }

    private Map<String, ProviderSettings> readProviders(ConfigNode top, Duration idleDefault) {
        return top.namedObjects("providers", (name, node) -> readProvider(name, node, idleDefault));
    }

    static @Nullable ProviderSettings readProvider(String name, ConfigNode node, Duration idleDefault) {
        String typeName = node.string("type", true);
        ProviderType type = typeName == null ? null : ProviderType.parse(typeName.toLowerCase(Locale.ROOT));
        if (typeName != null && type == null) {
            node.problem("type", "'" + typeName + "' is not a provider type; use one of " + ProviderType.choices());
        }
        CompatProfiles.@Nullable Profile profile = readProfile(node, type);
        String region = node.string("region", type == ProviderType.BEDROCK);
        String baseUrl = node.string("base_url", false);
        if (baseUrl == null && type != null) {
            baseUrl = DefaultUrls.of(type, profile, region);
            if (baseUrl == null && type != ProviderType.MOCK) {
                node.problem("base_url", "is required for providers of type " + type.configName());
            }
        } else if (baseUrl != null) {
            baseUrl = checkBaseUrl(node, baseUrl);
        }
        String apiKey = node.string("api_key", false);
        Map<String, String> headers = node.stringMap("headers");
        Timeouts timeouts = readTimeouts(node.object("timeouts"), idleDefault);
        ConfigNode mockNode = node.object("mock");
        MockSettings mock = type == ProviderType.MOCK ? readMock(mockNode) : null;
        if (mockNode != null && type != ProviderType.MOCK) {
            node.problem("mock", "only applies to providers of type mock");
        }
        String apiVersion = node.string("api_version", false);
        DialectOptions options = new DialectOptions(
                        apiVersion != null ? apiVersion : DefaultUrls.apiVersion(type, profile),
                        node.integer("default_max_tokens", DialectOptions.DEFAULT_MAX_TOKENS, 1, 1_000_000),
                        region,
                        readAws(node, type),
                        readCompatRules(node, profile))
                // OpenAI's own API serves /v1/responses; the compatible servers' profiles may not.
                .withResponsesApi(type == ProviderType.OPENAI
                        && profile != null
                        && profile.name().equals("openai"));
        if (profile == null || profile.apiVersion() == null) {
            onlyFor(node, type, "api_version", ProviderType.ANTHROPIC);
        }
        onlyFor(node, type, "default_max_tokens", ProviderType.ANTHROPIC, ProviderType.BEDROCK);
        onlyFor(node, type, "region", ProviderType.BEDROCK);
        HealthCheckSettings healthCheck = HealthCheckReader.read(node.object("health_check"));
        if (type == ProviderType.BEDROCK && node.has("health_check")) {
            // Bedrock's model listing is on another host (bedrock, not bedrock-runtime): nothing to probe.
            node.problem("health_check", "does not apply to providers of type bedrock, which are never probed");
        }
        return type == null
                ? null
                : new ProviderSettings(name, type, baseUrl, apiKey, headers, timeouts, mock, options, healthCheck);
    }

    /**
     * The provider's OpenAI-compatible profile: the one it names, OpenAI's for {@code type: openai}
     * naming none, Azure's for {@code type: azure} (Azure OpenAI is OpenAI's dialect at other URLs
     * with another key header: data, not a dialect of its own); none for other types.
     */
    private static CompatProfiles.@Nullable Profile readProfile(ConfigNode node, @Nullable ProviderType type) {
        String name = node.string("profile", false);
        if (name == null) {
            if (type == ProviderType.OPENAI) {
                return CompatProfiles.get("openai");
            }
            return type == ProviderType.AZURE ? CompatProfiles.get("azure") : null;
        }
        CompatProfiles.@Nullable Profile profile = CompatProfiles.get(name);
        if (type != ProviderType.OPENAI) {
            node.problem("profile", "only applies to providers of type openai");
        } else if (profile == null) {
            node.problem(
                    "profile",
                    "'" + name + "' is not a known profile; use one of " + String.join(", ", CompatProfiles.names()));
        }
        return profile;
    }

    private static CompatRules readCompatRules(ConfigNode node, CompatProfiles.@Nullable Profile profile) {
        CompatRules rules = profile == null ? CompatRules.NONE : profile.rules();
        String rerankPath = node.string("rerank_path", false);
        if (rerankPath != null) {
            rules = rules.withRerankPath(rerankPath);
        }
        return rules.withParams(
                node.strings("drop_params"), node.strings("unsupported_params"), node.stringMap("rename_params"));
    }

    private static @Nullable AwsCredentials readAws(ConfigNode node, @Nullable ProviderType type) {
        String keyId = node.string("access_key_id", false);
        String secret = node.string("secret_access_key", false);
        String token = node.string("session_token", false);
        onlyFor(node, type, "access_key_id", ProviderType.BEDROCK);
        onlyFor(node, type, "secret_access_key", ProviderType.BEDROCK);
        onlyFor(node, type, "session_token", ProviderType.BEDROCK);
        if (type != ProviderType.BEDROCK) {
            return null;
        }
        if (keyId == null || secret == null) {
            node.problem(
                    null,
                    "needs access_key_id and secret_access_key (e.g. ${AWS_ACCESS_KEY_ID} and ${AWS_SECRET_ACCESS_KEY})");
            return null;
        }
        return new AwsCredentials(keyId, secret, token);
    }

    private static void onlyFor(ConfigNode node, @Nullable ProviderType type, String field, ProviderType... types) {
        if (type == null || !node.has(field)) {
            return;
        }
        for (ProviderType t : types) {
            if (t == type) {
                return;
            }
        }
        node.problem(field, "does not apply to providers of type " + type.configName());
    }

    private static @Nullable String checkBaseUrl(ConfigNode node, String baseUrl) {
        try {
            URI uri = new URI(baseUrl);
            String scheme = uri.getScheme();
            if ((!"http".equals(scheme) && !"https".equals(scheme)) || uri.getHost() == null) {
                node.problem("base_url", "must be an http:// or https:// URL, got '" + baseUrl + "'");
                return null;
            }
        } catch (URISyntaxException e) {
            node.problem("base_url", "is not a valid URL: " + e.getReason());
            return null;
        }
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    private static Timeouts readTimeouts(@Nullable ConfigNode node, Duration idleDefault) {
        Timeouts d = Timeouts.defaults(idleDefault);
        if (node == null) {
            return d;
        }
        Timeouts t = new Timeouts(
                node.duration("connect", d.connect()),
                node.duration("first_byte", d.firstByte()),
                node.duration("idle", d.idle()),
                node.duration("total", d.total()),
                keepAlive(node, d.keepAlive()));
        node.finish();
        return t;
    }

    /** Zero would leave no reuse at all and a long keep-alive outlives the provider's: both are mistakes. */
    private static Duration keepAlive(ConfigNode node, Duration fallback) {
        Duration value = node.duration("keep_alive", fallback);
        if (value.isZero() || value.compareTo(MAX_KEEP_ALIVE) > 0) {
            node.problem("keep_alive", "must be longer than 0 and at most " + MAX_KEEP_ALIVE.toMinutes() + "m");
            return fallback;
        }
        return value;
    }

    private static MockSettings readMock(@Nullable ConfigNode node) {
        MockSettings d = MockSettings.defaults();
        if (node == null) {
            return d;
        }
        MockSettings m = new MockSettings(
                node.duration("latency", d.latency()),
                node.duration("chunk_interval", d.chunkInterval()),
                node.integer("reply_words", d.replyWords(), 1, 100_000),
                node.number("error_rate", d.errorRate(), 0.0, 1.0),
                node.integer("error_status", d.errorStatus(), 400, 599));
        node.finish();
        return m;
    }

    private static @Nullable KeySettings readKey(ConfigNode node, Set<String> seenIds, Set<String> seenHashes) {
        String id = node.string("id", true);
        String key = node.string("key", false);
        String hash = node.string("key_hash", false);
        List<String> models = node.strings("models");
        if (id != null && !ID.matcher(id).matches()) {
            node.problem("id", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (key != null && hash != null) {
            node.problem("key_hash", "give key or key_hash, not both");
            return null;
        }
        String hex;
        if (key != null) {
            if (key.length() < 16) {
                node.problem("key", "must be at least 16 characters");
                return null;
            }
            hex = KeyHashing.sha256Hex(key);
        } else if (hash == null) {
            node.problem(null, "needs either key (the secret, e.g. ${MY_KEY}) or key_hash (sha256:<hex>)");
            return null;
        } else {
            hex = hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : hash;
            if (!SHA256_HEX.matcher(hex).matches()) {
                node.problem("key_hash", "must be sha256: followed by 64 lowercase hex digits");
                return null;
            }
        }
        if (id != null && !seenIds.add(id)) {
            node.problem("id", "'" + id + "' is used by another key");
        }
        if (!seenHashes.add(hex)) {
            node.problem(null, "has the same secret as another key");
        }
        return id == null ? null : new KeySettings(id, hex, models);
    }
}
