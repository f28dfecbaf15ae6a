package io.midwatch.demo;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The guided demo (profile {@code demo}).
 *
 * @param cloneAfter     how long after start-up the demo clone happens
 * @param heartbeatEvery how often each simulated MID Server sends its heartbeat
 * @param directory      where the simulated MID Servers keep their passwords, as a real one keeps them in config.xml
 */
@ConfigurationProperties("midwatch.demo")
public record DemoProperties(Duration cloneAfter, Duration heartbeatEvery, Path directory) {

    public DemoProperties {
        cloneAfter = cloneAfter == null ? Duration.ofSeconds(30) : cloneAfter;
        heartbeatEvery = heartbeatEvery == null ? Duration.ofSeconds(10) : heartbeatEvery;
        directory = directory == null ? Path.of("data", "demo") : directory;
    }
}
