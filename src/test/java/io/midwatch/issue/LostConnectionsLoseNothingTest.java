package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.PostgresTestDatabase;

/**
 * A transient loss of the database connection, as when every session of MidWatch is terminated on the
 * server: a status change or a clone event is done (run again in a fresh transaction if need be) or
 * answered 503 with a Retry-After, never a bare 500, and nothing acknowledged is lost.
 */
class LostConnectionsLoseNothingTest extends PostgresIntegrationTest {

    private static final int CALLS = 40;
    private static final int CLIENTS = 8;
    /** Every connection of MidWatch is terminated right after these answers, while the other clients call on. */
    private static final Set<Integer> TERMINATE_AFTER_ANSWER = Set.of(10, 25);

    private IssueFixtures given;

    @BeforeEach
    void fixtures() {
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    @Test
    void statusChangesWhileEveryConnectionIsTerminatedAreDoneOr503AndEveryAcknowledgedUpResolvesItsIssue()
            throws Exception {
        // Given 40 MID Servers that were Down at a clone, each with the open issue its first pass logged
        List<String> names = IntStream.rangeClosed(1, CALLS).mapToObj("mid-conn-%02d"::formatted).toList();
        names.forEach(name -> given.midServer(name, name + ".user", "Down"));
        String cloneId = given.cloneAndFirstPass();
        Map<String, String> issueProcessOf = new HashMap<>();
        api.get("/api/issues?cloneId=" + cloneId).getBody().forEach(issue ->
                issueProcessOf.put(issue.get("midServer").asText(), issue.get("processInstanceId").asText()));
        assertThat(issueProcessOf).containsOnlyKeys(names);

        // When 8 clients set them Up, one call each, while every connection of MidWatch is terminated twice
        Map<String, ResponseEntity<JsonNode>> answers = callWhileTerminatingConnections(names,
                name -> api.put("/api/mid-servers/" + name + "/status", Map.of("status", "Up")));

        // Then every call is answered 200, or 503 with a Retry-After and a problem that says why
        assertDoneOrUnavailable(answers, HttpStatus.OK);

        // And every MID Server acknowledged Up is Up, with its issue Resolved and its process ended
        Map<String, String> statusOf = new HashMap<>();
        readWhenAvailable("/api/mid-servers").forEach(server ->
                statusOf.put(server.get("name").asText(), server.get("status").asText()));
        Map<String, String> issueStateOf = new HashMap<>();
        readWhenAvailable("/api/issues").forEach(issue ->
                issueStateOf.put(issue.get("midServer").asText(), issue.get("state").asText()));
        List<String> acknowledged = acknowledged(answers);
        assertThat(acknowledged).allSatisfy(name -> {
            assertThat(statusOf.get(name)).as("status of %s", name).isEqualTo("Up");
            assertThat(issueStateOf.get(name)).as("issue of %s", name).isEqualTo("Resolved");
        });
        // (the engine is read through the same pool: a connection terminated a moment ago may fail once more)
        await().ignoreExceptionsInstanceOf(ProcessEngineException.class).untilAsserted(() ->
                acknowledged.forEach(name -> given.assertEndedAt(issueProcessOf.get(name),
                        IssueModelElements.END_RESOLVED_BY_MID_SERVER_UP)));

        // And a change answered 503 was done whole or not at all: Up with its issue Resolved, or Down with it open
        assertThat(names).allSatisfy(name -> assertThat(statusOf.get(name) + " " + issueStateOf.get(name))
                .as("MID Server %s and its issue", name)
                .isIn("Up Resolved", "Down New", "Down Acknowledged"));
    }

    @Test
    void cloneEventsWhileEveryConnectionIsTerminatedAreAcknowledgedWithOneCheckEachOr503() throws Exception {
        // Given 40 clone events, each with its cloneId
        List<String> cloneIds = IntStream.rangeClosed(1, CALLS).mapToObj("clone-conn-%02d"::formatted).toList();

        // When 8 clients report them, one call each, while every connection of MidWatch is terminated twice
        Map<String, ResponseEntity<JsonNode>> answers = callWhileTerminatingConnections(cloneIds,
                cloneId -> api.post("/api/clones", Map.of("cloneId", cloneId, "sourceInstance", "acme-prod",
                        "targetInstance", "acme-test")));

        // Then every call is answered 201 (or 200 when a commit got through before the connection broke),
        // or 503 with a Retry-After and a problem that says why
        assertDoneOrUnavailable(answers, HttpStatus.CREATED, HttpStatus.OK);

        // And every acknowledged clone reads back with the one check its answer named
        List<String> acknowledged = acknowledged(answers);
        assertThat(acknowledged).allSatisfy(cloneId -> assertThat(readWhenAvailable("/api/clones/" + cloneId)
                .get("processInstanceId").asText())
                .isEqualTo(answers.get(cloneId).getBody().get("processInstanceId").asText()));

        // And no clone has more than one check, and every check has its clone
        Map<String, Long> checksOf = new HashMap<>();
        await().ignoreExceptionsInstanceOf(ProcessEngineException.class).untilAsserted(() -> cloneIds.forEach(
                cloneId -> checksOf.put(cloneId, runtimeService.createProcessInstanceQuery()
                        .processDefinitionKey(CloneCheckProcess.PROCESS_KEY).processInstanceBusinessKey(cloneId)
                        .count())));
        List<String> stored = new ArrayList<>();
        readWhenAvailable("/api/clones").forEach(clone -> stored.add(clone.get("cloneId").asText()));
        assertThat(stored).containsAll(acknowledged).doesNotHaveDuplicates();
        assertThat(cloneIds).allSatisfy(cloneId -> assertThat(checksOf.get(cloneId)).as("checks of %s", cloneId)
                .isEqualTo(stored.contains(cloneId) ? 1L : 0L));
    }

    /**
     * Makes one call per key from {@link #CLIENTS} clients at once; right after the answers counted in
     * {@link #TERMINATE_AFTER_ANSWER}, the client that got it terminates every session of MidWatch's database.
     */
    private Map<String, ResponseEntity<JsonNode>> callWhileTerminatingConnections(List<String> keys,
            Function<String, ResponseEntity<JsonNode>> call) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger answered = new AtomicInteger();
        List<Integer> terminated = Collections.synchronizedList(new ArrayList<>());
        try {
            Map<String, Future<ResponseEntity<JsonNode>>> calls = new LinkedHashMap<>();
            for (String key : keys) {
                calls.put(key, clients.submit(() -> {
                    ResponseEntity<JsonNode> answer = call.apply(key);
                    if (TERMINATE_AFTER_ANSWER.contains(answered.incrementAndGet())) {
                        terminated.add(terminateEverySessionOfMidWatch());
                    }
                    return answer;
                }));
            }
            Map<String, ResponseEntity<JsonNode>> answers = new LinkedHashMap<>();
            for (var entry : calls.entrySet()) {
                answers.put(entry.getKey(), entry.getValue().get(IssueFixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            assertThat(terminated).as("sessions terminated each time").hasSize(TERMINATE_AFTER_ANSWER.size())
                    .allSatisfy(count -> assertThat(count).isPositive());
            return answers;
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /**
     * What an operator would run: every session on MidWatch's database but the one asking, ended at once. After
     * an earlier termination the pool may not have connected again yet: it waits for MidWatch's next session,
     * so that each termination really ends some.
     */
    private static int terminateEverySessionOfMidWatch() throws SQLException {
        try (Connection admin = DriverManager.getConnection(PostgresTestDatabase.url(), PostgresTestDatabase.user(),
                PostgresTestDatabase.password());
             Statement statement = admin.createStatement()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> count(statement, "SELECT COUNT(*) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND pid <> pg_backend_pid()") > 0);
            return count(statement, """
                    SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()""");
        }
    }

    private static int count(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void assertDoneOrUnavailable(Map<String, ResponseEntity<JsonNode>> answers, HttpStatus... done) {
        assertThat(answers).allSatisfy((key, answer) -> {
            if (answer.getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE) {
                assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).as("Retry-After for %s", key)
                        .matches("[1-9][0-9]*");
                assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                assertThat(answer.getBody().get("detail").asText()).contains("lost its connection to the database");
            } else {
                assertThat(answer.getStatusCode()).as("answer for %s: %s", key, answer).isIn((Object[]) done);
            }
        });
    }

    private static List<String> acknowledged(Map<String, ResponseEntity<JsonNode>> answers) {
        return answers.entrySet().stream()
                .filter(entry -> entry.getValue().getStatusCode().is2xxSuccessful())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Reads as a client that honours a 503 does: again until it is answered. */
    private JsonNode readWhenAvailable(String path) {
        ResponseEntity<JsonNode> answer = await().until(() -> api.get(path),
                read -> read.getStatusCode() != HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getStatusCode()).as("GET %s: %s", path, answer).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }
}
