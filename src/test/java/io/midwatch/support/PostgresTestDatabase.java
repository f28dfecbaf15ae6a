package io.midwatch.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives the tests a PostgreSQL database of their own, created afresh once per test run.
 *
 * <p>It connects to the server named by {@code MIDWATCH_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://localhost:5432/postgres}, user {@code MIDWATCH_TEST_POSTGRES_USER} or
 * {@code postgres}, password {@code MIDWATCH_TEST_POSTGRES_PASSWORD}), drops and creates the database
 * {@code MIDWATCH_TEST_DATABASE} (default {@code midwatch_test}) and points the application at it.
 *
 * <p>When no server is configured and none answers at the default address, the run starts a PostgreSQL of
 * its own from the binaries Maven delivered ({@link EmbeddedPostgresServer}), so that a fresh machine with
 * only Java and Maven runs the suite. PostgreSQL refuses to run as root: as root, the run fails instead and
 * says how to provide a server. These tests never skip quietly.
 */
public class PostgresTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/postgres";
    private static final String CONFIGURED_URL = System.getenv("MIDWATCH_TEST_POSTGRES_URL");
    private static final String USER = env("MIDWATCH_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD = env("MIDWATCH_TEST_POSTGRES_PASSWORD", "");
    private static final String DATABASE = env("MIDWATCH_TEST_DATABASE", "midwatch_test");

    /** The server's maintenance database, where databases are dropped and created; chosen on first use. */
    private static String adminUrl;
    private static boolean created;

    static {
        // The driver's internal asserts are off in production. With them on (Surefire's -ea), a batch on a
        // connection the server has just terminated throws an AssertionError instead of the driver's
        // BatchUpdateException, which no production code ever sees.
        PostgresTestDatabase.class.getClassLoader().setPackageAssertionStatus("org.postgresql", false);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "spring.datasource.url=" + url(),
                "spring.datasource.username=" + USER,
                "spring.datasource.password=" + PASSWORD
        ).applyTo(context.getEnvironment());
    }

    /** The JDBC URL of the test database, created on first use. */
    public static synchronized String url() {
        if (!created) {
            recreate(DATABASE);
            created = true;
        }
        return urlOf(DATABASE);
    }

    /**
     * A database of its own for a test that runs MidWatch in processes of its own: named after the test
     * database with the given suffix, dropped and created afresh, and empty.
     */
    public static String freshDatabase(String suffix) {
        String database = DATABASE + "_" + suffix;
        recreate(database);
        return urlOf(database);
    }

    private static String urlOf(String database) {
        String admin = adminUrl();
        return admin.substring(0, admin.lastIndexOf('/') + 1) + database;
    }

    /** The configured server; else the local one at the default address; else one started for this run. */
    private static synchronized String adminUrl() {
        if (adminUrl == null) {
            if (CONFIGURED_URL != null && !CONFIGURED_URL.isBlank()) {
                adminUrl = CONFIGURED_URL;
            } else if (answers(DEFAULT_URL)) {
                adminUrl = DEFAULT_URL;
            } else {
                adminUrl = EmbeddedPostgresServer.start(DEFAULT_URL).orElse(DEFAULT_URL);
            }
        }
        return adminUrl;
    }

    private static boolean answers(String url) {
        try (Connection ignored = DriverManager.getConnection(url, USER, PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public static String user() {
        return USER;
    }

    public static String password() {
        return PASSWORD;
    }

    private static void recreate(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalStateException("MIDWATCH_TEST_DATABASE must be a plain lower-case name, not " + database);
        }
        try (Connection admin = DriverManager.getConnection(adminUrl(), USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("""
                    The tests need a PostgreSQL server and could not use %s as user %s: %s
                    Start the local one (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start),
                    point MIDWATCH_TEST_POSTGRES_URL / MIDWATCH_TEST_POSTGRES_USER / MIDWATCH_TEST_POSTGRES_PASSWORD
                    at a server where that user may create databases, or run the tests as an ordinary user (not root)
                    so that they start a PostgreSQL of their own."""
                    .formatted(adminUrl(), USER, e.getMessage()), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Objects.requireNonNull(fallback) : value;
    }
}
