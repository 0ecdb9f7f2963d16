package dev.gatehouse.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configuration used when no file is given: each vendor whose key is in the environment gets a
 * provider and the model-name patterns of its models; when none is set, the mock provider answers
 * every name, so a newcomer can call the gateway at once.
 */
public final class ZeroConfig {

    static final String OPENAI_DEFAULT_URL = "https://api.openai.com/v1";

    /** Name patterns of OpenAI's own models (chat, reasoning, embeddings, moderation). */
    static final List<String> OPENAI_MODEL_PATTERNS = List.of(
            "gpt-*",
            "chatgpt-*",
            "o1*",
            "o3*",
            "o4*",
            "codex-*",
            "computer-use-*",
            "text-embedding-*",
            "omni-moderation-*",
            "davinci-*",
            "babbage-*");

    /**
     * A vendor the environment can configure: its key variable (and alternatives), base-URL
     * variable, and the names of its models.
     */
    private record Vendor(
            String name,
            ProviderType type,
            List<String> keyVariables,
            String urlVariable,
            @Nullable String profile,
            List<String> patterns) {}

    private static final List<Vendor> VENDORS = List.of(
            new Vendor(
                    "anthropic",
                    ProviderType.ANTHROPIC,
                    List.of("ANTHROPIC_API_KEY"),
                    "ANTHROPIC_BASE_URL",
                    null,
                    List.of("claude-*")),
            new Vendor(
                    "gemini",
                    ProviderType.GEMINI,
                    List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"),
                    "GEMINI_BASE_URL",
                    null,
                    List.of("gemini-*", "gemma-*", "text-embedding-004")),
            new Vendor(
                    "cohere",
                    ProviderType.COHERE,
                    List.of("COHERE_API_KEY", "CO_API_KEY"),
                    "COHERE_BASE_URL",
                    null,
                    List.of("command-*", "embed-*", "c4ai-*")),
            new Vendor(
                    "mistral",
                    ProviderType.OPENAI,
                    List.of("MISTRAL_API_KEY"),
                    "MISTRAL_BASE_URL",
                    "mistral",
                    List.of(
                            "mistral-*",
                            "open-mistral-*",
                            "codestral-*",
                            "pixtral-*",
                            "ministral-*",
                            "magistral-*",
                            "devstral-*")),
            new Vendor(
                    "deepseek",
                    ProviderType.OPENAI,
                    List.of("DEEPSEEK_API_KEY"),
                    "DEEPSEEK_BASE_URL",
                    "deepseek",
                    List.of("deepseek-*")));

    /** Bedrock model ids start with the vendor, or with a cross-region inference-profile prefix. */
    private static final List<String> BEDROCK_PATTERNS = List.of(
            "anthropic.*",
            "amazon.*",
            "meta.*",
            "mistral.*",
            "cohere.*",
            "ai21.*",
            "deepseek.*",
            "us.*",
            "eu.*",
            "apac.*",
            "global.*");

    private ZeroConfig() {}

