package io.midwatch.demo;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The guided demo (profile {@code demo}).
 *
 * @param cloneAfter     how long after start-up the demo clone happens
 * @param heartbeatEvery how often each simulated MID Server sends its heartbeat
 * @param directory      where the simulated MID Servers keep their passwords, as a real one keeps them in config.xml
 */
@ConfigurationProperties("midwatch.demo")
public record DemoProperties(@DefaultValue("PT30S") Duration cloneAfter, @DefaultValue("PT10S") Duration heartbeatEvery,
                             @DefaultValue("data/demo") Path directory) {
}
