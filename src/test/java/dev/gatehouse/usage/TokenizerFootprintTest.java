package dev.gatehouse.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.lang.ref.Reference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The reason {@link BpeTokenizer} exists: the two vocabularies the gateway loads must take a small
 * part of the heap jtokkit's take. Heap in use after collections is noisy, so the bound is loose.
 */
class TokenizerFootprintTest {

    @Test
    void holdsBothVocabulariesInAFractionOfJtokkitsHeap() {
        long ours = retained(() -> new Object[] {BpeTokenizer.o200kBase(), BpeTokenizer.cl100kBase()});
        long jtokkit = retained(() -> {
            EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
            return new Object[] {
                registry.getEncoding(EncodingType.O200K_BASE), registry.getEncoding(EncodingType.CL100K_BASE)
            };
        });
        System.out.printf(
                "retained heap of o200k_base + cl100k_base: ours %.1f MB, jtokkit %.1f MB%n",
                ours / 1e6, jtokkit / 1e6);
        assertThat(ours).isLessThan(15_000_000L).isLessThan(jtokkit / 4);
    }

    private static long retained(Supplier<Object> build) {
        long before = usedAfterCollecting();
        Object kept = build.get();
        long after = usedAfterCollecting();
        Reference.reachabilityFence(kept);
        return after - before;
    }

    private static long usedAfterCollecting() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
