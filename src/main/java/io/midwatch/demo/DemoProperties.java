package io.midwatch.demo;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The guided demo (profile {@code demo}).
 *
 * @param cloneScheduledAfter how long after start-up the demo clone of {@code demoprod} onto {@code demotest} is
 *                    scheduled to start, as its record on {@code demoprod} says from the start
 * @param cloneAfter  how long after start-up that clone completes
 * @param loginEvery  how often each simulated MID Server logs in to its simulated instance
 * @param downAfter   how long a simulated instance waits for a good login of an Up MID Server before it sets
 *                    the MID Server Down
 * @param sourcePort  the port of the simulated source instance {@code demoprod} on 127.0.0.1; 0: a free port
 *                    chosen at start
 * @param targetPort  the same for the simulated target instance {@code demotest}
 * @param directory   where the simulated MID Servers keep their passwords, as a real one keeps them in config.xml,
 *                    and where the simulated instances' administrator password is kept
 */
@ConfigurationProperties("midwatch.demo")
public record DemoProperties(@DefaultValue("PT60S") Duration cloneScheduledAfter,
                             @DefaultValue("PT90S") Duration cloneAfter, @DefaultValue("PT10S") Duration loginEvery,
                             @DefaultValue("PT30S") Duration downAfter, @DefaultValue("18081") int sourcePort,
                             @DefaultValue("18082") int targetPort, @DefaultValue("data/demo") Path directory) {
}
