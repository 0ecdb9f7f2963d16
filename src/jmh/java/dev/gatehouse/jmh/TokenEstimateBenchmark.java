package dev.gatehouse.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.api.TokenEstimate;
import dev.gatehouse.json.Json;
import dev.gatehouse.usage.TokenCounter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What limits and budgets pay per request for the input-token figure: the tokenizer's count (what
 * every request paid before) against the ceiling they reserve now. The prompts: the bench's
 * "Say hello" and the 28-token prompt of issue #20.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenEstimateBenchmark {

    @Param({
        "Say hello",
        "Summarize the following paragraph in two sentences, keeping every number and name exactly as written, please."
    })
    public String prompt;

    private CanonicalRequest request;

    @Setup
    public void setUp() {
        TokenCounter.load();
        ObjectNode body = (ObjectNode) Json.parse("{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":[]}");
        body.withArray("messages").addObject().put("role", "user").put("content", prompt);
        request = ChatRequestValidator.validate(body, null);
    }

    @Benchmark
    public long counted() {
        return TokenEstimate.count(request);
    }

    @Benchmark
    public long ceiling() {
        return TokenEstimate.ceiling(request);
    }
}
