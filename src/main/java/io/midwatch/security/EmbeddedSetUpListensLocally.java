package io.midwatch.security;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded set-up makes its own administrator password, meant for trying MidWatch on one's own
 * machine: while that password is in use, MidWatch listens on the loopback address only, unless
 * {@code server.address} says otherwise.
 */
class EmbeddedSetUpListensLocally implements EnvironmentPostProcessor {

    static final String LOOPBACK = "127.0.0.1";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean generatedPassword = AdminPassword.isEmbedded(environment.getProperty("spring.datasource.url"))
                && !hasText(environment.getProperty("midwatch.admin.password"))
                && !environment.getProperty("midwatch.admin.require-password", Boolean.class, false);
        if (generatedPassword && !environment.containsProperty("server.address")) {
            environment.getPropertySources().addLast(
                    new MapPropertySource("midwatch-embedded-set-up", Map.of("server.address", LOOPBACK)));
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
