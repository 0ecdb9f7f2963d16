package dev.gatehouse.jmh;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.gatehouse.usage.BpeTokenizer;
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
 * The gateway's token counter ({@link BpeTokenizer}) against jtokkit, which it replaced, on the
 * kinds of text chat prompts carry. Both give the same counts ({@code BpeTokenizerEquivalenceTest}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenizerBenchmark {

    @Param({"o200k_base", "cl100k_base"})
    public String encoding;

    @Param({"short", "english", "code", "json", "cjk", "emoji"})
    public String kind;

    private String text;

    private BpeTokenizer ours;

    private Encoding jtokkit;

    @Setup
    public void setUp() {
        boolean o200k = encoding.equals("o200k_base");
        ours = o200k ? BpeTokenizer.o200kBase() : BpeTokenizer.cl100kBase();
        jtokkit = Encodings.newLazyEncodingRegistry()
                .getEncoding(o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE);
        text = sample(kind);
    }

    @Benchmark
    public int bpeTokenizer() {
        return ours.count(text);
    }

    @Benchmark
    public int jtokkit() {
        return jtokkit.countTokensOrdinary(text);
    }

    private static String sample(String kind) {
        switch (kind) {
            case "short":
                return "Summarize the following paragraph in two sentences, keeping every number and name exactly as written, please.";
            case "english":
                return ("The gateway counts the tokens of every prompt before it reserves them against the caller's limits."
                                + " It's a hot path: an event loop runs it, so it must not block or allocate much. In 2024,"
                                + " 1,000 streams at once were the goal; today the budget is 256 MB of resident memory.\n\n")
                        .repeat(12);
            case "code":
                return ("public static int count(String model, String text) {\n"
                                + "    if (text == null || text.isEmpty()) {\n        return 0;\n    }\n"
                                + "    // cl100k for older models, o200k otherwise\n"
                                + "    return tokenizerFor(model).count(text);\n}\n\n")
                        .repeat(10);
            case "json":
                return ("{\"id\":\"call_9x8Y7z\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                + "\"arguments\":\"{\\\"city\\\":\\\"Berlin\\\",\\\"unit\\\":\\\"celsius\\\",\\\"days\\\":3}\"}},\n")
                        .repeat(10);
            case "cjk":
                return ("\u6211\u4EEC\u9700\u8981\u5728\u661F\u671F\u4E94\u4E4B\u524D\u5B8C\u6210\u8FD9\u4E2A\u9879\u76EE\u3002"
                                + "\u4ECA\u65E5\u306F\u3044\u3044\u5929\u6C17\u3067\u3059\u306D\u3002"
                                + "\uC548\uB155\uD558\uC138\uC694, \uC800\uB294 \uD559\uC0DD\uC785\uB2C8\uB2E4.\n")
                        .repeat(10);
            case "emoji":
                return ("Great job! \uD83C\uDF89\uD83C\uDF89 \uD83D\uDC68\u200D\uD83D\uDCBB ships \uD83D\uDE80 at 9am"
                                + " \uD83D\uDC4D\uD83C\uDFFF\u2764\uFE0F\uD83C\uDDFA\uD83C\uDDF8\n")
                        .repeat(10);
            default:
                throw new IllegalArgumentException(kind);
        }
    }
}
