package dev.gatehouse.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code models} list: each entry is a model group, written either in the short form
 * (one deployment: {@code provider} and {@code model} on the entry) or with a {@code deployments}
 * list, a {@code strategy}, {@code fallbacks} and, for the complexity strategy, {@code tiers}. Then
 * checks what spans entries: unique names, references to groups that exist, no cycles.
 */
final class ModelGroupReader {

    static final Set<String> TIERS = Set.of("simple", "medium", "complex");

    private final Map<String, ProviderSettings> providers;
    private final Duration idleDefault;
    private final CacheSettings cache;
    private final Set<String> names = new HashSet<>();
    /** Where each group read so far sits in the file, for problems found across groups. */
    private final IdentityHashMap<ModelGroup, String> paths = new IdentityHashMap<>();

    /** @param cache the top-level cache settings, which a group's {@code cache:} section overrides */
    ModelGroupReader(Map<String, ProviderSettings> providers, Duration idleDefault, CacheSettings cache) {
        this.providers = providers;
        this.idleDefault = idleDefault;
        this.cache = cache;
    }

    /**
     * Takes {@code group}, read and checked before (the file's), as defined at {@code path}: its
     * names are taken, and {@link #checkLinks} follows links to and from it.
     */
    void reserve(ModelGroup group, String path) {
        names.addAll(withAliases(group.name(), group.aliases()));
        paths.put(group, path);
    }

    @Nullable
    ModelGroup read(ConfigNode node) {
        String name = node.string("name", true);
        List<String> aliases = node.strings("aliases");
        for (String n : withAliases(name, aliases)) {
            if (n.isBlank()) {
                node.problem("name", "must not be empty");
            } else if (!names.add(n)) {
                node.problem(n.equals(name) ? "name" : "aliases", "'" + n + "' is defined more than once");
            }
        }
        String strategyName = node.string("strategy", "fallback");
        RoutingStrategy strategy = RoutingStrategy.parse(strategyName);
        if (strategy == null) {
            node.problem(
                    "strategy", "'" + strategyName + "' is not a strategy; use one of " + RoutingStrategy.choices());
        }
        List<DeploymentSettings> deployments = readDeployments(node, strategy);
        List<String> fallbacks = node.strings("fallbacks");
        Map<String, String> tiers = node.stringMap("tiers");
        if (strategy == RoutingStrategy.COMPLEXITY) {
            for (String tier : tiers.keySet()) {
                if (!TIERS.contains(tier)) {
                    node.problem("tiers." + tier, "is not a tier; use simple, medium and complex");
                }
            }
            if (tiers.isEmpty()) {
                node.problem(
                        "tiers", "is required for the complexity strategy (simple, medium, complex → model group)");
            }
        } else if (!tiers.isEmpty()) {
            node.problem("tiers", "only applies to the complexity strategy");
        }
        CacheSettings groupCache =
                node.has("cache") ? CacheSettingsReader.read(node.object("cache"), cache, false) : null;
        QueuePolicy queue = QueuePolicy.read(node, "queue");
        if (name == null || strategy == null) {
            return null;
        }
        ModelGroup group = new ModelGroup(name, aliases, strategy, deployments, fallbacks, tiers, groupCache, queue);
        paths.put(group, node.path());
        return group;
    }

    private List<DeploymentSettings> readDeployments(ConfigNode node, @Nullable RoutingStrategy strategy) {
        boolean listed = node.has("deployments");
        boolean shorthand = node.has("provider");
        if (strategy == RoutingStrategy.COMPLEXITY) {
            if (listed || shorthand) {
                node.problem(
                        listed ? "deployments" : "provider",
                        "a complexity group routes to other groups through tiers, not to deployments");
            }
            return List.of();
        }
        if (listed && shorthand) {
            node.problem("provider", "give either provider (one deployment) or a deployments list, not both");
            return List.of();
        }
        if (!listed && !shorthand) {
            node.problem(null, "needs provider (and optionally model), or a deployments list");
            return List.of();
        }
        if (shorthand) {
            DeploymentSettings one = readDeployment(node);
            return one == null ? List.of() : List.of(one);
        }
        List<DeploymentSettings> deployments = node.objectList("deployments", this::readDeployment);
        if (deployments.isEmpty()) {
            node.problem("deployments", "must list at least one deployment");
        }
        return deployments;
    }

