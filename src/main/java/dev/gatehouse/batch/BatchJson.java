package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** OpenAI's object shapes (OpenAPI: OpenAIFile, Batch, ListFilesResponse, ListBatchesResponse). */
final class BatchJson {

    private BatchJson() {}

    static ObjectNode file(BatchFile f) {
        ObjectNode o = Json.object();
        o.put("id", f.id());
        o.put("object", "file");
        o.put("bytes", f.bytes());
        o.put("created_at", seconds(f.createdMs()));
        o.putNull("expires_at");
        o.put("filename", f.filename());
        o.put("purpose", f.purpose());
        o.put("status", "processed");
        o.putNull("status_details");
        return o;
    }

    static ObjectNode fileDeleted(String id) {
        return Json.object().put("id", id).put("object", "file").put("deleted", true);
    }

    static ObjectNode batch(BatchJob b) {
        ObjectNode o = Json.object();
        o.put("id", b.id());
        o.put("object", "batch");
        o.put("endpoint", b.endpoint());
        o.set("errors", b.errors() == null ? null : Json.parse(b.errors()));
        o.put("input_file_id", b.inputFileId());
        o.put("completion_window", b.completionWindow());
        o.put("status", b.status().wire());
        o.put("output_file_id", b.outputFileId());
        o.put("error_file_id", b.errorFileId());
        o.put("created_at", seconds(b.createdMs()));
        BatchJob.Times t = b.times();
        time(o, "in_progress_at", t.inProgress());
        o.put("expires_at", seconds(b.expiresMs()));
        time(o, "finalizing_at", t.finalizing());
        time(o, "completed_at", t.completed());
        time(o, "failed_at", t.failed());
        time(o, "expired_at", t.expired());
        time(o, "cancelling_at", t.cancelling());
        time(o, "cancelled_at", t.cancelled());
        o.putObject("request_counts")
                .put("total", b.counts().total())
                .put("completed", b.counts().completed())
                .put("failed", b.counts().failed());
        o.set("metadata", b.metadata() == null ? null : Json.parse(b.metadata()));
        return o;
    }

    /** OpenAI's list shape: {@code object}, {@code data}, {@code first_id}, {@code last_id}, {@code has_more}. */
    static <T> ObjectNode list(List<T> items, boolean hasMore, Function<T, ObjectNode> shape) {
        ObjectNode o = Json.object().put("object", "list");
        ArrayNode data = o.putArray("data");
        items.forEach(i -> data.add(shape.apply(i)));
        o.set("first_id", data.isEmpty() ? null : data.get(0).get("id"));
        o.set("last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id"));
        o.put("has_more", hasMore);
        return o;
    }

    /** An output line: {@code {id, custom_id, response: {status_code, request_id, body}, error}}. */
    static ObjectNode outputLine(String id, String customId, int status, String requestId, JsonNode body) {
        ObjectNode o = Json.object().put("id", id).put("custom_id", customId);
        o.putObject("response")
                .put("status_code", status)
                .put("request_id", requestId)
                .set("body", body);
        o.putNull("error");
        return o;
    }

    /** An error line for a request that never ran: {@code response} null, {@code error} {code, message}. */
    static ObjectNode errorLine(String id, String customId, String code, String message) {
        ObjectNode o = Json.object().put("id", id).put("custom_id", customId);
        o.putNull("response");
        o.putObject("error").put("code", code).put("message", message);
        return o;
    }

    private static void time(ObjectNode o, String field, @Nullable Long ms) {
        if (ms == null) {
            o.putNull(field);
        } else {
            o.put(field, seconds(ms));
        }
    }

    private static long seconds(long ms) {
        return ms / 1000;
    }
}
