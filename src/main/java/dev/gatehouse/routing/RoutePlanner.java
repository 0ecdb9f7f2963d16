package dev.gatehouse.routing;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.api.InputTokens;
import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.api.RequestOptionsReader;
import dev.gatehouse.config.Capability;
import dev.gatehouse.config.DeploymentSettings;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.config.RoutingStrategy;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a request's {@link RoutePlan}: resolves the model group (through a complexity tier if the
 * group routes by complexity), orders its deployments by the group's strategy, drops those that
 * lack a capability the request needs (a configured one, or one of its provider's dialect such as
 * embeddings), whose provider refuses a parameter the request uses ({@code unsupported_params}) or
 * whose context window it does not fit, and appends the fallback groups'
 * deployments in chain order. Deployments with an open breaker go to the end; dispatch skips them
 * while they stay open. Immutable, built per config snapshot.
 */
public final class RoutePlanner {

    /** The planner of the state snapshot a request was admitted under. */
    public static final Exchange.Key<RoutePlanner> KEY = Exchange.Key.of("route-planner");

    private final ModelTable table;
    private final Map<String, ProviderSettings> providers;
    private final DeploymentRegistry registry;
    private final DeploymentOrder order;
    private final ComplexityClassifier classifier;
    private final DialectCapabilities dialects;

    public RoutePlanner(
            ModelTable table,
            Map<String, ProviderSettings> providers,
            DeploymentRegistry registry,
            DeploymentOrder order,
            ComplexityClassifier classifier,
            DialectCapabilities dialects) {
        this.table = table;
        this.providers = providers;
        this.registry = registry;
        this.order = order;
        this.classifier = classifier;
        this.dialects = dialects;
    }

    public ModelTable table() {
        return table;
    }

    /** A plan for a request that made no per-request choices. */
    public RoutePlan plan(CanonicalRequest request, long inputTokens) {
        return plan(request, InputTokens.known(inputTokens), RequestOptions.NONE);
    }

    /** A plan for a request of {@code inputTokens}, counted. */
    public RoutePlan plan(CanonicalRequest request, long inputTokens, RequestOptions options) {
        return plan(request, InputTokens.known(inputTokens), options);
    }

