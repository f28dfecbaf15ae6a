package io.midwatch.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

import io.midwatch.security.AdminPassword;

/**
 * What the demo's configuration of its two simulated instances ({@code application-demo.yml}) needs before
 * MidWatch binds it: the password of MidWatch's account on them, generated at each start and never written
 * anywhere, and their ports, a free one where {@code 0} is configured. Only under the profile {@code demo}.
 */
class DemoEnvironment implements EnvironmentPostProcessor {

    /** Read by {@code application-demo.yml} only: not a setting. */
    static final String READER_PASSWORD = "demo-instances.reader-password";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of("demo"))) {
            return;
        }
        DemoProperties demo = Binder.get(environment).bindOrCreate("midwatch.demo", DemoProperties.class);
        environment.getPropertySources().addFirst(new MapPropertySource("midwatch-demo-instances", Map.of(
                READER_PASSWORD, AdminPassword.generate(),
                "midwatch.demo.source-port", port(demo.sourcePort()),
                "midwatch.demo.target-port", port(demo.targetPort()))));
    }

    /** Known now, since MidWatch's configuration names it; the simulated instance binds it a moment later. */
    private static int port(int configured) {
        if (configured != 0) {
            return configured;
        }
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Demo: no free port on the loopback address", e);
        }
    }
}