    /** A deployment's fields; the short form reads them from the group entry itself. */
    private @Nullable DeploymentSettings readDeployment(ConfigNode node) {
        String provider = node.string("provider", true);
        String model = node.string("model", false);
        if (provider != null && !providers.containsKey(provider)) {
            node.problem("provider", "names provider '" + provider + "', which is not defined under providers");
        }
        if (model != null && model.isBlank()) {
            node.problem("model", "must not be empty");
        }
        int weight = node.integer("weight", 1, 0, 1_000_000);
        Integer window = node.has("context_window") ? node.integer("context_window", 0, 1, 100_000_000) : null;
        Set<Capability> capabilities = Capability.configurable();
        if (node.has("capabilities")) {
            capabilities = EnumSet.noneOf(Capability.class);
            for (String c : node.strings("capabilities")) {
                Capability capability = Capability.parse(c);
                if (capability == null && Capability.EMBEDDINGS.configName().equals(c)) {
                    node.problem(
                            "capabilities",
                            "'" + c + "' follows from the provider's type and is not listed; use "
                                    + Capability.choices());
                } else if (capability == null) {
                    node.problem("capabilities", "'" + c + "' is not a capability; use " + Capability.choices());
                } else {
                    capabilities.add(capability);
                }
            }
        }
        ConfigNode priceNode = node.object("prices");
        Prices prices = priceNode == null ? null : readPrices(priceNode);
        Timeouts timeouts = null;
        ConfigNode t = node.object("timeouts");
        if (t != null) {
            Timeouts base = provider != null && providers.containsKey(provider)
                    ? providers.get(provider).timeouts()
                    : Timeouts.defaults(idleDefault);
            timeouts = new Timeouts(
                    t.duration("connect", base.connect()),
                    t.duration("first_byte", base.firstByte()),
                    t.duration("idle", base.idle()),
                    t.duration("total", base.total()),
                    base.keepAlive());
            if (t.has("keep_alive")) {
                // Connections are pooled per provider host, not per deployment.
                t.problem("keep_alive", "belongs to the provider: set it in providers.<name>.timeouts");
            }
            t.finish();
        }
        List<String> tags = node.strings("tags");
        DeploymentRateLimit rateLimit = DeploymentRateLimit.read(node);
        BatchApiSettings batchApi = BatchApiSettings.read(node, provider == null ? null : providers.get(provider));
        return provider == null
                ? null
                : new DeploymentSettings(
                        provider, model, weight, window, capabilities, prices, timeouts, tags, rateLimit, batchApi);
    }

    static Prices readPrices(ConfigNode node) {
        Prices p = PricesReader.read(node);
        node.finish();
        return p;
    }

    /** Checks that fallbacks and tiers name groups that exist and that no chain loops back. */
    void checkLinks(List<ModelGroup> groups, List<ConfigProblem> problems) {
        Map<String, ModelGroup> byName = new HashMap<>();
        for (ModelGroup g : groups) {
            for (String n : withAliases(g.name(), g.aliases())) {
                byName.put(n, g);
            }
        }
        Map<ModelGroup, List<ModelGroup>> edges = new LinkedHashMap<>();
        for (ModelGroup g : groups) {
            List<ModelGroup> next = new ArrayList<>();
            String path = pathOf(g);
            for (int f = 0; f < g.fallbacks().size(); f++) {
                ModelGroup target = byName.get(g.fallbacks().get(f));
                if (target == null) {
                    problems.add(new ConfigProblem(
                            path + ".fallbacks[" + f + "]",
                            "names model '" + g.fallbacks().get(f) + "', which is not defined under models"));
                } else {
                    checkSendable(target, path + ".fallbacks[" + f + "]", problems);
                    next.add(target);
                }
            }
            for (Map.Entry<String, String> tier : g.tiers().entrySet()) {
                ModelGroup target = byName.get(tier.getValue());
                if (target == null) {
                    problems.add(new ConfigProblem(
                            path + ".tiers." + tier.getKey(),
                            "names model '" + tier.getValue() + "', which is not defined under models"));
                } else {
                    checkSendable(target, path + ".tiers." + tier.getKey(), problems);
                    next.add(target);
                }
            }
            edges.put(g, next);
        }
        Set<ModelGroup> done = new HashSet<>();
        for (ModelGroup g : groups) {
            List<ModelGroup> cycle = findCycle(g, edges, new ArrayList<>(), done);
            if (cycle != null) {
                StringBuilder loop = new StringBuilder();
                for (ModelGroup m : cycle) {
                    loop.append(m.name()).append(" -> ");
                }
                loop.append(cycle.get(0).name());
                problems.add(new ConfigProblem(pathOf(cycle.get(0)), "is part of a routing cycle: " + loop));
                return;
            }
        }
    }

    /**
     * A request reaching a pattern group through a fallback or tier carries another group's name,
     * so a deployment there without a {@code model} would send that name to a provider that does
     * not know it.
     */
    private static void checkSendable(ModelGroup target, String path, List<ConfigProblem> problems) {
        if (target.sendsRequestedName()) {
            problems.add(new ConfigProblem(
                    path,
                    "names pattern '" + target.name() + "', whose deployments without a model send the requested"
                            + " name, which a request routed here does not have; give those deployments a model"));
        }
    }

    /** Every group {@link #checkLinks} sees came from {@link #read}, which recorded its path. */
    private String pathOf(ModelGroup group) {
        return Objects.requireNonNull(paths.get(group), "a group this reader did not read");
    }

    private static @Nullable List<ModelGroup> findCycle(
            ModelGroup g, Map<ModelGroup, List<ModelGroup>> edges, List<ModelGroup> path, Set<ModelGroup> done) {
        int at = path.indexOf(g);
        if (at >= 0) {
            return new ArrayList<>(path.subList(at, path.size()));
        }
        if (done.contains(g)) {
            return null;
        }
        path.add(g);
        for (ModelGroup next : edges.getOrDefault(g, List.of())) {
            List<ModelGroup> cycle = findCycle(next, edges, path, done);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(g);
        return null;
    }

    private static List<String> withAliases(@Nullable String name, List<String> aliases) {
        List<String> all = new ArrayList<>();
        if (name != null) {
            all.add(name);
        }
        all.addAll(aliases);
        return all;
    }
}
