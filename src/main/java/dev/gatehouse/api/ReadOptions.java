package dev.gatehouse.api;

import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;

/**
 * Pipeline stage: reads the request's {@link RequestOptions} once ({@link RequestOptionsReader}) and
 * puts them on the exchange. It runs before authentication so that a refused request's usage record
 * still carries its tags; whether the key may use each option is checked after it
 * ({@code auth.PermitOptions}).
 */
public final class ReadOptions implements Interceptor {

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        ex.put(RequestOptions.KEY, RequestOptionsReader.read(ex.request(), ex.config()));
        return chain.proceed(ex);
    }
}
