package dev.gatehouse.pipeline;

import dev.gatehouse.error.GatewayError;
import io.vertx.core.Future;
import java.util.List;

/**
 * Runs an exchange through an ordered list of stages. The last stage must answer without calling
 * {@code proceed}; if it does call it, the exchange fails with an internal error rather than
 * hanging.
 */
public final class Pipeline {

    private final List<Interceptor> stages;

    public Pipeline(List<Interceptor> stages) {
        this.stages = List.copyOf(stages);
    }

    public Future<Reply> handle(Exchange ex) {
        return proceedFrom(0, ex);
    }

    private Future<Reply> proceedFrom(int index, Exchange ex) {
        if (index >= stages.size()) {
            return Future.failedFuture(GatewayError.internal("pipeline ended without a reply"));
        }
        try {
            Future<Reply> reply = stages.get(index).intercept(ex, next -> proceedFrom(index + 1, next));
            return reply == null ? Future.failedFuture(GatewayError.internal("a stage returned no reply")) : reply;
        } catch (GatewayError e) {
            return Future.failedFuture(e);
        } catch (RuntimeException e) {
            return Future.failedFuture(GatewayError.internal(e));
        }
    }
}
