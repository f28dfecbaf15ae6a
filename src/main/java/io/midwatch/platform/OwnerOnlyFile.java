package io.midwatch.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold a password: created readable and writable by their owner only, never by others, not even briefly. */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    /** Creates the file; fails when it exists already. */
    public static void create(Path file, String content) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, content + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    /** Writes the file afresh, whatever was there. */
    public static void replace(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.deleteIfExists(file);
        create(file, content);
    }
}
