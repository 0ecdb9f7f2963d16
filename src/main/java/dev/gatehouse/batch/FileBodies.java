package dev.gatehouse.batch;

import java.io.IOException;
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

    /** Creates the directory and its {@code uploads} folder (where multipart uploads land first). */
    void open() {
        try {
            Files.createDirectories(uploads());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the batches directory " + dir, e);
        }
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
            Files.move(upload, path(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep file " + id, e);
        }
    }

    void write(String id, byte[] bytes) {
        Path temporary = dir.resolve(id + ".jsonl.tmp");
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, path(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write file " + id, e);
        }
    }

    byte[] read(String id) {
        try {
            return Files.readAllBytes(path(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read file " + id, e);
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
