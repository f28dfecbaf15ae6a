package io.midwatch.issue.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricExternalTaskLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import io.midwatch.issue.DiagnosisWorkerAccount;
import io.midwatch.issue.IssueFixtures;
import io.midwatch.issue.IssueProcess;
import io.midwatch.security.Accounts;
import io.midwatch.servicenow.FakeServiceNow;
import io.midwatch.servicenow.InstancePoller;
import io.midwatch.servicenow.InstanceState;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresTestDatabase;

/**
 * R11 under an instance's rate limit: a pass that opens 500 issues on one instance is diagnosed without an
 * incident, reading the users in bulk and waiting for every {@code Retry-After} the instance names. A MidWatch
 * of its own on a database of its own, whose in-process worker is started by hand once the limit is spent (the
 * shared context's worker would otherwise take the tasks).
 */
class RateLimitedInstanceDiagnosisTest {

    private static final String ENGINE = "ratelimited";
    private static final int ISSUES = 500;

    private static FakeServiceNow fake;
    private static ConfigurableApplicationContext midWatch;
    private static ExternalTaskClient worker;

    @BeforeAll
    static void start() {
        fake = FakeServiceNow.start();
        fake.fresh("acmetest");
        midWatch = AnotherMidWatch.startOn(PostgresTestDatabase.freshDatabase("ratelimited"),
                PostgresTestDatabase.user(), PostgresTestDatabase.password(), ENGINE, new String[0],
                "--midwatch.worker.enabled=false", "--camunda.bpm.job-execution.enabled=false",
                "--midwatch.servicenow.scheduled=false",
                // pages of 100: reading a pass's users takes more calls than one window of the limit allows
                "--midwatch.servicenow.page-size=100",
                "--midwatch.servicenow.instances[0].name=acmetest",
                "--midwatch.servicenow.instances[0].url=" + fake.url("acmetest"),
                "--midwatch.servicenow.instances[0].user=midwatch.reader",
                "--midwatch.servicenow.instances[0].password=reader-pass");
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.stop();
        }
        midWatch.close();
        fake.close();
    }

    @Test
    void R11_fiveHundredIssuesAreDiagnosedWithoutAnIncidentUnderTenCallsPerTenSecondsNoCallBeforeItsRetryAfter() {
        // Given acmetest with 500 MID Servers Down since before a clone, their users there (every tenth without
        // the role mid_server), read by a poll
        FakeServiceNow.Instance acmetest = fake.fresh("acmetest");
        Instant twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 1; i <= ISSUES; i++) {
            acmetest.midServer("mid-" + i, "Down", "mid.user." + i, twoHoursAgo);
            acmetest.user("mid.user." + i, true, false, i % 10 == 0 ? new String[] {"itil"}
                    : new String[] {"mid_server", "itil"});
        }
        InstancePoller poller = midWatch.getBean(InstancePoller.class);
        assertThat(poller.pollOnce("acmetest").state()).isEqualTo(InstanceState.OK);
        // and the clone's first pass opened an issue for each
        Api api = AnotherMidWatch.adminApi(midWatch);
        var clone = api.post("/api/clones", Map.of("sourceInstance", "acmeprod", "targetInstance", "acmetest"));
        assertThat(clone.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String cloneId = clone.getBody().get("cloneId").asText();
        new IssueFixtures(api, midWatch.getBean(RuntimeService.class), midWatch.getBean(TaskService.class),
                midWatch.getBean(ManagementService.class), midWatch.getBean(HistoryService.class))
                .runFirstPass(cloneId);
        assertThat(api.get("/api/issues?cloneId=" + cloneId).getBody()).hasSize(ISSUES);
        // and the instance now allows MidWatch's account 10 calls per 10 s, and polls have spent them
        acmetest.callsPerWindow = 10;
        acmetest.window = Duration.ofSeconds(10);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> poller.pollOnce("acmetest").state() == InstanceState.RATE_LIMITED);

        // When the diagnosis worker takes the 500 diagnoses, with the account a worker has
        DiagnosisWorkerAccount.Credentials account = midWatch.getBean(Accounts.class).inProcessWorker();
        worker = CredentialDiagnosisWorker.start(midWatch.getBean(RestClient.Builder.class),
                AnotherMidWatch.url(midWatch), ENGINE, account.user(), account.password());

        // Then every issue gets its diagnosis, and none ended in an incident
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> diagnoses(api, cloneId).values().stream().allMatch(diagnosis -> diagnosis != null));
        assertThat(midWatch.getBean(RuntimeService.class).createIncidentQuery().count()).isZero();
        Map<String, String> diagnoses = diagnoses(api, cloneId);
        assertThat(diagnoses.get("mid-1")).startsWith("Checked on instance acmetest: user 'mid.user.1' exists");
        assertThat(diagnoses.get("mid-10"))
                .startsWith("User 'mid.user.10' lacks the role mid_server on instance acmetest: grant it there.");
        // and the diagnoses met the limit, waited for it and spent no retry on it
        List<HistoricExternalTaskLog> failures = midWatch.getBean(HistoryService.class)
                .createHistoricExternalTaskLogQuery().failureLog().list();
        assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure.getErrorMessage())
                .startsWith(IssueProcess.DIAGNOSIS_WAITS_FOR_RATE_LIMIT));
        assertThat(midWatch.getBean(MeterRegistry.class).get("midwatch.diagnosis.failures").functionCounter().count())
                .isZero();
        // and the users were read in bulk: a few calls, where one each would have been 500
        assertThat(acmetest.requestsTo("sys_user")).isLessThanOrEqualTo(20);
        // and no call reached the instance before the Retry-After it had named had passed
        List<FakeServiceNow.Call> calls = List.copyOf(acmetest.calls);
        List<FakeServiceNow.Call> refused = calls.stream().filter(call -> call.retryAfterSeconds() > 0).toList();
        assertThat(refused).isNotEmpty();
        for (FakeServiceNow.Call call : refused) {
            Instant allowed = call.at().plusSeconds(call.retryAfterSeconds());
            assertThat(calls).as("calls after the 429 at %s with Retry-After %d s", call.at(),
                            call.retryAfterSeconds())
                    .noneMatch(other -> other.at().isAfter(call.at()) && other.at().isBefore(allowed));
        }
    }

    /** The diagnosis of each issue of the clone, by MID Server; null where there is none yet. */
    private static Map<String, String> diagnoses(Api api, String cloneId) {
        JsonNode issues = api.get("/api/issues?cloneId=" + cloneId).getBody();
        Map<String, String> diagnoses = new HashMap<>();
        StreamSupport.stream(issues.spliterator(), false).forEach(issue -> diagnoses.put(
                issue.get("midServer").asText(), issue.get("diagnosis").isNull() ? null
                        : issue.get("diagnosis").asText()));
        assertThat(diagnoses).hasSize(ISSUES);
        return diagnoses;
    }
}
