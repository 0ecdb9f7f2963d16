package dev.gatehouse.dispatch;

import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.RoutePlan;
import io.vertx.core.Future;
import java.util.function.DoubleSupplier;

/**
 * Pipeline stage, always last: sends the request to the deployments of its {@link RoutePlan} in
 * order, retrying and falling back as {@link RetryPolicy} says, within the router's deadline and
 * attempt budget, skipping deployments whose circuit is open. The HTTP call, its timeouts and the
 * translation live in {@link Attempt} and the adapters. The request's {@code timeout},
 * {@code first_byte_timeout} and {@code retries} options tighten those limits ({@link OptionLimits}).
 */
public final class Dispatch implements Interceptor {

    private final Attempt attempt;
    private final ProviderAdapters adapters;
    private final DoubleSupplier random;
    private final UpstreamClient client;

    public Dispatch(UpstreamClient client, ProviderAdapters adapters, DoubleSupplier random) {
        this.client = client;
        this.attempt = new Attempt(client);
        this.adapters = adapters;
        this.random = random;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        RequestOptions options = RequestOptions.of(ex);
        return new DispatchLoop(
                        ex,
                        ex.get(RoutePlan.KEY),
                        OptionLimits.router(ex.config().router(), options),
                        attempt,
                        adapters,
                        client.clock(),
                        random)
                .run();
    }
}
