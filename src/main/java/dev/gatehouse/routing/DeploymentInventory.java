package dev.gatehouse.routing;

import dev.gatehouse.config.DeploymentSettings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ModelGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployments a config names concretely (a provider and a fixed model), with the groups that
 * use each: what health checks probe and the health endpoint lists. Deployments of pattern groups
 * without a fixed model exist only per requested name, so they are listed once traffic created them.
 */
public final class DeploymentInventory {

    /** One concrete deployment and the names of the groups that route to it. */
    public record Entry(String provider, String model, List<String> groups) {
        public String id() {
            return provider + "/" + model;
        }
    }

    private DeploymentInventory() {}

    public static List<Entry> of(GatewayConfig config) {
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (ModelGroup group : config.models()) {
            for (DeploymentSettings d : group.deployments()) {
                String model = d.model() != null ? d.model() : group.isPattern() ? null : group.name();
                if (model == null) {
                    continue;
                }
                Entry entry = byId.computeIfAbsent(
                        d.provider() + "/" + model, id -> new Entry(d.provider(), model, new ArrayList<>()));
                entry.groups().add(group.name());
            }
        }
        return List.copyOf(byId.values());
    }
}
