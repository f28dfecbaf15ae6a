package io.midwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.midwatch.issue.IssueFixtures;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;

/**
 * {@code /actuator/prometheus}: who may read it, what a clone, its passes, diagnoses, heartbeats and
 * resolutions show there, and that the Grafana dashboard asks only for metrics that are there.
 */
class PrometheusMetricsTest extends PostgresIntegrationTest {

    private static final String PROMETHEUS = "/actuator/prometheus";

    @Autowired
    IdentityService identityService;
    @Autowired
    DatabaseGauges databaseGauges;
    @Autowired
    ExternalTaskService externalTaskService;

    private IssueFixtures given;

    @BeforeEach
    void accounts() {
        TestAccounts.ensure(identityService);
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    @Test
    void administratorsAndMonitoringReadTheMetricsOperatorsAndAnonymousCallersDoNot() {
        assertThat(anonymous.getForEntity(PROMETHEUS, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(scrapeAs(TestAccounts.OPERATOR, TestAccounts.PASSWORD).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        for (var reader : Map.of("admin", ADMIN_PASSWORD, TestAccounts.MONITOR, TestAccounts.PASSWORD).entrySet()) {
            ResponseEntity<String> answer = scrapeAs(reader.getKey(), reader.getValue());
            assertThat(answer.getStatusCode()).as(reader.getKey()).isEqualTo(HttpStatus.OK);
            assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_PLAIN)).isTrue();
            assertThat(answer.getBody()).contains("midwatch_mid_servers{status=\"Up\"}");
        }
    }

    @Test
    void aCloneItsPassesDiagnosesHeartbeatsAndResolutionsShowInTheMetrics() {
        // Given two MID Servers Down with healthy users, and one of an instance MidWatch no longer reads
        given.healthyUser("mid.east.user");
        given.healthyUser("mid.west.user");
        given.midServer("mid-east", "mid.east.user", "Down");
        given.midServer("mid-west", "mid.west.user", "Down");
        given.midServer("mid-north", "mid.north.user", "Down");
        jdbc.sql("UPDATE ecc_agent SET instance = 'acme-test', registered = NULL WHERE name = 'mid-north'").update();
        Scrape before = scrape();

        // When a clone is reported and its first pass runs
        String cloneId = given.cloneNow();
        given.runFirstPass(cloneId);

        // Then the clone, the pass and its three new issues are counted
        Scrape afterFirstPass = scrape();
        assertIncrease(before, afterFirstPass, 1, "midwatch_clone_events_accepted_total");
        assertIncrease(before, afterFirstPass, 1, "midwatch_passes_total", "pass", "first");
        assertIncrease(before, afterFirstPass, 1, "midwatch_pass_duration_seconds_count", "pass", "first");
        assertIncrease(before, afterFirstPass, 3, "midwatch_pass_new_issues_total", "pass", "first");
        assertIncrease(before, afterFirstPass, 0, "midwatch_passes_total", "pass", "second");
        assertThat(afterFirstPass.value("midwatch_engine_jobs_executed_total", "outcome", "successful"))
                .isGreaterThanOrEqualTo(before.value("midwatch_engine_jobs_executed_total", "outcome", "successful") + 1);

        // And once the worker has had them: two diagnoses without a fault, and a failed attempt for the
        // MID Server of an instance MidWatch does not know
        await().atMost(IssueFixtures.PATIENCE).untilAsserted(() -> {
            Scrape now = scrape();
            assertIncrease(before, now, 2, "midwatch_diagnoses_total", "cause", "no_fault");
            assertThat(now.value("midwatch_diagnosis_failures_total"))
                    .isGreaterThanOrEqualTo(before.value("midwatch_diagnosis_failures_total") + 1);
        });

        // And, read again, the gauges show the MID Servers Down and the three New issues
        databaseGauges.refresh();
        Scrape withIssues = scrape();
        assertThat(withIssues.value("midwatch_mid_servers", "status", "Down")).isEqualTo(3);
        assertThat(withIssues.value("midwatch_mid_servers", "status", "Up")).isZero();
        assertThat(withIssues.value("midwatch_issues_open", "state", "New", "source", "InstanceClone")).isEqualTo(3);
        assertThat(withIssues.value("midwatch_issues_open", "state", "Acknowledged", "source", "InstanceClone")).isZero();

        // When the second pass finds them Down again
        given.runSecondPass(cloneId);

        // Then it counts three re-detections and no new issue
        Scrape afterSecondPass = scrape();
        assertIncrease(before, afterSecondPass, 1, "midwatch_passes_total", "pass", "second");
        assertIncrease(before, afterSecondPass, 3, "midwatch_pass_redetections_total", "pass", "second");
        assertIncrease(before, afterSecondPass, 0, "midwatch_pass_new_issues_total", "pass", "second");

        // When mid-east's heartbeat first has a wrong password, then its own, and mid-west's issue is resolved by hand
        Api midEast = new Api(anonymous.withBasicAuth("mid.east.user", IssueFixtures.PASSWORD));
        assertThat(new Api(anonymous.withBasicAuth("mid.east.user", "Wrong-Pass-1"))
                .post("/api/mid-servers/mid-east/heartbeat", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(midEast.post("/api/mid-servers/mid-east/heartbeat", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        String westIssue = api.get("/api/issues?midServer=mid-west").getBody().get(0).get("id").asText();
        assertThat(api.patch("/api/issues/" + westIssue, Map.of("state", "Resolved")).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        // Then the heartbeats are counted by outcome, and the resolutions by cause
        Scrape afterResolutions = scrape();
        assertIncrease(before, afterResolutions, 1, "midwatch_heartbeats_total", "outcome", "wrong_password");
        assertIncrease(before, afterResolutions, 1, "midwatch_heartbeats_total", "outcome", "accepted");
        assertIncrease(before, afterResolutions, 1, "midwatch_issues_resolved_total", "cause", "came_up");
        assertIncrease(before, afterResolutions, 1, "midwatch_issues_resolved_total", "cause", "by_hand");
        assertIncrease(before, afterResolutions, 0, "midwatch_issues_resolved_total", "cause", "already_up");

        // And the gauges show them once read again
        databaseGauges.refresh();
        Scrape refreshed = scrape();
        assertThat(refreshed.value("midwatch_mid_servers", "status", "Up")).isEqualTo(1);
        assertThat(refreshed.value("midwatch_mid_servers", "status", "Down")).isEqualTo(2);
        assertThat(refreshed.value("midwatch_issues_open", "state", "New", "source", "InstanceClone")).isEqualTo(1);
        // and the engine's figures as its own queries count them
        assertThat(refreshed.value("midwatch_engine_incidents_open"))
                .isEqualTo(runtimeService.createIncidentQuery().count());
        assertThat(refreshed.value("midwatch_engine_external_tasks_waiting"))
                .isEqualTo(externalTaskService.createExternalTaskQuery().notLocked().withRetriesLeft().count());
    }

    @Test
    void everyMetricTheDashboardAsksForIsExposed() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("docs/grafana/midwatch-dashboard.json")));
        assertThat(dashboard.at("/__inputs/0/pluginId").asText()).isEqualTo("prometheus");
        String datasource = "${" + dashboard.at("/__inputs/0/name").asText() + "}";

        Set<String> asked = new TreeSet<>();
        Pattern metric = Pattern.compile("\\bmidwatch_[a-z0-9_]+");
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo(datasource);
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                Matcher names = metric.matcher(target.get("expr").asText());
                while (names.find()) {
                    asked.add(names.group());
                }
            }
        }

        // the samples' own names: a histogram is there as its _bucket, _count and _sum series
        assertThat(asked).hasSizeGreaterThan(10);
        assertThat(scrape().names()).containsAll(asked);
    }

    private ResponseEntity<String> scrapeAs(String user, String password) {
        return anonymous.withBasicAuth(user, password).getForEntity(PROMETHEUS, String.class);
    }

    private Scrape scrape() {
        ResponseEntity<String> answer = scrapeAs(TestAccounts.MONITOR, TestAccounts.PASSWORD);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return Scrape.parse(answer.getBody());
    }

    private static void assertIncrease(Scrape before, Scrape after, double by, String name, String... labels) {
        assertThat(after.value(name, labels) - before.value(name, labels)).as("increase of %s %s", name, List.of(labels))
                .isEqualTo(by);
    }
}
