package io.midwatch.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.midwatch.platform.OwnerOnlyFile;

/**
 * The administrator's password in force. A configured one always wins. Without one, only the embedded H2
 * set-up starts: it generates a random password at its first start, keeps it in a file that only its
 * owner may read (in a folder that only its owner may enter, when MidWatch creates it), and prints it once;
 * every later start reads it from there. Any other database, and the container image, refuse to start
 * without a configured password.
 *
 * @param value     the password; never logged but at its generation
 * @param generated whether it was generated at this start (and so is printed once)
 * @param file      the file of the embedded set-up's password, or null when it is configured
 */
public record AdminPassword(String value, boolean generated, Path file) {

    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String SPECIAL = "-_.!";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static AdminPassword choose(AdminProperties properties, String jdbcUrl) {
        if (properties.hasPassword()) {
            return new AdminPassword(properties.password(), false, null);
        }
        if (properties.requirePassword() || !isEmbedded(jdbcUrl)) {
            throw new IllegalStateException("No administrator password is configured"
                    + (isEmbedded(jdbcUrl) ? "" : " for the database " + jdbcUrl)
                    + ". Set MIDWATCH_ADMIN_PASSWORD (property midwatch.admin.password): only MidWatch's embedded"
                    + " set-up makes a password of its own.");
        }
        return readOrGenerate(properties.passwordFile());
    }

    public static boolean isEmbedded(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:");
    }

    static AdminPassword readOrGenerate(Path file) {
        try {
            if (Files.exists(file)) {
                return new AdminPassword(Files.readString(file, StandardCharsets.UTF_8).strip(), false, file);
            }
            String password = generate();
            OwnerOnlyFile.createDirectories(file.toAbsolutePath().getParent());
            OwnerOnlyFile.create(file, password);
            return new AdminPassword(password, true, file);
        } catch (FileAlreadyExistsException anotherStartWroteItFirst) {
            return readOrGenerate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the administrator's password in " + file, e);
        }
    }

    /** 20 random characters with every class Camunda's password policy asks for. */
    public static String generate() {
        List<Character> characters = new ArrayList<>();
        for (String alphabet : List.of(LOWER, UPPER, DIGITS, SPECIAL)) {
            characters.add(pick(alphabet));
        }
        String all = LOWER + UPPER + DIGITS;
        while (characters.size() < 20) {
            characters.add(pick(all));
        }
        Collections.shuffle(characters, RANDOM);
        StringBuilder password = new StringBuilder();
        characters.forEach(password::append);
        return password.toString();
    }

    private static char pick(String alphabet) {
        return alphabet.charAt(RANDOM.nextInt(alphabet.length()));
    }

    @Override
    public String toString() {
        return "AdminPassword[generated=" + generated + ", file=" + file + "]";
    }
}
