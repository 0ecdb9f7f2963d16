package dev.gatehouse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The directory that holds what a gateway keeps between runs when the config does not place it
 * elsewhere: the SQLite store ({@code gatehouse.db}), the usage spool ({@code gatehouse-spool}) and
 * the generated master key ({@code master.key}). One directory, so a deployment backs up or mounts
 * one path, and running from another working directory does not scatter files there.
 */
final class DataDirectory {

    /** Relative to the working directory; {@code GATEHOUSE_DATA_DIR} or {@code --data-dir} choose another. */
    static final String DEFAULT = "gatehouse-data";

    /** The picocli default of every {@code --data-dir} option. */
    static final String OPTION_DEFAULT = "${env:GATEHOUSE_DATA_DIR:-" + DEFAULT + "}";

    private DataDirectory() {}

    /**
     * Creates {@code dir} if it is missing, readable by its owner only (it holds usage records and
     * the master key), and returns its absolute path. An existing directory is left as it is.
     */
    static Path prepare(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        Path parent = Objects.requireNonNull(absolute.getParent(), "an absolute path below the root has a parent");
        Files.createDirectories(parent);
        if (supportsPosix(parent)) {
            Files.createDirectories(absolute, ownerOnly("rwx------"));
        } else {
            Files.createDirectories(absolute);
        }
        return absolute;
    }

    static boolean supportsPosix(Path existing) throws IOException {
        return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    static FileAttribute<Set<PosixFilePermission>> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
