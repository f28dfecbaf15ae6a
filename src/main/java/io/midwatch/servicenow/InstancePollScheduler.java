package io.midwatch.servicenow;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs due polls on every node, one thread per node, every {@code midwatch.servicenow.tick}: each poll
 * takes its instance's lease first, so one node polls an instance at a time. With no instance configured
 * nothing is started.
 */
@Component
class InstancePollScheduler {

    private static final Logger log = LoggerFactory.getLogger(InstancePollScheduler.class);

    private final ServiceNowProperties properties;
    private final InstancePoller poller;
    private ScheduledExecutorService executor;

    InstancePollScheduler(ServiceNowProperties properties, InstancePoller poller) {
        this.properties = properties;
        this.poller = poller;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        properties.instances().stream().filter(instance -> "http".equals(instance.url().getScheme()))
                .forEach(instance -> log.warn("Instance {} is read over http:// ({}): the account's password or "
                        + "token crosses the network unencrypted; configure its https:// URL", instance.name(),
                        instance.url()));
        if (properties.instances().isEmpty() || !properties.scheduled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "servicenow-poll");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(poller::pollDue, 0, properties.tick().toMillis(), TimeUnit.MILLISECONDS);
        log.info("Polling ServiceNow instances {}", properties.instances());
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
