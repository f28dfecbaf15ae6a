package io.midwatch.security;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
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
        // bound here already, before the application context exists, so that the defaults stay in AdminProperties
        AdminProperties admin = Binder.get(environment).bindOrCreate("midwatch.admin", AdminProperties.class);
        boolean generatedPassword = AdminPassword.isEmbedded(environment.getProperty("spring.datasource.url"))
                && !admin.hasPassword() && !admin.requirePassword();
        if (generatedPassword && !environment.containsProperty("server.address")) {
            environment.getPropertySources().addLast(
                    new MapPropertySource("midwatch-embedded-set-up", Map.of("server.address", LOOPBACK)));
        }
    }
}
