package io.midwatch.servicenow;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.web.client.RestClient;

import io.midwatch.clone.CloneService;
import io.midwatch.forecast.ForecastService;
import io.midwatch.issue.IssueService;
import io.midwatch.midserver.MidServerService;
import io.midwatch.platform.RetryOnConcurrentChange;

/**
 * Pollers built from the shared context's beans, reading instances of a fake ServiceNow with the default
 * settings (one-day look-back, pages of 1,000), driven by hand.
 */
record Pollers(InstancePollRepository polls, MidServerService midServers, CloneService clones, IssueService issues,
               ForecastService forecasts, RetryOnConcurrentChange retry, Clock clock,
               RestClient.Builder restClients) {

    static final Duration POLL_INTERVAL = Duration.ofMinutes(1);

    InstancePoller poller(ServiceNowProperties.Instance... instances) {
        return new InstancePoller(new ServiceNowProperties(List.of(instances), false, Duration.ofSeconds(10),
                Duration.ofDays(1), 1000, Duration.ofSeconds(10), Duration.ofMinutes(5),
                new ServiceNowProperties.CloneConsole("sn_instance_clone_request", Map.of()),
                new ServiceNowProperties.CloneStates("Completed,Complete", "Rollback*,Rolled Back")),
                polls, midServers, clones, issues, forecasts, retry, clock, restClients);
    }

    /** An instance read with HTTP Basic as the fake expects it, at that URL. */
    static ServiceNowProperties.Instance basic(String name, String url) {
        return new ServiceNowProperties.Instance(name, URI.create(url), "midwatch.reader", "reader-pass", null,
                POLL_INTERVAL);
    }
}
