package dev.gatehouse.config;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Things a valid config may still get wrong. Today: a fallback chain (a group's deployments plus
 * its fallback groups) that never leaves one provider company, so one vendor's outage takes the
 * whole chain down. The company is the registrable domain of the provider's base URL
 * ({@code api.openai.com} → {@code openai.com}), or the address itself for a local server.
 */
public final class ConfigWarnings {

    private ConfigWarnings() {}

    public static List<String> of(GatewayConfig config) {
        Map<String, ModelGroup> byName = new HashMap<>();
        for (ModelGroup g : config.models()) {
            byName.put(g.name(), g);
            g.aliases().forEach(a -> byName.put(a, g));
        }
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < config.models().size(); i++) {
            ModelGroup group = config.models().get(i);
            if (group.strategy() == RoutingStrategy.COMPLEXITY) {
                continue;
            }
            int deployments = 0;
            Set<String> companies = new TreeSet<>();
            Deque<ModelGroup> chain = new ArrayDeque<>(List.of(group));
            Set<ModelGroup> seen = new HashSet<>();
            while (!chain.isEmpty()) {
                ModelGroup g = chain.poll();
                if (!seen.add(g)) {
                    continue;
                }
                for (DeploymentSettings d : g.deployments()) {
                    deployments++;
                    companies.add(companyOf(config.providers().get(d.provider())));
                }
                g.fallbacks().stream()
                        .map(byName::get)
                        .filter(java.util.Objects::nonNull)
                        .forEach(chain::add);
            }
            if (deployments > 1 && companies.size() == 1) {
                warnings.add("models[" + i + "] '" + group.name() + "': its fallback chain never leaves "
                        + companies.iterator().next() + ", so an outage there has nowhere to fall back to");
            }
        }
        return warnings;
    }

    static String companyOf(@Nullable ProviderSettings provider) {
        if (provider == null) {
            return "?";
        }
        if (provider.baseUrl() == null) {
            return provider.type().configName() + ":" + provider.name();
        }
        String host = URI.create(provider.baseUrl()).getHost();
        if (host == null) {
            // A base URL without a host part (OPENAI_BASE_URL=localhost:8000 is read as scheme "localhost").
            return provider.baseUrl();
        }
        // A fully qualified name may end in a dot (api.openai.com.): the same host.
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.matches("[0-9.]+") || name.contains(":") || !name.contains(".")) {
            return name;
        }
        String[] labels = name.split("\\.", -1);
        return labels[labels.length - 2] + "." + labels[labels.length - 1];
    }
}