    /**
     * A plan shaped by the request's options: a provider pin keeps only that provider's deployments
     * (in every group of the chain); a deployment pin keeps only that deployment and no fallback; a
     * strategy orders every group of the chain; a fallback list replaces the whole configured chain.
     * The caller checked that the key may use each fallback group.
     *
     * @throws GatewayError 404 for an unknown model or fallback group; 400 when no deployment can take
     *     the request, or a pin names a provider or deployment the model's group does not have
     */
    public RoutePlan plan(CanonicalRequest request, InputTokens inputTokens, RequestOptions options) {
        String model = request.model();
        ModelGroup group = table.group(model);
        if (group == null) {
            throw RouteRequest.notFound(model);
        }
        String tier = null;
        if (group.strategy() == RoutingStrategy.COMPLEXITY) {
            Set<ModelGroup> seen = new HashSet<>();
            while (group.strategy() == RoutingStrategy.COMPLEXITY && seen.add(group)) {
                tier = classifier.classify(request, inputTokens.counted());
                group = Objects.requireNonNull(
                        table.group(tierTarget(group, tier)),
                        "the config validator checks every tier names a model group");
            }
        }
        checkPins(group, model, options);
        List<String> requestedFallbacks = options.deployment() != null ? List.of() : options.fallbacks();
        RequestNeeds needs = RequestNeeds.of(request, inputTokens);
        List<Candidate> candidates = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        // A chain is a group and its few fallbacks: the default capacity (16) was most of the plan's garbage.
        Deque<ModelGroup> chain = new ArrayDeque<>(4);
        Set<ModelGroup> visited = new HashSet<>();
        chain.add(group);
        boolean fallback = false;
        int rejectedForCapability = 0;
        int rejectedForWindow = 0;
        Set<ProviderSettings> cannotEmbed = new LinkedHashSet<>();
        Map<String, String> refusedParams = new LinkedHashMap<>();
        while (!chain.isEmpty()) {
            ModelGroup g = chain.poll();
            if (!visited.add(g)) {
                continue;
            }
            List<Candidate> ordered = new ArrayList<>();
            for (DeploymentSettings d : g.deployments()) {
                if (!pinned(d, g.upstreamModel(d, model), options)) {
                    continue;
                }
                ProviderSettings provider = Objects.requireNonNull(
                        providers.get(d.provider()),
                        "the config validator rejects a deployment of an unknown provider");
                Set<Capability> ofDialect = dialects.of(provider);
                if (!needs.capableOf(d, ofDialect)) {
                    rejectedForCapability++;
                    Capability ofEndpoint = request.endpoint().needs();
                    if (ofEndpoint != null && !ofDialect.contains(ofEndpoint)) {
                        cannotEmbed.add(provider);
                    }
                    continue;
                }
                String refused = provider.options().compat().firstUnsupportedIn(request.body());
                if (refused != null) {
                    refusedParams.putIfAbsent(provider.name(), refused);
                    continue;
                }
                String upstream = g.upstreamModel(d, model);
                DeploymentSettings withWindow = order.withKnownWindow(d, upstream);
                if (!needs.fits(withWindow)) {
                    rejectedForWindow++;
                    continue;
                }
                DeploymentStats stats = registry.get(d.provider(), upstream);
                if (ids.add(stats.id())) {
                    ProviderSettings timed = d.timeouts() == null ? provider : provider.withTimeouts(d.timeouts());
                    ordered.add(new Candidate(g, withWindow, timed, upstream, stats, fallback));
                }
            }
            RoutingStrategy strategy = options.strategy() != null ? options.strategy() : g.strategy();
            // Only the cheapest strategy prices the input, so only it needs the count.
            long tokens = strategy == RoutingStrategy.CHEAPEST ? inputTokens.counted() : 0;
            candidates.addAll(order.sort(strategy, ordered, request, tokens));
            if (requestedFallbacks == null) {
                for (String next : g.fallbacks()) {
                    ModelGroup target = table.group(next);
                    if (target != null) {
                        chain.add(target);
                    }
                }
            } else if (!fallback) {
                // The caller's list is the whole chain: the groups it names do not add their own.
                for (String next : requestedFallbacks) {
                    ModelGroup target = table.group(next);
                    if (target == null) {
                        throw unknownFallback(next);
                    }
                    chain.add(target);
                }
            }
            fallback = true;
        }
        if (candidates.isEmpty()) {
            if (!refusedParams.isEmpty() && rejectedForCapability == 0 && rejectedForWindow == 0) {
                throw unsupportedParameter(model, refusedParams);
            }
            throw cannotEmbed.isEmpty() || rejectedForWindow > 0
                    ? noCandidate(model, needs, rejectedForCapability, rejectedForWindow)
                    : request.endpoint() == Endpoint.EMBEDDINGS
                            ? noEmbeddings(model, cannotEmbed)
                            : cannotServe(model, request.endpoint(), cannotEmbed);
        }
        return new RoutePlan(model, candidates, tier);
    }

    /** Whether a deployment passes the request's provider and deployment pins. */
    private static boolean pinned(DeploymentSettings d, String upstreamModel, RequestOptions options) {
        return (options.provider() == null || options.provider().equals(d.provider()))
                && (options.deployment() == null || options.deployment().equals(d.provider() + "/" + upstreamModel));
    }

    /** A pin the requested group cannot honour is the caller's mistake (400), not an outage. */
    private static void checkPins(ModelGroup group, String model, RequestOptions options) {
        if (options.provider() == null && options.deployment() == null) {
            return;
        }
        boolean any = group.deployments().stream().anyMatch(d -> pinned(d, group.upstreamModel(d, model), options));
        if (any) {
            return;
        }
        boolean deployment = options.deployment() != null;
        String what = deployment
                ? "deployment '" + options.deployment() + "'"
                : "deployment of provider '" + options.provider() + "'";
        String have = group.deployments().stream()
                .map(d -> d.provider() + "/" + group.upstreamModel(d, model))
                .collect(Collectors.joining(", "));
        throw GatewayError.of(
                ErrorKind.INVALID_REQUEST,
                "The model '" + model + "' has no " + what + ". Its deployments: " + have + ".",
                RequestOptionsReader.HEADER + (deployment ? ".deployment" : ".provider"),
                "invalid_value");
    }

