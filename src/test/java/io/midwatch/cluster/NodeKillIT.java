package io.midwatch.cluster;

import static io.midwatch.platform.Timestamps.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.midwatch.issue.Issue;
import io.midwatch.support.Api;
import io.midwatch.support.MidWatchProcess;
import io.midwatch.support.PostgresTestDatabase;

/**
 * Two MidWatch processes on one PostgreSQL database, and one of them killed (SIGKILL) in the middle of a
 * pass over 10,000 MID Servers: the other takes the pass over once the dead node's lock on it expires, goes on
 * after the chunks the dead node committed, and the result is that of an undisturbed pass (R4, R6). Status changes sent to the surviving node meanwhile all land.
 * Runs in {@code mvn verify}, on the packaged jar, in a database of its own.
 */
class NodeKillIT {

    private static final String ADMIN_PASSWORD = "Node-Pa55word";
    private static final int FLEET = 10_000;
    private static final int VETERANS = 20;
    /** Status changes sent while the pass holds its locks: each holds one of the survivor's connections. */
    private static final int WAITING_CHANGES = 5;
    private static final Duration LOCK_TIME = Duration.ofSeconds(45);

    private JdbcClient db;
    /** When the fleet was registered: the clones' completion times are set back from it. */
    private Instant now;
    private ExecutorService callers;
    /** The veterans' issue ids, by MID Server name. */
    private final Map<String, String> veteranIssue = new HashMap<>();
    private List<String> veterans;
    private final Map<String, Future<ResponseEntity<JsonNode>>> waiting = new HashMap<>();
    private MidWatchProcess victim;
    private MidWatchProcess survivor;
    private Api survivorApi;
    private JsonNode fleetClone;

    @Test
    void aNodeKilledInTheMiddleOfAPassLosesNothingAndDuplicatesNothing() throws Exception {
        String url = PostgresTestDatabase.freshDatabase("nodes");
        db = JdbcClient.create(new DriverManagerDataSource(url, PostgresTestDatabase.user(),
                PostgresTestDatabase.password()));
        callers = Executors.newFixedThreadPool(WAITING_CHANGES);
        // Given two nodes started at the same moment on an empty database
        try (MidWatchProcess nodeA = MidWatchProcess.start("nodeA", arguments("nodeA", url));
             MidWatchProcess nodeB = MidWatchProcess.start("nodeB", arguments("nodeB", url))) {
            nodeA.awaitUp(Duration.ofMinutes(3));
            nodeB.awaitUp(Duration.ofMinutes(3));
            Api a = nodeA.api(ADMIN_PASSWORD);
            thenTheNodesSetTheDatabaseUpOnce(a);
            givenAFleetRegisteredAfterAnEarlierCloneThatFoundVeteransDown(a);

            whenTheFirstPassOverTheFleetStartsOnOneNode(a, nodeA, nodeB);
            andVeteransComeUpThroughTheOtherNodeWhileThePassHoldsTheirRows();
            victim.kill();

            thenTheDeadNodesPassLeftWholeChunksOnly();
            thenEveryStatusChangeSentToTheSurvivorLands();

            // When the survivor takes the pass over after the dead node's lock has expired
            awaitFirstPass(survivorApi, "clone-fleet", LOCK_TIME.plus(Duration.ofMinutes(3)));

            thenTheResultIsThatOfAnUndisturbedPass();
            thenEveryOpenIssueHasOneProcessAndNothingFailed();
        } finally {
            callers.shutdownNow();
        }
    }

    /** One deployment, one timer per periodic check, one Tasklist filter. */
    private void thenTheNodesSetTheDatabaseUpOnce(Api a) {
        assertThat(count(a, "/engine-rest/deployment/count")).isEqualTo(1);
        assertThat(count(a, "/engine-rest/job/count?processDefinitionKey=HeartbeatCheck")).isEqualTo(1);
        assertThat(count(a, "/engine-rest/job/count?processDefinitionKey=IssueRetention")).isEqualTo(1);
        assertThat(count(a, "/engine-rest/filter/count?name=MID Server issues")).isEqualTo(1);
    }

    /** 10,000 MID Servers, a fifth of them Down, registered after an earlier clone that found 20 veterans Down. */
    private void givenAFleetRegisteredAfterAnEarlierCloneThatFoundVeteransDown(Api a) {
        now = Instant.now();
        registerFleet(db, now.minus(Duration.ofMinutes(20)));
        db.sql("""
                        INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                        SELECT 'veteran-' || i, 'Down', 'veteran.user.' || i, :at, :at
                        FROM generate_series(1, :veterans) i""")
                .param("at", utc(now.minus(Duration.ofMinutes(30))))
                .param("veterans", VETERANS)
                .update();
        postClone(a, "clone-before", now.minus(Duration.ofMinutes(25)));
        awaitFirstPass(a, "clone-before", Duration.ofMinutes(2));
        a.get("/api/issues?cloneId=clone-before").getBody()
                .forEach(issue -> veteranIssue.put(issue.get("midServer").asText(), issue.get("id").asText()));
        assertThat(veteranIssue).hasSize(VETERANS);
    }

