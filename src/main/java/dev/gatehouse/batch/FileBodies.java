package dev.gatehouse.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bytes of files on disk, one file per id in {@code batches.dir}, written whole to a temporary
 * name and then renamed, so a crash never leaves half a file under an id. Blocking: workers only.
 */
final class FileBodies {

    private final Path dir;

    FileBodies(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the directory and its {@code uploads} folder (where multipart uploads land first) on
     * first use, so a gateway that never sees a file makes no directory.
     */
    private void open() throws IOException {
        Files.createDirectories(uploads());
    }

    Path uploads() {
        return dir.resolve("uploads");
    }

    Path path(String id) {
        return dir.resolve(id + ".jsonl");
    }

    /** Takes an upload that passed validation as the body of {@code id}. */
    void adopt(String id, Path upload) {
        try {
            open();
            Files.move(upload, path(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep file " + id, e);
        }
    }

    /** Puts bytes that arrived in memory where uploads land, to be validated and adopted like one. */
    Path upload(byte[] bytes) {
        try {
            open();
            Path file = Files.createTempFile(uploads(), "form-", ".jsonl");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep an upload", e);
        }
    }

    /** What writes a body as a stream. */
    @FunctionalInterface
    interface Writing {
        void to(OutputStream out) throws IOException;
    }

    /**
     * Streams the body of {@code id} to a temporary name and renames it into place; an empty body
     * leaves no file.
     *
     * @return the bytes written
     */
    long write(String id, Writing body) {
        Path temporary = dir.resolve(id + ".jsonl.tmp");
        try {
            open();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 64 * 1024)) {
                body.to(out);
            }
            long size = Files.size(temporary);
            if (size == 0) {
                Files.delete(temporary);
            } else {
                Files.move(temporary, path(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write file " + id, e);
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(path(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete file " + id, e);
        }
    }
}