    private static GatewayError unknownFallback(String name) {
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST,
                "The fallback model '" + name + "' does not exist.",
                RequestOptionsReader.HEADER + ".fallbacks",
                "model_not_found");
    }

    private static String tierTarget(ModelGroup group, String tier) {
        String target = group.tiers().get(tier);
        if (target != null) {
            return target;
        }
        // A tier the config leaves out goes to the nearest one it has, preferring the stronger.
        List<String> preference = switch (tier) {
            case "simple" -> List.of("medium", "complex");
            case "medium" -> List.of("complex", "simple");
            default -> List.of("medium", "simple");
        };
        for (String t : preference) {
            if (group.tiers().containsKey(t)) {
                return group.tiers().get(t);
            }
        }
        throw GatewayError.internal("complexity group '" + group.name() + "' has no tiers");
    }

    /**
     * Status, type and param are those the adapters of Anthropic and Bedrock answered with when
     * they refused embeddings themselves, before routing knew which dialects can embed.
     */
    private GatewayError noEmbeddings(String model, Set<ProviderSettings> cannotEmbed) {
        String which = cannotEmbed.stream()
                .map(p -> "'" + p.name() + "' (" + p.type().configName() + ")")
                .collect(Collectors.joining(", "));
        // A custom provider serves what its embedder's adapter implements, so it is no advice here.
        String able = Arrays.stream(ProviderType.values())
                .filter(t -> t != ProviderType.CUSTOM && dialects.of(t).contains(Capability.EMBEDDINGS))
                .map(ProviderType::configName)
                .collect(Collectors.joining(", "));
        return GatewayError.invalid(
                "No deployment of '" + model + "' can create embeddings: provider"
                        + (cannotEmbed.size() == 1 ? " " + which + " has" : "s " + which + " have")
                        + " no embeddings endpoint."
                        + " Route embeddings to a provider of type " + able + ".",
                "model");
    }

    /**
     * No deployment's dialect serves the endpoint (completions, rerank, audio, images): a 400 naming
     * each provider that cannot, and the provider types that can.
     */
    private GatewayError cannotServe(String model, Endpoint endpoint, Set<ProviderSettings> cannot) {
        Capability needed = Objects.requireNonNull(endpoint.needs(), "only endpoints with a dialect capability");
        String which = cannot.stream()
                .map(p -> "'" + p.name() + "' (" + p.type().configName() + ")")
                .collect(Collectors.joining(", "));
        String able = Arrays.stream(ProviderType.values())
                .filter(t -> dialects.of(t).contains(needed))
                .map(ProviderType::configName)
                .collect(Collectors.joining(", "));
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST,
                "No deployment of '" + model + "' can serve /v1" + endpoint.openAiPath() + ": provider"
                        + (cannot.size() == 1 ? " " + which + " does" : "s " + which + " do")
                        + " not offer it. Route " + needed.configName() + " requests to a provider of type "
                        + able + ".",
                "model",
                "unsupported_endpoint");
    }

    /** The first refusal names the parameter ({@code param}); the message lists every provider's. */
    private static GatewayError unsupportedParameter(String model, Map<String, String> refused) {
        Map.Entry<String, String> first = refused.entrySet().iterator().next();
        String which = refused.entrySet().stream()
                .map(e -> "provider '" + e.getKey() + "' does not support '" + e.getValue() + "'")
                .collect(Collectors.joining("; "));
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST,
                "No deployment of '" + model + "' can take this request: " + which
                        + ". Leave the parameter out or route to a provider that supports it.",
                first.getValue(),
                "unsupported_parameter");
    }

    private static GatewayError noCandidate(String model, RequestNeeds needs, int forCapability, int forWindow) {
        if (forWindow > 0 && forCapability == 0) {
            return GatewayError.of(
                    ErrorKind.CONTEXT_LENGTH_EXCEEDED,
                    "The request needs about " + needs.tokens()
                            + " tokens (input plus max output), more than the context window of every deployment of '"
                            + model + "'.",
                    "messages",
                    "context_length_exceeded");
        }
        String needed =
                needs.capabilities().stream().map(Capability::configName).collect(Collectors.joining(", "));
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST,
                "No deployment of '" + model + "' supports what this request needs (" + needed + ").",
                null,
                "no_capable_deployment");
    }
}
