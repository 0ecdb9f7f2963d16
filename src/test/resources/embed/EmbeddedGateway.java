import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.embed.Gatehouse;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.ProviderErrors;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.routing.Route;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A plain Java program that embeds Gatehouse as a library (EmbeddedProgramTest compiles and runs
 * it against the library jar and its declared dependencies only). It runs its own "in-house" model
 * server with a dialect Gatehouse does not know, plugs in an adapter for it, and asks Gatehouse a
 * question through the OpenAI-compatible API.
 *
 * <p>Usage: {@code java EmbeddedGateway DATA_DIR}; prints {@code ANSWER: ...} and exits 0 on success.
 */
public class EmbeddedGateway {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The in-house dialect: POST /generate {"prompt"} answers {"text","tokens"}. */
    static final class InHouseAdapter implements ProviderAdapter {

        @Override
        public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
            JsonNode messages = request.body().path("messages");
            String prompt = messages.path(messages.size() - 1).path("content").asText();
            ObjectNode body = JSON.createObjectNode().put("prompt", prompt);
            return new UpstreamRequest(
                    HttpMethod.POST,
                    route.provider().baseUrl() + "/generate",
                    Map.of("content-type", "application/json"),
                    Buffer.buffer(body.toString()));
        }

        @Override
        public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
            JsonNode answer;
            try {
                answer = JSON.readTree(body.getBytes());
            } catch (IOException e) {
                throw GatewayError.of(ErrorKind.BAD_UPSTREAM_RESPONSE, "not the in-house format", null, null);
            }
            ObjectNode completion = JSON.createObjectNode()
                    .put("id", "chatcmpl-inhouse")
                    .put("object", "chat.completion")
                    .put("created", 0)
                    .put("model", request.model());
            completion.putArray("choices").addObject()
                    .put("index", 0)
                    .put("finish_reason", "stop")
                    .putObject("message")
                    .put("role", "assistant")
                    .put("content", answer.path("text").asText());
            return new Reply.Unary(
                    200, Buffer.buffer(completion.toString()), new Usage(4, 0, 0, answer.path("tokens").asLong(), false));
        }

        @Override
        public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
            return new StreamTranslator() {
                @Override
                public void onBytes(Buffer bytes, Consumer<StreamChunk> out) {
                    throw GatewayError.invalid("the in-house model does not stream", "stream");
                }

                @Override
                public void onEnd(Consumer<StreamChunk> out) {}

                @Override
                public Usage reportedUsage() {
                    return null;
                }
            };
        }

        @Override
        public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
            return ProviderErrors.of(ErrorKind.UNAVAILABLE, route.provider().name(), ProviderErrors.excerpt(body));
        }
    }

    public static void main(String[] args) throws Exception {
        HttpServer inHouse = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        inHouse.createContext("/generate", exchange -> {
            JsonNode asked = JSON.readTree(exchange.getRequestBody());
            byte[] answer = JSON.createObjectNode()
                    .put("text", "You asked: " + asked.path("prompt").asText())
                    .put("tokens", 3)
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        inHouse.start();
        String config = """
                providers:
                  inhouse:
                    type: custom
                    base_url: http://127.0.0.1:%d
                models:
                  - name: house-model
                    provider: inhouse
                server:
                  access_log: false
                  shutdown:
                    grace_period: 0s
                """.formatted(inHouse.getAddress().getPort());
        try (Gatehouse gateway = Gatehouse.builder()
                .configYaml(config)
                .dataDir(Path.of(args[0]))
                .port(0)
                .eventLoops(1)
                .provider("inhouse", new InHouseAdapter())
                .build()
                .start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                            .header("authorization", "Bearer " + gateway.masterKey())
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\":\"house-model\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 x 7?\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.out.println("FAILED: " + response.statusCode() + " " + response.body());
                System.exit(1);
            }
            System.out.println("ANSWER: " + JSON.readTree(response.body())
                    .path("choices").path(0).path("message").path("content").asText());
        } finally {
            inHouse.stop(0);
        }
    }
}
