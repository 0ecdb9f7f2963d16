package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingRingTest {

    private static final int SMALL = 4096;

    @TempDir
    Path dir;

    private StagingRing<String> open(int capacity) {
        StagingRing<String> ring = StagingRing.open(dir.resolve(StagingRing.FILE_NAME), capacity);
        ring.recover();
        return ring;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<byte[]> payloads) {
        return payloads.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static List<String> texts(StagingRing.Drained<String> drained) {
        return texts(drained.payloads());
    }

    private List<String> recoveredByANewProcess() {
        List<StagingRing.Staged> found =
                StagingRing.open(dir.resolve(StagingRing.FILE_NAME), SMALL).recover();
        return texts(found.stream().map(StagingRing.Staged::payload).toList());
    }

    @Test
    void drainsWhatWasStagedInOrderAndIsEmptyOnceReleased() {
        StagingRing<String> ring = open(SMALL);
        ring.stage(bytes("one"), "one");
        ring.stage(bytes("two"), "two");

        StagingRing.Drained<String> drained = ring.drain();
        assertThat(texts(drained)).containsExactly("one", "two");
        assertThat(drained.origins()).containsExactly("one", "two");
        assertThat(ring.isEmpty()).as("not empty until released").isFalse();
        ring.released(drained);
        assertThat(ring.isEmpty()).isTrue();
        assertThat(texts(ring.drain())).isEmpty();
        ring.stage(bytes("three"), "three");
        assertThat(ring.drain().origins()).as("released origins are gone").containsExactly("three");
    }

    @Test
    void wrapsAroundItsEndWithoutLosingOrGarblingAnEntry() {
        StagingRing<String> ring = open(SMALL);
        List<String> seen = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            // 700-odd bytes per entry: entries land at offsets that do not divide the ring.
            for (int i = 0; i < 3; i++) {
                String text = round + "-" + i + "-" + "x".repeat(700 + round);
                assertThat(ring.stage(bytes(text), text)).isTrue();
                sent.add(text);
            }
            StagingRing.Drained<String> drained = ring.drain();
            seen.addAll(texts(drained));
            ring.released(drained);
        }
        assertThat(seen).isEqualTo(sent);
    }

    @Test
    void refusesAnEntryThatDoesNotFitAndKeepsTheOthers() {
        StagingRing<String> ring = open(SMALL);
        int staged = 0;
        while (ring.stage(bytes("y".repeat(1000)), "y".repeat(1000))) {
            staged++;
        }
        assertThat(staged).as("4 entries of 1,024 bytes fill 4 KiB").isEqualTo(4);
        assertThat(ring.stage(bytes("z".repeat(5000)), "z".repeat(5000))).isFalse();

        StagingRing.Drained<String> drained = ring.drain();
        assertThat(drained.payloads()).hasSize(4);
        ring.released(drained);
        assertThat(ring.stage(bytes("y".repeat(1000)), "y".repeat(1000)))
                .as("room again once released")
                .isTrue();
    }

    @Test
    void aNewProcessRecoversWhatWasStagedButNotReleasedInOrder() {
        StagingRing<String> ring = open(SMALL);
        ring.stage(bytes("spooled"), "spooled");
        ring.released(ring.drain());
        ring.stage(bytes("a"), "a");
        ring.stage(bytes("b"), "b");
        ring.drain(); // drained but never released: the spool write did not happen

        assertThat(recoveredByANewProcess()).containsExactly("a", "b");
    }

    @Test
    void recoveredEntriesOnceReleasedAreNotRecoveredAgain() {
        StagingRing<String> ring = open(SMALL);
        ring.stage(bytes("a"), "a");

        StagingRing<String> next = StagingRing.open(dir.resolve(StagingRing.FILE_NAME), SMALL);
        List<StagingRing.Staged> found = next.recover();
        assertThat(found).hasSize(1);
        next.released(StagingRing.recovered(found));
        next.stage(bytes("later"), "later");

        assertThat(recoveredByANewProcess()).containsExactly("later");
    }

    @Test
    void entriesFromEarlierLapsAreNotRecovered() {
        StagingRing<String> ring = open(SMALL);
        for (int i = 0; i < 20; i++) {
            ring.stage(bytes("old-" + i + "-" + "x".repeat(300)), "old-" + i + "-" + "x".repeat(300));
            ring.released(ring.drain());
        }
        ring.stage(bytes("pending-" + "x".repeat(300)), "pending-" + "x".repeat(300));

        assertThat(recoveredByANewProcess()).hasSize(1).allMatch(t -> t.startsWith("pending-"));
    }

    @Test
    void aTornEntryIsSkippedAndTheOthersRecovered() throws Exception {
        StagingRing<String> ring = open(SMALL);
        ring.stage(bytes("first"), "first");
        ring.stage(bytes("torn-by-a-crash"), "torn-by-a-crash");
        ring.stage(bytes("third"), "third");
        try (RandomAccessFile file =
                new RandomAccessFile(dir.resolve(StagingRing.FILE_NAME).toFile(), "rw")) {
            // Header (64) + first entry (20 + 5, padded to 32) + entry header (20) + 3: inside the payload.
            file.seek(64 + 32 + 20 + 3);
            file.write('#');
        }

        assertThat(recoveredByANewProcess()).containsExactly("first", "third");
    }

    @Test
    void anExistingRingKeepsItsSizeSoItsEntriesAreStillFound() {
        StagingRing<String> small = open(SMALL);
        small.stage(bytes("left by a process with a smaller ring"), "left by a process with a smaller ring");

        List<StagingRing.Staged> found =
                StagingRing.open(dir.resolve(StagingRing.FILE_NAME), 4 * SMALL).recover();

        assertThat(texts(found.stream().map(StagingRing.Staged::payload).toList()))
                .containsExactly("left by a process with a smaller ring");
    }
}
