package dev.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.config.ZeroConfig;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PipelineTest {

    private static final Reply OK = new Reply.Unary(200, Buffer.buffer("{}"), Usage.NONE);
    private static final Interceptor ANSWER = (ex, chain) -> Future.succeededFuture(OK);

    private final Logger internal = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("gatehouse.internal");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        internal.addAppender(logged);
    }

    @AfterEach
    void release() {
        internal.detachAppender(logged);
    }

    @Test
    void walksStagesDownForTheRequestAndBackUpForTheReply() {
        List<String> walk = new ArrayList<>();
        Interceptor a = tracing("a", walk);
        Interceptor b = tracing("b", walk);

        Future<Reply> reply = new Pipeline(List.of(a, b, ANSWER)).handle(exchange());

        assertThat(reply.result()).isSameAs(OK);
        assertThat(walk).containsExactly("a request", "b request", "b reply", "a reply");
    }

    @Test
    void aStageWithoutResponseSideWorkPassesTheDownstreamReplyOnUnwrapped() {
        List<Future<Reply>> proceeded = new ArrayList<>();
        Interceptor passing = (ex, chain) -> {
            Future<Reply> reply = chain.proceed(ex);
            proceeded.add(reply);
            return reply;
        };

        Future<Reply> reply = new Pipeline(List.of(passing, ANSWER)).handle(exchange());

        assertThat(reply).isSameAs(proceeded.get(0));
        assertThat(reply.result()).isSameAs(OK);
    }

    @Test
    void aThrownExceptionBecomesAnInternalErrorLoggedOnceWithItsRequestId() {
        List<Throwable> seenByOuterStage = new ArrayList<>();
        Interceptor outer = (ex, chain) -> chain.proceed(ex).onFailure(seenByOuterStage::add);
        Interceptor middle = (ex, chain) -> chain.proceed(ex);
        Interceptor broken = (ex, chain) -> {
            throw new NullPointerException("a bug");
        };

        Future<Reply> reply = new Pipeline(List.of(outer, middle, broken)).handle(exchange());

        GatewayError error = (GatewayError) reply.cause();
        assertThat(error.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.code()).isEqualTo("internal_error");
        assertThat(error.getMessage()).doesNotContain("NullPointerException").doesNotContain("a bug");
        assertThat(seenByOuterStage).singleElement().isInstanceOf(GatewayError.class);
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("request_id=req_1");
            assertThat(event.getThrowableProxy().getClassName()).isEqualTo(NullPointerException.class.getName());
            assertThat(event.getThrowableProxy().getStackTraceElementProxyArray())
                    .isNotEmpty();
        });
    }

    @Test
    void aFailedFutureThatIsNotAGatewayErrorIsLoggedOnce() {
        Interceptor failing = (ex, chain) -> Future.failedFuture(new IllegalStateException("broken"));

        Future<Reply> reply = new Pipeline(List.of((ex, chain) -> chain.proceed(ex), failing)).handle(exchange());

        assertThat(((GatewayError) reply.cause()).kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(logged.list).hasSize(1);
    }

    @Test
    void anExpectedErrorPassesUnchangedAndIsNotLogged() {
        GatewayError limited = GatewayError.of(ErrorKind.RATE_LIMITED, "slow down", null, "rate_limited");

        Future<Reply> reply = new Pipeline(List.of((ex, chain) -> {
                    throw limited;
                }))
                .handle(exchange());

        assertThat(reply.cause()).isSameAs(limited);
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aStageThatProceedsTwiceBreaksTheContract() {
        Interceptor twice = (ex, chain) -> chain.proceed(ex).compose(first -> chain.proceed(ex));

        assertInternal(new Pipeline(List.of(twice, ANSWER)).handle(exchange()), "called proceed twice");
    }

    @Test
    void aStageThatPassesOnAnotherExchangeBreaksTheContract() {
        Interceptor swaps = (ex, chain) -> chain.proceed(exchange());

        assertInternal(new Pipeline(List.of(swaps, ANSWER)).handle(exchange()), "passed on another exchange");
    }

    @Test
    void aNullReplyAndAFallThroughTheLastStageBreakTheContract() {
        assertInternal(new Pipeline(List.of((ex, chain) -> null)).handle(exchange()), "returned no reply");
        assertInternal(
                new Pipeline(List.of((ex, chain) -> chain.proceed(ex))).handle(exchange()),
                "the pipeline ended without a reply");
    }

    private void assertInternal(Future<Reply> reply, String why) {
        assertThat(((GatewayError) reply.cause()).kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(logged.list)
                .last()
                .satisfies(event ->
                        assertThat(event.getThrowableProxy().getMessage()).contains(why));
    }

    private static Interceptor tracing(String name, List<String> walk) {
        return (ex, chain) -> {
            walk.add(name + " request");
            return chain.proceed(ex).onSuccess(r -> walk.add(name + " reply"));
        };
    }

    private static Exchange exchange() {
        return new Exchange(
                "req_1", 0, IncomingRequest.internal("/v1/chat/completions"), ZeroConfig.fromEnvironment(Map.of()));
    }
}
