package io.midwatch.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;

import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.clone.CloneService;
import io.midwatch.forecast.ForecastService;
import io.midwatch.issue.IssueService;
import io.midwatch.midserver.MidServerService;
import io.midwatch.platform.RetryOnConcurrentChange;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * Clones as instances record them: requests of the Clone Admin Console in a table whose columns are found
 * through {@code sys_dictionary} by their labels, states stored as values whose labels {@code sys_choice}
 * holds, targets named by reference or by text, and clones the look-back leaves out after an outage.
 * {@code acmeprod}, the source, holds the clone records; polls are driven by hand.
 */
class ServiceNowCloneSourcesTest extends PostgresIntegrationTest {

    private static final String CONSOLE = "sn_instance_clone_request";
    /** The console's stored state values, as an instance might store them, and their labels. */
    private static final Map<String, String> STATES = Map.of("2", "WIP", "3", "Complete", "4", "Error",
            "7", "Canceled", "9", "Rollback Complete");

    private static FakeServiceNow fake;

    @Autowired
    private InstancePollRepository polls;
    @Autowired
    private MidServerService midServers;
    @Autowired
    private CloneService clones;
    @Autowired
    private IssueService issues;
    @Autowired
    private ForecastService forecasts;
    @Autowired
    private RetryOnConcurrentChange retry;
    @Autowired
    private Clock clock;
    @Autowired
    private RestClient.Builder restClients;

    private FakeServiceNow.Instance prod;
    private InstancePoller poller;

    @BeforeAll
    static void startFake() {
        fake = FakeServiceNow.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void twoInstances() {
        prod = fake.fresh("acmeprod");
        fake.fresh("acmetest");
        poller = new Pollers(polls, midServers, clones, issues, forecasts, retry, clock, restClients).poller(
                Pollers.basic("acmeprod", fake.url("acmeprod")), Pollers.basic("acmetest", fake.url("acmetest")));
    }

    @Test
    void R1_aCloneRequestedInTheCloneAdminConsoleIsFoundThroughTheLabelsOfItsColumnsAndStartsItsCheck() {
        // Given the console's table with columns named otherwise than the legacy ones, a target by reference
        console("u_target_ref", "reference");
        String cloneId = consoleClone(Map.of("u_source_ref.instance_name", "acmeprod",
                "u_target_ref.instance_name", "acmetest", "u_state", "3", "u_done", minutesAgo(5)));

        // When the source is polled, twice
        poller.pollOnce("acmeprod");
        poller.pollOnce("acmeprod");

        // Then that clone has one check, of acmeprod onto acmetest
        JsonNode clone = api.get("/api/clones/" + cloneId).getBody();
        assertThat(clone.get("sourceInstance").asText()).isEqualTo("acmeprod");
        assertThat(clone.get("targetInstance").asText()).isEqualTo("acmetest");
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(CloneCheckProcess.PROCESS_KEY)
                .count()).isEqualTo(1);
    }

    @Test
    void aConsoleCloneNamingItsTargetByUrlTextMatchesTheConfiguredInstanceByHostAndAStandbySourceIsTheInstanceRead() {
        // Given a configured instance on its own host, and a console clone naming it by URL (another scheme,
        // no port, as the instance names itself) from the standby database
        poller = new Pollers(polls, midServers, clones, issues, forecasts, retry, clock, restClients).poller(
                Pollers.basic("acmeprod", fake.url("acmeprod")),
                Pollers.basic("acmetest", fake.url("acmetest").replace("localhost", "127.0.0.1")));
        console("u_target_text", "url");
        String cloneId = consoleClone(Map.of("u_source_ref.instance_name", "Standby Database",
                "u_target_text", "https://127.0.0.1/", "u_state", "3", "u_done", minutesAgo(5)));

        // When the source is polled
        poller.pollOnce("acmeprod");

        // Then the clone is of acmeprod, the instance read, onto acmetest
        JsonNode clone = api.get("/api/clones/" + cloneId).getBody();
        assertThat(clone.get("sourceInstance").asText()).isEqualTo("acmeprod");
        assertThat(clone.get("targetInstance").asText()).isEqualTo("acmetest");
    }

