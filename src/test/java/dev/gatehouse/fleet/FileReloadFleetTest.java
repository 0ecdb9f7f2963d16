package dev.gatehouse.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fleet;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances reading one config file. Each instance watches the file itself (once a second)
 * and reloads it; {@code POST /admin/v1/config/reload} reloads only the instance it is sent to, at
 * once, and the others follow through their own watchers: a changed file reaches every instance
 * within the watch interval plus a reload, whichever instance was asked.
 */
class FileReloadFleetTest {

    /** The watch interval (1 s) plus a reload, with room for a machine busy with other work. */
    private static final Duration WATCHED = Duration.ofMillis(2500);

    @TempDir
    Path dir;

    @Test
    void aChangedFileReachesEveryInstanceThroughItsOwnWatcherAndTheAdminReloadOnlyTheOneAsked() throws Exception {
        try (FakeUpstream upstream = FleetConfigs.upstream()) {
            Path file = dir.resolve("gatehouse.yaml");
            try (Fleet fleet = Fleet.startWatching(3, file, FleetConfigs.metered(upstream))) {
                fleet.awaitEverywhere("model metered", Duration.ofSeconds(5), i -> serves(fleet, i, "metered"));
                assertThat(serves(fleet, 0, "renamed")).isFalse();

                fleet.rewrite(file, FleetConfigs.metered(upstream).replace("name: metered", "name: renamed"));
                long start = System.nanoTime();
                AdminClient.Answer reloaded = new AdminClient(fleet.get(0).port(), TestGateway.MASTER_KEY)
                        .call("POST", "/admin/v1/config/reload", null);
                long asked = (System.nanoTime() - start) / 1_000_000;

                assertThat(reloaded.status())
                        .as(String.valueOf(reloaded.body()))
                        .isEqualTo(200);
                assertThat(serves(fleet, 0, "renamed"))
                        .as("the instance asked serves the file at once")
                        .isTrue();
                Duration took = fleet.awaitEverywhere("model renamed", WATCHED, i -> serves(fleet, i, "renamed"));
                System.out.printf(
                        "fleet file reload: the instance asked in %d ms, all 3 in %d ms%n", asked, took.toMillis());
            }
        }
    }

    private static boolean serves(Fleet fleet, int instance, String model) throws Exception {
        return fleet.send(HttpRequest.newBuilder(URI.create(fleet.get(instance).baseUrl() + "/models/" + model))
                                .timeout(Duration.ofSeconds(10))
                                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                                .build())
                        .statusCode()
                == 200;
    }
}
