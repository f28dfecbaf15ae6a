package io.midwatch.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The embedded H2 database's folder ({@code ./data} by default, beside the administrator's password file) is
 * made for its owner only before H2 opens the database: H2 would create it readable by everyone, and the
 * database files hold every password hash and the issues.
 */
public class EmbeddedDatabaseDirectory implements EnvironmentPostProcessor {

    private static final String PREFIX = "jdbc:h2:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        folder(environment.getProperty("spring.datasource.url")).ifPresent(folder -> {
            try {
                OwnerOnlyFile.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the embedded database's folder " + folder, e);
            }
        });
    }

    /** The folder of a file-based H2 database; none for an in-memory or remote one, or another database. */
    static Optional<Path> folder(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String location = jdbcUrl.substring(PREFIX.length());
        int options = location.indexOf(';');
        location = options < 0 ? location : location.substring(0, options);
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.matches("^[a-z]{2,}:.*")) {
            // mem:, tcp:, ssl:, zip:, ...: no folder of MidWatch's to create
            return Optional.empty();
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        Path parent = Path.of(location).toAbsolutePath().getParent();
        return Optional.ofNullable(parent);
    }
}
