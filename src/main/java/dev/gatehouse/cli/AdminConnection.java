package dev.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where a CLI command finds the admin API of a running gateway, and the one call it makes. The CLI
 * goes through the admin API rather than the database so that every change is validated once, by
 * the server, and reaches every running instance at once (the server reloads its keys and tells
 * the others); a direct store write would leave running gateways serving stale keys.
 */
final class AdminConnection {

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            description = "The gateway's base URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(
            names = "--admin-key",
            defaultValue = "${env:GATEHOUSE_MASTER_KEY}",
            description = "An admin key; defaults to the GATEHOUSE_MASTER_KEY environment variable.")
    @Nullable
    String adminKey;

    /** An admin API answer: its status and JSON body. */
    record Answer(int status, @Nullable JsonNode body) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The error message of a failed call, with the field it names. */
        String problem() {
            JsonNode error = body == null ? null : body.path("error");
            if (error == null || error.isMissingNode()) {
                return "HTTP " + status;
            }
            String param =
                    error.path("param").isTextual() ? " (" + error.path("param").asText() + ")" : "";
            return "HTTP " + status + ": " + error.path("message").asText() + param;
        }
    }

    Answer call(String method, String path, @Nullable JsonNode body) throws IOException, InterruptedException {
        if (adminKey == null || adminKey.isBlank()) {
            throw new IllegalArgumentException("no admin key: pass --admin-key or set GATEHOUSE_MASTER_KEY");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + adminKey)
                .header("content-type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                response.body().isEmpty()
                        ? null
                        : Json.tryParse(response.body()).orElse(null));
    }

    /** Runs one admin call and prints its JSON answer, or its error; exit 0 on success, 1 otherwise. */
    int print(CommandLine.Model.CommandSpec spec, String method, String path, @Nullable JsonNode body) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Answer answer = call(method, path, body);
            if (!answer.ok()) {
                err.println("error: " + answer.problem());
                return 1;
            }
            out.println(Objects.requireNonNull(answer.body(), "the admin API answers every success with JSON")
                    .toPrettyString());
            return 0;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
