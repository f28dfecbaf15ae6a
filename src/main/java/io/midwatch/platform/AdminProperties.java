package io.midwatch.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The administrator account MidWatch keeps in Camunda's identity service.
 *
 * @param user     its user id (default {@code admin})
 * @param password its password, usually from {@code MIDWATCH_ADMIN_PASSWORD}; may be left empty only
 *                 on the embedded H2 database, where a built-in password is used
 */
@ConfigurationProperties("midwatch.admin")
public record AdminProperties(String user, String password) {

    /** The password of the embedded set-up, printed at start-up: never used on a real database. */
    public static final String EMBEDDED_PASSWORD = "admin";

    public AdminProperties {
        user = (user == null || user.isBlank()) ? "admin" : user.trim();
    }

    public boolean hasPassword() {
        return password != null && !password.isBlank();
    }
}
