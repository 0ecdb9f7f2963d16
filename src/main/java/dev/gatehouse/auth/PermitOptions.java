package dev.gatehouse.auth;

import dev.gatehouse.api.RequestOption;
import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.config.Priority;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Pipeline stage, right after {@link Authenticate}: refuses (403) a request that makes a choice its
 * key may not make, naming the first such option or header. Nothing after it checks again.
 */
public final class PermitOptions implements Interceptor {

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        Principal principal = ex.get(Principal.KEY);
        for (Map.Entry<RequestOption, String> used :
                RequestOptions.of(ex).used().entrySet()) {
            if (!principal.mayUse(used.getKey())) {
                throw GatewayError.of(
                        ErrorKind.PERMISSION_DENIED,
                        "This API key is not allowed to use the option '"
                                + used.getKey().wire() + "' (sent as '" + used.getValue()
                                + "'). An admin can grant it in the key's 'allowed_options'.",
                        used.getValue(),
                        "option_not_allowed");
            }
        }
        Priority asked = RequestOptions.of(ex).priority();
        if (asked != null && !principal.keyLimits().scheduling().mayAsk(asked)) {
            String param = RequestOptions.of(ex).used().get(RequestOption.PRIORITY);
            throw GatewayError.of(
                    ErrorKind.PERMISSION_DENIED,
                    "This API key is not allowed to use priority '" + asked.wire() + "'. An admin can grant it"
                            + " in the key's 'allowed_priorities'.",
                    param,
                    "priority_not_allowed");
        }
        return chain.proceed(ex);
    }
}