    /** The config of {@code env}, with the store and spool in the working directory. */
    public static GatewayConfig fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Path.of(""));
    }

    /**
     * The config of {@code env} with traces and OTLP metrics from its {@code OTEL_*} variables, as
     * {@code gatehouse serve} without a file runs it.
     *
     * @throws ConfigException when an {@code OTEL_*} variable is malformed
     */
    public static GatewayConfig load(Map<String, String> env, Path dataDir) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigNode top = new ConfigNode(
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                "",
                problems,
                new EnvSubstitution(env));
        TracingSettings tracing = TracingSettings.read(top, null, env);
        MetricsSettings metrics = MetricsSettings.read(top, null, env);
        if (!problems.isEmpty()) {
            throw new ConfigException("the environment", problems);
        }
        return fromEnvironment(env, dataDir).withTelemetry(tracing, metrics);
    }

    /** The config of {@code env}, with the SQLite store and the usage spool in {@code dataDir}. */
    public static GatewayConfig fromEnvironment(Map<String, String> env, Path dataDir) {
        ServerSettings server = ServerSettings.defaults();
        Timeouts timeouts = Timeouts.defaults(server.streamIdleTimeout());
        Map<String, ProviderSettings> providers = new LinkedHashMap<>();
        List<ModelGroup> models = new ArrayList<>();
        String openAiKey = nonEmpty(env.get("OPENAI_API_KEY"));
        String openAiUrl = nonEmpty(env.get("OPENAI_BASE_URL"));
        boolean selfHostedOpenAi = false;
        if (openAiKey != null || openAiUrl != null) {
            String url = openAiUrl == null ? OPENAI_DEFAULT_URL : stripSlash(openAiUrl);
            providers.put(
                    "openai",
                    new ProviderSettings(
                            "openai",
                            ProviderType.OPENAI,
                            url,
                            openAiKey,
                            Map.of(),
                            timeouts,
                            null,
                            DialectOptions.none().withResponsesApi(url.equals(OPENAI_DEFAULT_URL))));
            OPENAI_MODEL_PATTERNS.forEach(p -> models.add(ModelGroup.single(p, "openai", null)));
            selfHostedOpenAi = !url.equals(OPENAI_DEFAULT_URL);
        }
        for (Vendor vendor : VENDORS) {
            String key = vendor.keyVariables().stream()
                    .map(v -> nonEmpty(env.get(v)))
                    .filter(k -> k != null)
                    .findFirst()
                    .orElse(null);
            if (key == null) {
                continue;
            }
            CompatProfiles.Profile profile = vendor.profile() == null ? null : CompatProfiles.get(vendor.profile());
            String url = nonEmpty(env.get(vendor.urlVariable()));
            String baseUrl = url != null ? stripSlash(url) : DefaultUrls.of(vendor.type(), profile, null);
            DialectOptions options = new DialectOptions(
                    DefaultUrls.apiVersion(vendor.type(), profile),
                    DialectOptions.DEFAULT_MAX_TOKENS,
                    null,
                    null,
                    profile == null ? CompatRules.NONE : profile.rules());
            providers.put(
                    vendor.name(),
                    new ProviderSettings(
                            vendor.name(), vendor.type(), baseUrl, key, Map.of(), timeouts, null, options));
            String provider = vendor.name();
            vendor.patterns().forEach(pattern -> models.add(ModelGroup.single(pattern, provider, null)));
        }
        String region = nonEmpty(env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION")));
        String awsKeyId = nonEmpty(env.get("AWS_ACCESS_KEY_ID"));
        String awsSecret = nonEmpty(env.get("AWS_SECRET_ACCESS_KEY"));
        if (region != null && awsKeyId != null && awsSecret != null) {
            providers.put(
                    "bedrock",
                    new ProviderSettings(
                            "bedrock",
                            ProviderType.BEDROCK,
                            DefaultUrls.of(ProviderType.BEDROCK, null, region),
                            null,
                            Map.of(),
                            timeouts,
                            null,
                            new DialectOptions(
                                    null,
                                    DialectOptions.DEFAULT_MAX_TOKENS,
                                    region,
                                    new AwsCredentials(awsKeyId, awsSecret, nonEmpty(env.get("AWS_SESSION_TOKEN"))),
                                    CompatRules.NONE)));
            BEDROCK_PATTERNS.forEach(p -> models.add(ModelGroup.single(p, "bedrock", null)));
        }
        if (selfHostedOpenAi) {
            // A self-hosted OpenAI-compatible server (vLLM, Ollama) names its models freely: it takes the rest.
            models.add(ModelGroup.single("*", "openai", null));
        }
        if (providers.isEmpty()) {
            providers.put(
                    "mock",
                    new ProviderSettings(
                            "mock",
                            ProviderType.MOCK,
                            null,
                            null,
                            Map.of(),
                            timeouts,
                            MockSettings.defaults(),
                            DialectOptions.none()));
            models.add(ModelGroup.single("*", "mock", null));
        }
        return GatewayConfig.builder(
                        server, providers, models, StoreSettings.defaults(dataDir), UsageSettings.defaults(dataDir))
                .build();
    }

    private static @Nullable String nonEmpty(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
