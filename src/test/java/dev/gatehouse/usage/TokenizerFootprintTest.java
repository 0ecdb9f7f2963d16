package dev.gatehouse.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The reason {@link BpeTokenizer} exists: the two vocabularies the gateway loads take a small part
 * of the heap (jtokkit's boxed maps took about 44 MB for the two; BENCHMARKS.md, issue #20). Counted
 * from the arrays' sizes, not from heap in use, which other tests' threads in this JVM disturb.
 */
class TokenizerFootprintTest {

    @Test
    void holdsBothVocabulariesInAFewMegabytes() {
        TokenRanks o200k = BpeTokenizer.o200kBase().ranks();
        TokenRanks cl100k = BpeTokenizer.cl100kBase().ranks();
        assertThat(o200k.size()).isEqualTo(199_998);
        assertThat(cl100k.size()).isEqualTo(100_256);
        assertThat(o200k.heapBytes() + cl100k.heapBytes()).isLessThan(12_000_000L);
    }
}
