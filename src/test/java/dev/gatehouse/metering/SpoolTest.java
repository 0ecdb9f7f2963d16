package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static List<byte[]> payloads(String... texts) {
        return Stream.of(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<String> texts(Spool.Batch batch) {
        return batch.payloads().stream()
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .toList();
    }

    private Path onlySegment() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".spool"))
                    .filter(f -> f.toFile().length() > 0)
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void readsBackWhatItAppendedAndForgetsWhatWasCommitted() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(payloads("one", "two"));
            Spool.Batch batch = spool.read(10);
            assertThat(texts(batch)).containsExactly("one", "two");
            spool.commit(batch.next());
            assertThat(spool.hasUnstored()).isFalse();
            spool.append(payloads("three"));
            assertThat(texts(spool.read(10))).containsExactly("three");
        }
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            assertThat(texts(reopened.read(10)))
                    .as("only the uncommitted entry is replayed")
                    .containsExactly("three");
        }
    }

    @Test
    void aTornCheckpointReplaysEverySegmentAndAnOlderVersionsCheckpointIsRead() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(payloads("one", "two"));
            spool.commit(spool.read(1).next());
            spool.commit(spool.read(1).next());
        }
        Path checkpoint = dir.resolve("checkpoint");
        String line = Files.readString(checkpoint, StandardCharsets.US_ASCII);
        assertThat(line).as("one fixed-width line, overwritten in place").hasLineCount(1);
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            assertThat(texts(reopened.read(10))).isEmpty();
        }
        // A machine crash in mid-write: the digits changed, the checksum did not.
        char last = line.charAt(19);
        Files.writeString(
                checkpoint,
                line.substring(0, 19) + (last == '9' ? '8' : '9') + line.substring(20),
                StandardCharsets.US_ASCII);
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            assertThat(texts(reopened.read(10)))
                    .as("a checkpoint that fails its checksum replays everything (the store skips duplicates)")
                    .containsExactly("one", "two");
        }
        SpoolPosition afterOne;
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            afterOne = reopened.read(1).next();
        }
        Files.writeString(checkpoint, afterOne.segment() + " " + afterOne.offset() + "\n", StandardCharsets.US_ASCII);
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            assertThat(texts(reopened.read(10))).containsExactly("two");
            reopened.commit(reopened.read(10).next());
        }
        try (Spool reopened = new Spool(dir, 1 << 20)) {
            assertThat(texts(reopened.read(10))).isEmpty();
        }
    }

    @Test
    void rotatesSegmentsAndDeletesThoseWhollyStored() throws Exception {
        try (Spool spool = new Spool(dir, 10)) {
            spool.append(payloads("aaaa"));
            spool.append(payloads("bbbb"));
            spool.append(payloads("cccc"));
            Spool.Batch first = spool.read(2);
            assertThat(texts(first)).containsExactly("aaaa", "bbbb");
            spool.commit(first.next());
            Spool.Batch rest = spool.read(10);
            assertThat(texts(rest)).containsExactly("cccc");
            spool.commit(rest.next());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".spool")).count())
                    .isLessThanOrEqualTo(2);
        }
    }

    @Test
    void skipsATornEntryAtTheEndOfASegmentLeftByACrash() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(payloads("first", "second", "third-entry-torn"));
        }
        Path segment = onlySegment();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        try (Spool spool = new Spool(dir, 1 << 20)) {
            Spool.Batch batch = spool.read(10);
            assertThat(texts(batch)).containsExactly("first", "second");
            spool.commit(batch.next());
            spool.append(payloads("after-restart"));
            assertThat(texts(spool.read(10))).containsExactly("after-restart");
        }
    }

    @Test
    void skipsAnEntryWithABadChecksumAndKeepsTheOthers() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(payloads("first", "second", "third"));
        }
        Path segment = onlySegment();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long secondPayload = Spool.HEADER + 5 + Spool.HEADER;
            f.seek(secondPayload);
            f.write('X');
        }
        try (Spool spool = new Spool(dir, 1 << 20)) {
            assertThat(texts(spool.read(10))).containsExactly("first", "third");
        }
    }

    @Test
    void resynchronizesAfterAGarbledHeader() throws Exception {
        try (Spool spool = new Spool(dir, 1 << 20)) {
            spool.append(payloads("first", "second", "third"));
        }
        Path segment = onlySegment();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(Spool.HEADER + 5);
            f.writeInt(0xdeadbeef);
            f.writeInt(Integer.MAX_VALUE);
        }
        try (Spool spool = new Spool(dir, 1 << 20)) {
            assertThat(texts(spool.read(10))).containsExactly("first", "third");
        }
    }
}
