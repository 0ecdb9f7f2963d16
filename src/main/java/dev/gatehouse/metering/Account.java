package dev.gatehouse.metering;

import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Pipeline stage, response side: records the answer's token usage on the exchange once it is
 * known (at once for a JSON answer, when the stream ends for a streamed one), for the access log
 * now and for limits, budgets and the usage store as they arrive. It also notes when the answer (or
 * a stream's first chunk, which dispatch awaits before answering) was ready, as the time to first
 * token, and leaves a stream's pending usage on the exchange so the usage record can wait for it.
 * A JSON answer whose counts are the gateway's own estimate (the provider reported none) says so in
 * {@value #ESTIMATED_HEADER}, so the client can tell them from the provider's bill without a field
 * OpenAI's {@code usage} object does not have. A stream's headers leave before its usage is known,
 * so streams never carry it.
 */
public final class Account implements Interceptor {

    /** The answer's usage, once known. */
    public static final Exchange.Key<Usage> USAGE = Exchange.Key.of("usage");

    /** The usage of a streamed answer, completing when the stream ends, fails or is cancelled. */
    public static final Exchange.Key<Future<Usage>> PENDING_USAGE = Exchange.Key.of("pending-usage");

    /** The clock's {@link GatewayClock#nanoTime()} when the answer (or a stream's first chunk) was ready. */
    public static final Exchange.Key<Long> ANSWERED_NANOS = Exchange.Key.of("answered-nanos");

    /** The body of a JSON answer, for the audit log's completion text. */
    public static final Exchange.Key<Buffer> ANSWER_BODY = Exchange.Key.of("answer-body");

    /** The reply header that marks a JSON answer's {@code usage} as the gateway's estimate. */
    public static final String ESTIMATED_HEADER = "x-gatehouse-usage-estimated";

    private final GatewayClock clock;

    public Account(GatewayClock clock) {
        this.clock = clock;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        return chain.proceed(ex).onSuccess(reply -> {
            ex.put(ANSWERED_NANOS, clock.nanoTime());
            if (reply instanceof Reply.Unary unary) {
                ex.put(USAGE, unary.usage());
                ex.put(ANSWER_BODY, unary.body());
                if (unary.usage().estimated()) {
                    ex.replyHeader(ESTIMATED_HEADER, "true");
                }
            } else if (reply instanceof Reply.Streaming streaming) {
                Future<Usage> usage = streaming.stream().usage();
                ex.put(PENDING_USAGE, usage);
                usage.onSuccess(u -> ex.put(USAGE, u));
            }
        });
    }
}
