package dev.gatehouse.observability;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real OTLP/HTTP metrics receiver for tests: decodes each {@code POST /v1/metrics} body as an
 * {@code ExportMetricsServiceRequest} (protobuf) and keeps its metrics with their resource's
 * {@code service.name}.
 */
final class OtlpMetricsReceiver implements AutoCloseable {

    record Received(Metric metric, String serviceName) {}

    private final Vertx vertx = Vertx.vertx();
    private final List<Received> metrics = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    OtlpMetricsReceiver() throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    if (!request.method().name().equals("POST")
                            || !request.path().equals("/v1/metrics")) {
                        request.response().setStatusCode(404).end();
                        return;
                    }
                    request.body().onSuccess(body -> {
                        try {
                            keep(ExportMetricsServiceRequest.parseFrom(body.getBytes()));
                        } catch (InvalidProtocolBufferException e) {
                            request.response().setStatusCode(400).end(e.getMessage());
                            return;
                        }
                        request.response()
                                .putHeader("content-type", "application/x-protobuf")
                                .end(Buffer.buffer(ExportMetricsServiceResponse.getDefaultInstance()
                                        .toByteArray()));
                    });
                })
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    private void keep(ExportMetricsServiceRequest export) {
        for (ResourceMetrics resource : export.getResourceMetricsList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name"))
                    .map(a -> a.getValue().getStringValue())
                    .findFirst()
                    .orElse("");
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    metrics.add(new Received(metric, service));
                }
            }
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    List<Received> metrics() {
        return List.copyOf(metrics);
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