    @Test
    void onlyAStateLabelledCompleteStartsACheckErrorCanceledAndRollbackStartNone() {
        // Given console clones in each ending state, stored as values that only sys_choice explains
        console("u_target_ref", "reference");
        Map<String, String> clonesByState = new HashMap<>();
        for (String state : List.of("3", "4", "7", "9")) {
            clonesByState.put(state, consoleClone(Map.of("u_source_ref.instance_name", "acmeprod",
                    "u_target_ref.instance_name", "acmetest", "u_state", state, "u_done", minutesAgo(5))));
        }

        // When the source is polled
        poller.pollOnce("acmeprod");

        // Then only the completed one has a check
        assertThat(api.get("/api/clones").getBody()).extracting(clone -> clone.get("cloneId").asText())
                .containsExactly(clonesByState.get("3"));
    }

    @Test
    void aCloneRolledBackAfterItCompletedIsNotedOnItsCheckOnce() {
        // Given a console clone completed and checked, then rolled back; and the clone service's log
        console("u_target_ref", "reference");
        String cloneId = consoleClone(Map.of("u_source_ref.instance_name", "acmeprod",
                "u_target_ref.instance_name", "acmetest", "u_state", "3", "u_done", minutesAgo(5)));
        poller.pollOnce("acmeprod");
        prod.table(CONSOLE).forEach(record -> record.put("u_state", "9"));
        ListAppender<ILoggingEvent> log = listen(CloneService.class);
        try {
            // When the source is polled again, twice
            poller.pollOnce("acmeprod");
            poller.pollOnce("acmeprod");
        } finally {
            ((Logger) LoggerFactory.getLogger(CloneService.class)).detachAppender(log);
        }

        // Then its check carries the rollback, and one warning names the clone
        String check = api.get("/api/clones/" + cloneId).getBody().get("processInstanceId").asText();
        assertThat(runtimeService.getVariable(check, CloneCheckProcess.VAR_ROLLED_BACK)).isEqualTo("Rollback Complete");
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .contains(cloneId).contains("rolled back");
    }

    @Test
    void aCloneCompletedBeforeTheLookBackAfterAnOutageIsLoggedOnceWithWhatStartsItsCheck() {
        // Given the source polled now, then no poll for three days, meanwhile a clone completed 50 hours ago
        poller.pollOnce("acmeprod");
        Instant completed = clock.instant().plus(22, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String cloneId = prod.clone("acmeprod", "acmetest", "Completed", completed);
        ClockUtil.setCurrentTime(Date.from(clock.instant().plus(3, ChronoUnit.DAYS)));
        ListAppender<ILoggingEvent> log = listen(InstancePoller.class);
        try {
            // When it is polled again, twice
            poller.pollOnce("acmeprod");
            poller.pollOnce("acmeprod");
        } finally {
            ((Logger) LoggerFactory.getLogger(InstancePoller.class)).detachAppender(log);
        }

        // Then no check started, and one warning says which clone and what POST /api/clones takes to check it
        assertThat(api.get("/api/clones").getBody()).isEmpty();
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .contains("clone " + cloneId + " of acmeprod onto acmetest completed at " + completed)
                .contains("POST /api/clones").contains("\"completedAt\": \"" + completed + "\"");
    }

    /**
     * The console's table on acmeprod: its columns in sys_dictionary (the target's as given) and its states
     * in sys_choice.
     */
    private void console(String targetColumn, String targetType) {
        prod.dictionary(CONSOLE, "u_source_ref", "Source Instance", "reference", "instance");
        prod.dictionary(CONSOLE, targetColumn, "Target Instance", targetType, "reference".equals(targetType)
                ? "instance" : "");
        prod.dictionary(CONSOLE, "u_state", "State", "integer", "");
        prod.dictionary(CONSOLE, "u_scheduled", "Scheduled Date/Time", "glide_date_time", "");
        prod.dictionary(CONSOLE, "u_started", "Started", "glide_date_time", "");
        prod.dictionary(CONSOLE, "u_done", "Completed", "glide_date_time", "");
        prod.dictionary(CONSOLE, "u_profile", "Profile Name", "string", "");
        STATES.forEach((value, label) -> prod.choice(CONSOLE, "u_state", value, label));
    }

    private String consoleClone(Map<String, String> values) {
        return prod.record(CONSOLE, values);
    }

    private String minutesAgo(int minutes) {
        return FakeServiceNow.dateTime(clock.instant().minus(minutes, ChronoUnit.MINUTES));
    }

    private static ListAppender<ILoggingEvent> listen(Class<?> type) {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
        return appender;
    }
}
