package dev.gatehouse.deploy;

import static dev.gatehouse.deploy.DeployFiles.asList;
import static dev.gatehouse.deploy.DeployFiles.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.StoreSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps deploy/compose from rotting, since Docker cannot run here: the compose file is read as
 * Compose reads it (anchors and merge keys resolved), and each gateway's image, user, mounts and
 * environment are checked against the image, the gateway config it mounts (which must load with
 * that environment), the PostgreSQL and Redis services it names, and nginx's upstreams.
 */
class ComposeFleetTest {

    private static final ImageSettings IMAGE = ImageSettings.fromPom(DeployFiles.POM);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([-?])([^}]*))?}");
    private static final Pattern UPSTREAM_SERVER =
            Pattern.compile("^\\s*server\\s+([\\w.-]+):(\\d+)\\b", Pattern.MULTILINE);

    private final Map<String, Object> compose =
            DeployFiles.yamlMap(read(DeployFiles.COMPOSE.resolve("docker-compose.yml")));
    private final Map<String, Object> services = mapAt(compose, "services");

    @Test
    void runsThreeGatewaysARedisAPostgresAndALoadBalancer() {
        assertThat(services.keySet())
                .containsExactlyInAnyOrder("gateway-1", "gateway-2", "gateway-3", "nginx", "postgres", "redis");
    }

    @Test
    void eachGatewayRunsTheImageAsBuiltHardenedLikeInKubernetes() {
        for (String name : gateways()) {
            Map<String, Object> gateway = mapAt(services, name);
            assertThat(gateway.get("image")).as(name).isEqualTo("gatehouse:" + DeployFiles.projectVersion());
            assertThat(gateway.get("user")).as(name).isEqualTo(IMAGE.user());
            assertThat(gateway.get("read_only")).as(name).isEqualTo(true);
            assertThat(asList(gateway.get("tmpfs")))
                    .as(name)
                    .anyMatch(t -> t.toString().startsWith("/tmp:"));
            assertThat(asList(gateway.get("cap_drop"))).as(name).containsExactly("ALL");
            assertThat(asList(gateway.get("command")).subList(0, 3)).as(name).isEqualTo(IMAGE.args());
            assertThat(volumeSource(gateway, IMAGE.dataDir()))
                    .as(name + " data volume")
                    .isEqualTo(name + "-data");
            assertThat(mapAt(compose, "volumes")).containsKey(name + "-data");
        }
    }

    @Test
    void eachGatewaysConfigLoadsWithTheEnvironmentComposeGivesIt(@TempDir Path data) throws Exception {
        for (String name : gateways()) {
            Map<String, Object> gateway = mapAt(services, name);
            GatewayConfig config = config(gateway, data);
            assertThat(config.server().masterKey()).as(name).isEqualTo("set-GATEHOUSE_MASTER_KEY");
            assertThat(asList(gateway.get("expose")))
                    .as(name)
                    .containsExactly(String.valueOf(config.server().port()));
        }
    }

    @Test
    void theGatewaysShareThePostgresAndRedisServicesOfTheFile(@TempDir Path data) throws Exception {
        Map<String, Object> gateway = mapAt(services, "gateway-1");
        GatewayConfig config = config(gateway, data);

        assertThat(config.store().kind()).isEqualTo(StoreSettings.Kind.POSTGRES);
        URI db = URI.create(config.store().url().substring("jdbc:".length()));
        Map<String, Object> postgres = mapAt(services, db.getHost());
        assertThat((String) postgres.get("image")).startsWith("postgres:");
        assertThat(db.getPort()).isEqualTo(5432);
        Map<String, String> pgEnv = environment(postgres);
        assertThat(db.getPath()).isEqualTo("/" + pgEnv.get("POSTGRES_DB"));
        assertThat(config.store().user()).isEqualTo(pgEnv.get("POSTGRES_USER"));
        assertThat(config.store().password()).isEqualTo(pgEnv.get("POSTGRES_PASSWORD"));

        URI redisUrl = URI.create(config.state().redisUrl());
        Map<String, Object> redis = mapAt(services, redisUrl.getHost());
        assertThat((String) redis.get("image")).startsWith("redis:");
        assertThat(redisUrl.getPort()).isEqualTo(6379);

        Map<String, Object> dependsOn = mapAt(gateway, "depends_on");
        for (String dependency : List.of(db.getHost(), redisUrl.getHost())) {
            assertThat(mapAt(dependsOn, dependency)).containsEntry("condition", "service_healthy");
            assertThat(mapAt(services, dependency)).containsKey("healthcheck");
        }
    }

    @Test
    void nginxBalancesOverEveryGatewayOnItsPort(@TempDir Path data) throws Exception {
        Map<String, Object> nginx = mapAt(services, "nginx");
        String confSource = volumeSourceFile(nginx, "/etc/nginx/nginx.conf");
        String conf = read(DeployFiles.COMPOSE.resolve(confSource));

        List<String> upstreams = new ArrayList<>();
        Matcher m = UPSTREAM_SERVER.matcher(conf);
        while (m.find()) {
            upstreams.add(m.group(1) + ":" + m.group(2));
        }
        List<String> expected = new ArrayList<>();
        for (String name : gateways()) {
            expected.add(
                    name + ":" + config(mapAt(services, name), data).server().port());
        }
        assertThat(upstreams).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(asList(nginx.get("depends_on"))).containsExactlyInAnyOrderElementsOf(gateways());
        // Streams reach the client chunk by chunk.
        assertThat(conf).contains("proxy_buffering off;");
        assertThat(asList(nginx.get("ports"))).anyMatch(p -> p.toString().endsWith(":" + listenPort(conf)));
    }

    private List<String> gateways() {
        return services.keySet().stream()
                .filter(s -> s.startsWith("gateway-"))
                .sorted()
                .toList();
    }

    private GatewayConfig config(Map<String, Object> gateway, Path data) throws Exception {
        List<Object> command = asList(gateway.get("command"));
        String configPath = (String) command.get(command.indexOf("--config") + 1);
        Path file = DeployFiles.COMPOSE.resolve(volumeSourceFile(gateway, configPath));
        return DeployFiles.loadGatewayConfig(read(file), file.toString(), environment(gateway), data);
    }

    /** A service's environment after Compose's interpolation, a required {@code ${X:?}} standing for a set value. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        mapAt(service, "environment").forEach((k, v) -> env.put(k, interpolate(String.valueOf(v))));
        return env;
    }

    private static String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if ("-".equals(m.group(2))) {
                replacement = m.group(3);
            } else if ("?".equals(m.group(2))) {
                replacement = "set-" + m.group(1);
            } else {
                throw new AssertionError("${" + m.group(1) + "} has no default and is not required: " + value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The source of the volume mounted at {@code target} (short syntax {@code source:target[:mode]}). */
    private static String volumeSource(Map<String, Object> service, String target) {
        for (Object v : asList(service.get("volumes"))) {
            String[] parts = v.toString().split(":");
            if (parts[1].equals(target)) {
                return parts[0];
            }
        }
        throw new AssertionError("nothing mounted at " + target);
    }

    /** A bind-mounted file, which must exist beside the compose file and be mounted read-only. */
    private static String volumeSourceFile(Map<String, Object> service, String target) {
        for (Object v : asList(service.get("volumes"))) {
            String[] parts = v.toString().split(":");
            if (parts[1].equals(target)) {
                assertThat(parts).as(v + " read-only").hasSize(3).endsWith("ro");
                assertThat(DeployFiles.COMPOSE.resolve(parts[0])).isRegularFile();
                return parts[0];
            }
        }
        throw new AssertionError("nothing mounted at " + target);
    }

    private static String listenPort(String conf) {
        Matcher m = Pattern.compile("^\\s*listen\\s+(\\d+);", Pattern.MULTILINE).matcher(conf);
        assertThat(m.find()).as("nginx listens").isTrue();
        return m.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
