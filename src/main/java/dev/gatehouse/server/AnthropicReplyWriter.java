package dev.gatehouse.server;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.anthropic.AnthropicErrors;
import dev.gatehouse.api.anthropic.AnthropicStreamRelay;
import dev.gatehouse.api.anthropic.OpenAiStreamToAnthropic;
import dev.gatehouse.api.anthropic.OpenAiToAnthropicResponse;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.usage.TokenCounter;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/** Anthropic's Messages API: canonical answers, streams and errors translated to Anthropic's formats. */
final class AnthropicReplyWriter implements ReplyWriter {

    @Override
    public Future<Void> error(HttpServerResponse response, GatewayError error) {
        return write(response, error);
    }

    /** Like {@link dev.gatehouse.error.ErrorResponses#write}, in Anthropic's shape. */
    static Future<Void> write(HttpServerResponse response, GatewayError error) {
        if (response.headWritten()) {
            response.reset();
            return Future.failedFuture("the answer had begun: reset instead of an error body");
        }
        int status = AnthropicErrors.statusFor(error);
        response.setStatusCode(status).putHeader("content-type", "application/json");
        if (error.retryAfter() != null) {
            response.putHeader(
                    "retry-after", Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        } else if (status == 429 || status == 529) {
            response.putHeader("retry-after", "1");
        }
        return response.end(Json.encode(AnthropicErrors.body(error)));
    }

    /** An Anthropic deployment's own answer goes out as it came; any other is translated. */
    @Override
    public Future<Void> unary(HttpServerResponse response, Reply.Unary reply, Exchange ex) {
        if (reply.passthrough() != null) {
            return response.setStatusCode(reply.status())
                    .putHeader("content-type", "application/json")
                    .end(reply.passthrough());
        }
        var completion = Json.parse(reply.body());
        return response.setStatusCode(reply.status())
                .putHeader("content-type", "application/json")
                .end(Json.encode(OpenAiToAnthropicResponse.translate(completion, reply.usage())));
    }

    @Override
    public SseEncoder streamEncoder(Exchange ex, ChunkStream stream) {
        CanonicalRequest request = ex.get(CanonicalRequest.KEY);
        long estimate =
                TokenCounter.countMessages(request.model(), request.body().path("messages"));
        // The stream's own usage rather than the exchange's: a replayed answer (Idempotency) carries the
        // first answer's usage to show again, but is never accounted, so the exchange has none.
        return new AnthropicStreamRelay(new OpenAiStreamToAnthropic(estimate, () -> {
            Future<Usage> usage = stream.usage();
            return usage.succeeded() ? usage.result() : null;
        }));
    }
}
