package dev.gatehouse.batch;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * The few whole-body HTTP calls a provider batch API needs (upload, create, look, download, cancel),
 * on the Vert.x client: never blocking. Headers come from the adapter's request, so they carry the
 * provider's auth; they are never logged.
 */
final class ProviderHttp {

    /** How long one call of a batch API may take: these are small control calls, or one results download. */
    private static final long TIMEOUT_MS = 120_000;

    /** A complete answer. */
    record Answer(int status, Buffer body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient client;

    /** The client was closed with the context that made it (the gateway stops): no more calls. */
    static final class Closed extends IllegalStateException {
        Closed() {
            super("the gateway is stopping");
        }
    }

    ProviderHttp(Vertx vertx) {
        this.client = vertx.createHttpClient();
    }

    Future<Answer> call(HttpMethod method, String url, Map<String, String> headers, Buffer body) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(url)
                .setIdleTimeout(TIMEOUT_MS)
                .setConnectTimeout(TIMEOUT_MS);
        headers.forEach(options::putHeader);
        try {
            return client.request(options)
                    .compose(request -> request.send(body))
                    .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), bytes)));
        } catch (IllegalStateException closed) {
            // A client made on a verticle's context closes with it; a poll timer may still fire after that.
            return Future.failedFuture(new Closed());
        }
    }

    /** The answer when it is a 2xx, else a failure naming the provider, the step and the status. */
    static Future<Answer> expectOk(Answer answer, String provider, String step) {
        if (answer.ok()) {
            return Future.succeededFuture(answer);
        }
        String text = answer.body().toString();
        return Future.failedFuture(GatewayError.of(
                ErrorKind.BAD_UPSTREAM_RESPONSE,
                "Provider '" + provider + "' answered " + step + " with HTTP " + answer.status() + ": "
                        + (text.length() > 300 ? text.substring(0, 300) : text),
                null,
                "provider_batch_error"));
    }
}
