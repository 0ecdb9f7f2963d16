package dev.gatehouse.api;

import dev.gatehouse.pipeline.Exchange;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request's input tokens for the stages that reserve or route by them: the cheap
 * {@link #ceiling} and the tokenizer's {@link #counted} figure (see {@link TokenEstimate}), each
 * computed the first time a stage asks and kept. A stage asks for the count only when the ceiling
 * would change its answer (a refusal, a context window it does not fit), so most requests never run
 * the tokenizer. Event loop only: not thread-safe.
 */
public final class InputTokens {

    private static final Exchange.Key<InputTokens> KEY = Exchange.Key.of("input-tokens");
    private static final long UNKNOWN = -1;

    private final @Nullable CanonicalRequest request;
    private long ceiling = UNKNOWN;
    private long counted = UNKNOWN;

    private InputTokens(CanonicalRequest request) {
        this.request = request;
    }

    private InputTokens(long known) {
        this.request = null;
        this.ceiling = known;
        this.counted = known;
    }

    /** The figures of the exchange's canonical request, made once per exchange. */
    public static InputTokens of(Exchange ex) {
        InputTokens kept = ex.find(KEY);
        if (kept == null) {
            kept = new InputTokens(ex.get(CanonicalRequest.KEY));
            ex.put(KEY, kept);
        }
        return kept;
    }

    /** Figures already known: the ceiling and the count are both {@code tokens}. */
    public static InputTokens known(long tokens) {
        return new InputTokens(tokens);
    }

    /** Never less than {@link #counted}; no tokenizer. */
    public long ceiling() {
        if (ceiling == UNKNOWN) {
            ceiling = TokenEstimate.ceiling(Objects.requireNonNull(request));
        }
        return ceiling;
    }

    /** The tokenizer's count. */
    public long counted() {
        if (counted == UNKNOWN) {
            counted = TokenEstimate.count(Objects.requireNonNull(request));
        }
        return counted;
    }

    /** Whether the count may be lower than the ceiling, i.e. asking for it may change a refusal. */
    public boolean mayCountLower() {
        return counted == UNKNOWN ? ceiling() > 0 : counted < ceiling();
    }
}