    private void whenTheFirstPassOverTheFleetStartsOnOneNode(Api a, MidWatchProcess nodeA, MidWatchProcess nodeB) {
        postClone(a, "clone-fleet", now.minus(Duration.ofMinutes(15)));
        String runner = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeHoldingMidServerLocks(db), Objects::nonNull);
        victim = runner.equals(nodeA.name()) ? nodeA : nodeB;
        survivor = victim == nodeA ? nodeB : nodeA;
        survivorApi = survivor.api(ADMIN_PASSWORD);
    }

    private void andVeteransComeUpThroughTheOtherNodeWhileThePassHoldsTheirRows() {
        veterans = IntStream.rangeClosed(1, VETERANS).mapToObj(i -> "veteran-" + i).toList();
        for (String veteran : veterans.subList(0, WAITING_CHANGES)) {
            waiting.put(veteran, callers.submit(() -> survivorApi.put("/api/mid-servers/" + veteran + "/status",
                    Map.of("status", "Up"))));
        }
        // (one that reached its row before the pass did has gone through already)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> db.sql("""
                        SELECT COUNT(*) FROM pg_stat_activity
                        WHERE application_name = :survivor AND wait_event_type = 'Lock'""")
                .param("survivor", survivor.name()).query(Long.class).single()
                + waiting.values().stream().filter(Future::isDone).count() == WAITING_CHANGES);
    }

    /** A pass commits a chunk of MID Servers at a time: each issue the dead node logged came with its process. */
    private void thenTheDeadNodesPassLeftWholeChunksOnly() {
        fleetClone = survivorApi.get("/api/clones/clone-fleet").getBody();
        assertThat(fleetClone.get("firstPassDoneAt").isNull()).as("first pass done when its node died").isTrue();
        assertThat(db.sql("""
                        SELECT COUNT(*) FROM ecc_agent_issue i JOIN instance_clone c ON c.id = i.clone
                        LEFT JOIN act_ru_execution e ON e.id_ = i.process_instance_id
                        WHERE c.clone_id = 'clone-fleet' AND e.id_ IS NULL""").query(Long.class).single())
                .as("issues of the dead node's pass without their process").isZero();
    }

    /** Those that waited for the pass's locks, and those sent meanwhile. */
    private void thenEveryStatusChangeSentToTheSurvivorLands() throws Exception {
        for (String veteran : veterans) {
            ResponseEntity<JsonNode> change = waiting.containsKey(veteran)
                    ? waiting.get(veteran).get(1, TimeUnit.MINUTES)
                    : survivorApi.put("/api/mid-servers/" + veteran + "/status", Map.of("status", "Up"));
            assertThat(change.getStatusCode()).as("status change of %s", veteran).isEqualTo(HttpStatus.OK);
            assertThat(change.getBody().get("previousStatus").asText()).isEqualTo("Down");
            assertThat(change.getBody().get("status").asText()).isEqualTo("Up");
            assertThat(change.getBody().get("resolvedIssues")).extracting(JsonNode::asText)
                    .containsExactly(veteranIssue.get(veteran));
        }
    }

    /** One New issue for each Down MID Server of the fleet, the veterans' Resolved, nobody with a second. */
    private void thenTheResultIsThatOfAnUndisturbedPass() {
        JsonNode fleetIssues = survivorApi.get("/api/issues?cloneId=clone-fleet").getBody();
        assertThat(fleetIssues).extracting(issue -> issue.get("midServer").asText())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, FLEET).filter(i -> i % 5 == 0)
                        .mapToObj(i -> "fleet-" + i).toList());
        assertThat(fleetIssues).allSatisfy(issue -> {
            assertThat(issue.get("state").asText()).isEqualTo("New");
            assertThat(issue.get("count").asInt()).isEqualTo(1);
            assertThat(issue.get("message").asText())
                    .isEqualTo(Issue.cloneMessage("fleet.user." + issue.get("midServer").asText().substring(6)));
        });
        assertThat(survivor.log())
                .contains("Clone clone-fleet: first pass evaluated " + (FLEET + VETERANS)
                        + " pre-clone MID Server(s): " + FLEET / 5 + " new issue(s)");
        // the veterans' issues are Resolved, and nobody has a second issue
        JsonNode resolved = survivorApi.get("/api/issues?cloneId=clone-before").getBody();
        assertThat(resolved).hasSize(VETERANS).allSatisfy(issue -> {
            assertThat(issue.get("state").asText()).isEqualTo("Resolved");
            assertThat(issue.get("resolvedAt").isNull()).isFalse();
        });
        assertThat(db.sql("SELECT COUNT(*) FROM ecc_agent_issue").query(Long.class).single())
                .isEqualTo(FLEET / 5 + VETERANS);
        assertThat(db.sql("SELECT COUNT(DISTINCT mid_server) FROM ecc_agent_issue").query(Long.class).single())
                .isEqualTo(FLEET / 5 + VETERANS);
    }

    /** One running issue process per open issue, none from the dead node's pass; no incident, no failed job. */
    private void thenEveryOpenIssueHasOneProcessAndNothingFailed() {
        assertThat(count(survivorApi, "/engine-rest/process-instance/count?processDefinitionKey=MidServerIssue"))
                .isEqualTo(FLEET / 5);
        assertThat(db.sql("""
                        SELECT COUNT(*) FROM ecc_agent_issue i
                        JOIN act_ru_execution e ON e.id_ = i.process_instance_id AND e.business_key_ = i.id::text
                        WHERE i.state = 'New'""").query(Long.class).single()).isEqualTo(FLEET / 5);
        assertThat(count(survivorApi, "/engine-rest/history/process-instance/count?processDefinitionKey=MidServerIssue"))
                .isEqualTo(FLEET / 5 + VETERANS);
        String check = fleetClone.get("processInstanceId").asText();
        assertThat(count(survivorApi, "/engine-rest/history/activity-instance/count?activityId=Task_FirstPass"
                + "&processInstanceId=" + check)).as("first passes recorded").isEqualTo(1);

        assertThat(count(survivorApi, "/engine-rest/incident/count")).isZero();
        assertThat(count(survivorApi, "/engine-rest/job/count?withException=true")).isZero();
        JsonNode checkJobs = survivorApi.get("/engine-rest/job?processInstanceId=" + check).getBody();
        assertThat(checkJobs).singleElement().satisfies(job -> {
            assertThat(job.get("retries").asInt()).isEqualTo(3);
            assertThat(job.get("exceptionMessage").isNull()).isTrue();
        });
    }

    private static List<String> arguments(String name, String url) {
        return List.of(
                // the name shows in pg_stat_activity: the test tells the nodes' connections apart by it
                "--spring.datasource.url=" + url + "?ApplicationName=" + name,
                "--spring.datasource.username=" + PostgresTestDatabase.user(),
                "--spring.datasource.password=" + PostgresTestDatabase.password(),
                "--midwatch.admin.password=" + ADMIN_PASSWORD,
                // 2,000 diagnoses would only slow this test down
                "--midwatch.worker.enabled=false",
                "--midwatch.clone.first-pass-after=PT1M",
                "--midwatch.clone.second-pass-after=PT1H",
                // the Up MID Servers send no heartbeats here and must stay Up
                "--midwatch.heartbeat.timeout=P1D",
                // a short lock, so that the survivor takes over within the test
                "--camunda.bpm.job-execution.lock-time-in-millis=" + LOCK_TIME.toMillis(),
                "--camunda.bpm.job-execution.max-wait=5000",
                "--camunda.bpm.generic-properties.properties.hostname=" + name);
    }

    private static void registerFleet(JdbcClient db, Instant at) {
        db.sql("""
                        INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                        SELECT 'fleet-' || i,
                               CASE i % 5 WHEN 0 THEN 'Down' WHEN 1 THEN 'Up' WHEN 2 THEN 'Paused'
                                          WHEN 3 THEN 'Upgrading' ELSE 'Upgrade Failed' END,
                               'fleet.user.' || i, :at, :at
                        FROM generate_series(0, :last) i""")
                .param("at", utc(at))
                .param("last", FLEET - 1)
                .update();
    }

    /** The node whose connection holds row locks on MID Servers: the one running a pass now. */
    private static String nodeHoldingMidServerLocks(JdbcClient db) {
        return db.sql("""
                        SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND l.relation = 'ecc_agent'::regclass AND l.mode = 'RowShareLock' AND l.granted
                          AND a.application_name IN ('nodeA', 'nodeB')
                        LIMIT 1""")
                .query(String.class).optional().orElse(null);
    }

    private static void postClone(Api node, String cloneId, Instant completedAt) {
        var answer = node.post("/api/clones", Map.of("cloneId", cloneId, "sourceInstance", "prod",
                "targetInstance", "test", "completedAt", completedAt.toString()));
        assertThat(answer.getStatusCode()).as("POST of %s", cloneId).isEqualTo(HttpStatus.CREATED);
    }

    private static void awaitFirstPass(Api node, String cloneId, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() ->
                !node.get("/api/clones/" + cloneId).getBody().get("firstPassDoneAt").isNull());
    }

    private static long count(Api node, String path) {
        ResponseEntity<JsonNode> answer = node.get(path);
        assertThat(answer.getStatusCode()).as("GET %s", path).isEqualTo(HttpStatus.OK);
        return answer.getBody().get("count").asLong();
    }

}
