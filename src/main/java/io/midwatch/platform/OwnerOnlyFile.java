package io.midwatch.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold a password, and the folders that hold them and the embedded database: created for their owner
 * only, never readable by others, not even briefly.
 */
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
        createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        create(file, content);
    }

    /**
     * Creates the folder and those of its parents that are missing, each {@code rwx------}. Folders that exist
     * keep their mode: an operator may have made them so on purpose (a volume shared with a backup user, say).
     */
    public static void createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent());
        }
        try {
            if (absolute.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(absolute,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException anotherStartMadeItFirst) {
            if (!Files.isDirectory(absolute)) {
                throw anotherStartMadeItFirst;
            }
        }
    }
}
