package io.midwatch.security;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The administrator account MidWatch keeps in Camunda's identity service.
 *
 * @param user            its user id
 * @param password        its password, usually from {@code MIDWATCH_ADMIN_PASSWORD}; it must meet Camunda's
 *                        password policy. May be left empty only on the embedded H2 database, where MidWatch
 *                        generates one at the first start and keeps it in {@code passwordFile}
 * @param requirePassword refuse to start without a configured password even on H2 (set in the container
 *                        image, which is always reachable from a network)
 * @param passwordFile    where the generated password of the embedded set-up is kept, readable by its owner only
 */
@ConfigurationProperties("midwatch.admin")
public record AdminProperties(@DefaultValue("admin") String user, String password,
                              @DefaultValue("false") boolean requirePassword,
                              @DefaultValue("./data/admin.password") Path passwordFile) {

    public boolean hasPassword() {
        return password != null && !password.isBlank();
    }
}
