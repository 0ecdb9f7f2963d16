package dev.gatehouse.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.api.NativeRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code /v1/messages} request sent on to an Anthropic deployment as the client wrote it. The body
 * keeps every byte except the top-level {@code model} string, which becomes the deployment's model
 * id: prompt caching matches prefixes exactly and signed {@code thinking} blocks are verified
 * against what the model produced ("Prompt caching", "Extended thinking"), so the gateway must not
 * re-serialize what it does not need to change. The client's {@code anthropic-version} replaces the
 * gateway's default and its {@code anthropic-beta} features join the provider's configured ones.
 * Pure; never blocks.
 */
final class AnthropicPassthrough {

    private AnthropicPassthrough() {}

    static UpstreamRequest withClientHeaders(UpstreamRequest request, NativeRequest client) {
        UpstreamRequest out = request;
        String version = client.headers().get("anthropic-version");
        if (version != null && !version.isBlank()) {
            out = replace(out, "anthropic-version", version.trim());
        }
        String beta = client.headers().get("anthropic-beta");
        if (beta != null && !beta.isBlank()) {
            String configured = find(out.headers(), "anthropic-beta");
            out = replace(out, "anthropic-beta", joinFeatures(configured, beta));
        }
        return out;
    }

    /** The body with its top-level {@code model} string replaced by {@code model}, every other byte kept. */
    static Buffer body(Buffer client, String model) {
        byte[] bytes = client.getBytes();
        Buffer out = Buffer.buffer(bytes.length + model.length());
        int copied = 0;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (depth == 1
                        && token == JsonToken.FIELD_NAME
                        && parser.currentName().equals("model")) {
                    JsonToken value = parser.nextToken();
                    if (value != JsonToken.VALUE_STRING) {
                        // The reader has checked the field is a string; anything else is the gateway's bug.
                        throw GatewayError.internal("the model of a validated /v1/messages body is not a string");
                    }
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    // Reading the text consumes the string, so the location then lies past its closing quote.
                    if (parser.getText().equals(model)) {
                        continue;
                    }
                    int end = (int) parser.currentLocation().getByteOffset();
                    out.appendBytes(bytes, copied, start - copied).appendBuffer(Json.encode(TextNode.valueOf(model)));
                    copied = end;
                }
            }
        } catch (IOException e) {
            throw GatewayError.internal("a validated /v1/messages body did not parse again: " + e.getMessage());
        }
        if (copied == 0) {
            return client;
        }
        return out.appendBytes(bytes, copied, bytes.length - copied);
    }

    /** The configured beta features, then the client's that are not among them. */
    private static String joinFeatures(String configured, String client) {
        Set<String> features = new LinkedHashSet<>();
        for (String list : new String[] {configured, client}) {
            for (String feature : list.split(",")) {
                if (!feature.isBlank()) {
                    features.add(feature.trim());
                }
            }
        }
        return String.join(",", features);
    }

    private static String find(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return header.getValue();
            }
        }
        return "";
    }

    /** {@code request} with header {@code name} set to {@code value}, whatever the case of a configured one. */
    private static UpstreamRequest replace(UpstreamRequest request, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.keySet().removeIf(key -> key.toLowerCase(Locale.ROOT).equals(name));
        headers.put(name, value);
        return new UpstreamRequest(request.method(), request.url(), headers, request.body());
    }
}
