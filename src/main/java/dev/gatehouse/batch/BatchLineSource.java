package dev.gatehouse.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The lines of a batch's input file still to run, read a few at a time as the run needs them, so a
 * run holds only the lines in flight and the next few whatever the file's size. Lines already
 * recorded (a resumed batch) are skipped. Blocking: workers only, one call at a time.
 */
final class BatchLineSource implements AutoCloseable {

    private final BufferedReader reader;
    private final BitSet done;
    private int lineNo;
    private boolean exhausted;

    /** @param done the line numbers already recorded */
    BatchLineSource(Path file, BitSet done) {
        try {
            this.reader = BatchInput.reader(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a batch input file", e);
        }
        this.done = done;
    }

    /** Up to {@code max} more lines to run; fewer (perhaps none) once the file ends. */
    List<BatchLine> next(int max) {
        List<BatchLine> out = new ArrayList<>();
        try {
            while (!exhausted && out.size() < max) {
                String text = reader.readLine();
                if (text == null) {
                    exhausted = true;
                    reader.close();
                    break;
                }
                lineNo++;
                if (!text.isBlank() && !done.get(lineNo)) {
                    out.add(BatchInput.line(lineNo, text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a batch input file", e);
        }
        return out;
    }

    boolean exhausted() {
        return exhausted;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
