package dev.gatehouse.routing;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.InputTokens;
import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.api.RequestOptionsReader;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;

/**
 * Pipeline stage: checks the caller's key may use the requested model, then plans which
 * deployments may serve the request, in order ({@link RoutePlan}).
 */
public final class RouteRequest implements Interceptor {

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        CanonicalRequest request = ex.get(CanonicalRequest.KEY);
        String model = request.model();
        Principal principal = ex.get(Principal.KEY);
        if (!principal.mayUse(model)) {
            throw GatewayError.of(
                    ErrorKind.PERMISSION_DENIED,
                    "This API key is not allowed to use the model '" + model + "'.",
                    "model",
                    "model_not_allowed");
        }
        RequestOptions options = RequestOptions.of(ex);
        if (options.fallbacks() != null) {
            for (String fallback : options.fallbacks()) {
                // A fallback is a model like any other: the key must be allowed it.
                if (!principal.mayUse(fallback)) {
                    throw GatewayError.of(
                            ErrorKind.PERMISSION_DENIED,
                            "This API key is not allowed to use the model '" + fallback + "' named in '"
                                    + RequestOptionsReader.HEADER + ".fallbacks'.",
                            RequestOptionsReader.HEADER + ".fallbacks",
                            "model_not_allowed");
                }
            }
        }
        ex.put(RoutePlan.KEY, ex.get(RoutePlanner.KEY).plan(request, InputTokens.of(ex), options));
        return chain.proceed(ex);
    }

    public static GatewayError notFound(String model) {
        return GatewayError.of(
                ErrorKind.NOT_FOUND,
                "The model '" + model + "' does not exist or you do not have access to it.",
                "model",
                "model_not_found");
    }
}
