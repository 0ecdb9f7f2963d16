package dev.gatehouse.tracing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real OTLP/HTTP trace receiver for tests: a Vert.x server that decodes each
 * {@code POST /v1/traces} body as an {@code ExportTraceServiceRequest} (protobuf) and keeps its
 * spans with their resource's {@code service.name}.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A received span and the {@code service.name} of the resource it came with. */
    public record Received(Span span, String serviceName) {}

    private final Vertx vertx = Vertx.vertx();
    private final List<Received> spans = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public OtlpReceiver() throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    if (!request.method().name().equals("POST")
                            || !request.path().equals("/v1/traces")) {
                        request.response().setStatusCode(404).end();
                        return;
                    }
                    contentTypes.add(String.valueOf(request.getHeader("content-type")));
                    request.body().onSuccess(body -> {
                        try {
                            keep(ExportTraceServiceRequest.parseFrom(body.getBytes()));
                        } catch (InvalidProtocolBufferException e) {
                            request.response().setStatusCode(400).end(e.getMessage());
                            return;
                        }
                        request.response()
                                .putHeader("content-type", "application/x-protobuf")
                                .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance()
                                        .toByteArray()));
                    });
                })
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    private void keep(ExportTraceServiceRequest export) {
        for (ResourceSpans resource : export.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name"))
                    .map(a -> a.getValue().getStringValue())
                    .findFirst()
                    .orElse("");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.add(new Received(span, service));
                }
            }
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<Received> spans() {
        return List.copyOf(spans);
    }

    public List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
