package dev.gatehouse.server;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.MockSettings;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.provider.mock.MockUpstream;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in mock upstreams a config asks for (providers of type {@code mock} without a
 * {@code base_url}), each an HTTP server on a loopback port. A reload reuses a running mock whose
 * settings did not change and replaces the others. Called from start and from the serialized reloads.
 */
final class InProcessMocks {

    /** How long a replaced mock keeps answering requests that were routed to it before the reload. */
    private static final Duration REPLACED_MOCK_GRACE = Duration.ofMinutes(1);

    private record RunningMock(MockSettings settings, MockUpstream server, String baseUrl) {}

    private final Vertx vertx;
    private final GatewayClock clock;
    private final Map<String, RunningMock> running = new HashMap<>();

    InProcessMocks(Vertx vertx, GatewayClock clock) {
        this.vertx = vertx;
        this.clock = clock;
    }

    /** Starts the mocks {@code config} needs and completes with the config pointing at them. */
    Future<GatewayConfig> startFor(GatewayConfig config) {
        Map<String, ProviderSettings> providers = new HashMap<>(config.providers());
        List<Future<?>> started = new ArrayList<>();
        for (ProviderSettings provider : config.providers().values()) {
            if (provider.type() != ProviderType.MOCK || provider.baseUrl() != null) {
                continue;
            }
            RunningMock current = running.get(provider.name());
            if (current != null && current.settings().equals(provider.mock())) {
                providers.put(provider.name(), provider.withBaseUrl(current.baseUrl()));
                continue;
            }
            MockSettings settings =
                    Objects.requireNonNull(provider.mock(), "a provider of type mock has mock settings");
            MockUpstream mock = new MockUpstream(vertx, settings, clock);
            started.add(mock.start("127.0.0.1", 0).onSuccess(boundPort -> {
                String url = "http://127.0.0.1:" + boundPort + "/v1";
                RunningMock replaced = running.put(provider.name(), new RunningMock(settings, mock, url));
                if (replaced != null) {
                    clock.schedule(REPLACED_MOCK_GRACE, replaced.server()::stop);
                }
                providers.put(provider.name(), provider.withBaseUrl(url));
            }));
        }
        return Future.all(started).map(all -> config.withProviders(providers));
    }

    Future<Void> stopAll() {
        List<Future<?>> stopping = new ArrayList<>();
        for (RunningMock mock : running.values()) {
            stopping.add(mock.server().stop());
        }
        return Future.all(stopping).mapEmpty();
    }
}
