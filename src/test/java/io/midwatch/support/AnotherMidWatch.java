package io.midwatch.support;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.midwatch.MidWatchApplication;

/** Starts one more MidWatch in this JVM, on the tests' PostgreSQL database, beside the shared context. */
public final class AnotherMidWatch {

    private AnotherMidWatch() {
    }

    /**
     * @param engineName engines register by name in a JVM-wide registry: this one must not replace the
     *                   shared context's engine; without hyphens, or the engine ignores it and registers
     *                   as "default", the shared context's name
     * @param settings   more {@code --property=value} arguments
     */
    public static ConfigurableApplicationContext start(String engineName, String[] profiles, String... settings) {
        return startOn(PostgresTestDatabase.url(), PostgresTestDatabase.user(), PostgresTestDatabase.password(),
                engineName, profiles, settings);
    }

    /** The same on another database: the embedded demo's, for one. */
    public static ConfigurableApplicationContext startOn(String jdbcUrl, String user, String password, String engineName,
                                                         String[] profiles, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--midwatch.admin.password=" + PostgresIntegrationTest.ADMIN_PASSWORD,
                "--camunda.bpm.process-engine-name=" + engineName,
                "--spring.jmx.enabled=false",
                // Camunda's webapps keep their runtime in static fields, which a second webapp clears when its
                // context closes: the shared context's Cockpit and Tasklist would answer 500 from then on
                "--camunda.bpm.webapp.enabled=false"));
        args.addAll(List.of(settings));
        // arguments, not default properties: they must win over application.yml
        return new SpringApplicationBuilder(MidWatchApplication.class).profiles(profiles).run(args.toArray(String[]::new));
    }

    /** Where the MidWatch of that context answers. */
    public static String url(ConfigurableApplicationContext midWatch) {
        return "http://localhost:" + midWatch.getEnvironment().getProperty("local.server.port");
    }

    /** Its API, as the administrator. */
    public static Api adminApi(ConfigurableApplicationContext midWatch) {
        return Api.at(url(midWatch), "admin", PostgresIntegrationTest.ADMIN_PASSWORD);
    }
}
