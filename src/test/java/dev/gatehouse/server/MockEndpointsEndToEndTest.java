package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a new user on the built-in mock gets from the endpoints the mock does not simulate: the
 * gateway's 400 naming the provider, never the mock's 404 for an unknown path.
 */
class MockEndpointsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("""
                providers:
                  mock:
                    type: mock
                models:
                  - name: "*"
                    provider: mock
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/completions | {\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say hi\"}",
                "/v1/images/generations | {\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse\"}",
                "/v1/audio/speech | {\"model\":\"tts-1\",\"input\":\"hello\",\"voice\":\"alloy\"}",
                "/v1/rerank | {\"model\":\"rerank-v3.5\",\"query\":\"q\",\"documents\":[\"a\",\"b\"]}"
            })
    void anEndpointTheMockDoesNotServeIsA400NamingIt(String path, String body) throws Exception {
        HttpResponse<String> response = gateway.post(path, "application/json", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_endpoint");
        assertThat(error.path("message").asText()).contains("mock");
    }
}
