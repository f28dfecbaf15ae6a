package io.midwatch.clone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.midwatch.issue.Issue;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/** The clone check on PostgreSQL, through the REST API: R1 to R6 and R9 of docs/spec.md. */
class CloneCheckTest extends PostgresIntegrationTest {

    private static final Instant BEFORE_CLONE = Instant.parse("2026-11-02T08:00:00Z");
    private static final Instant CLONE_COMPLETED = BEFORE_CLONE.plus(Duration.ofMinutes(10));
    private static final Instant AFTER_CLONE = CLONE_COMPLETED.plus(Duration.ofMinutes(5));

    @BeforeEach
    void atBeforeTheClone() {
        ClockUtil.setCurrentTime(Date.from(BEFORE_CLONE));
    }

    @Test
    void R1_aCloneEventStartsOneCheckWithBothPassesDue() {
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));

        var answer = postClone("clone-r1", null);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getHeaders().getLocation()).hasPath("/api/clones/clone-r1");
        JsonNode clone = answer.getBody();
        assertThat(clone.get("completedAt").asText()).isEqualTo(CLONE_COMPLETED.toString());
        assertThat(clone.get("firstPassAt").asText()).isEqualTo(CLONE_COMPLETED.plus(Duration.ofMinutes(15)).toString());
        assertThat(clone.get("secondPassAt").asText()).isEqualTo(CLONE_COMPLETED.plus(Duration.ofMinutes(75)).toString());
        assertThat(clone.get("firstPassDoneAt").isNull()).isTrue();
        var check = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(CloneCheckProcess.PROCESS_KEY).processInstanceBusinessKey("clone-r1").list();
        assertThat(check).singleElement()
                .satisfies(instance -> assertThat(instance.getId()).isEqualTo(clone.get("processInstanceId").asText()));
        assertThat(timer(check.get(0).getId(), CloneCheckModelElements.TIMER_FIRST_PASS).getDuedate())
                .isEqualTo(Date.from(CLONE_COMPLETED.plus(Duration.ofMinutes(15))));
        assertThat(timer(check.get(0).getId(), CloneCheckModelElements.TIMER_SECOND_PASS).getDuedate())
                .isEqualTo(Date.from(CLONE_COMPLETED.plus(Duration.ofMinutes(75))));
    }

    @Test
    void R1_theSameCloneIdAgainAnswers200WithTheExistingCloneAndStartsNothing() {
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));
        String first = postClone("clone-again", null).getBody().get("processInstanceId").asText();

        var again = api.post("/api/clones", Map.of("cloneId", "clone-again", "sourceInstance", "other-source",
                "targetInstance", "other-target"));

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().get("processInstanceId").asText()).isEqualTo(first);
        assertThat(again.getBody().get("sourceInstance").asText()).isEqualTo("prod");
        assertThat(checksOf("clone-again")).isEqualTo(1);
    }

    @Test
    void R1_simultaneousPostsOfOneCloneIdStartOneCheck() throws Exception {
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        var gate = new CountDownLatch(1);
        List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                Callable<ResponseEntity<JsonNode>> post = () -> {
                    gate.await();
                    return postClone("clone-race", null);
                };
                answers.add(pool.submit(post));
            }
            gate.countDown();
            List<HttpStatus> statuses = new ArrayList<>();
            for (var answer : answers) {
                statuses.add(HttpStatus.valueOf(answer.get().getStatusCode().value()));
            }

            assertThat(statuses).containsOnly(HttpStatus.CREATED, HttpStatus.OK);
            assertThat(statuses).filteredOn(HttpStatus.CREATED::equals).hasSize(1);
            assertThat(checksOf("clone-race")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void R1_aCloneWithoutCloneIdGetsOneAndCompletedAtDefaultsToNow() {
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));

        var answer = api.post("/api/clones", Map.of("sourceInstance", "prod", "targetInstance", "test"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getBody().get("cloneId").asText()).isNotBlank();
        assertThat(answer.getBody().get("completedAt").asText()).isEqualTo(CLONE_COMPLETED.toString());
    }

    @Test
    void aCompletedAtInTheFutureIs422AndStartsNothing() {
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));

        var answer = postClone("clone-future", CLONE_COMPLETED.plusSeconds(60));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(answer.getBody().get("detail").asText()).contains("future");
        assertThat(api.get("/api/clones/clone-future").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(checksOf("clone-future")).isZero();
    }

    @Test
    void aMalformedCloneEventIs400AndStartsNothing() {
        var noTarget = api.post("/api/clones", Map.of("cloneId", "clone-bad", "sourceInstance", "prod"));
        var badTime = api.post("/api/clones", Map.of("cloneId", "clone-bad", "sourceInstance", "prod",
                "targetInstance", "test", "completedAt", "yesterday"));
        var brokenJson = api.send(HttpMethod.POST, "/api/clones", "{\"cloneId\": \"clone-bad\"");

        assertThat(noTarget.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noTarget.getBody().get("detail").asText()).contains("targetInstance");
        assertThat(badTime.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badTime.getBody().get("detail").asText()).contains("completedAt");
        assertThat(brokenJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(checksOf("clone-bad")).isZero();
        assertThat(api.get("/api/clones").getBody()).isEmpty();
    }

    @Test
    void anUnknownCloneIsA404() {
        assertThat(api.get("/api/clones/nowhere").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void R3_passesWhoseTimeHasGoneByAreDueAtOnce() {
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED.plus(Duration.ofHours(2))));

        String check = postClone("clone-late", CLONE_COMPLETED).getBody().get("processInstanceId").asText();

        assertThat(managementService.createJobQuery().processInstanceId(check).executable().count()).isEqualTo(2);
    }

    @Test
    void R2_R4_R5_theFirstPassLogsAnIssueForEachPreCloneMidServerThatIsDown() {
        // Given MID Servers of every status before the clone, and a Down one added after it
        midServer("mid-down", "mid.down", "Down");
        midServer("mid-up", "mid.up", "Up");
        midServer("mid-paused", "mid.paused", "Paused");
        midServer("mid-upgrading", "mid.upgrading", "Upgrading");
        midServer("mid-upgrade-failed", "mid.failed", "Upgrade Failed");
        String check = cloneCompleted("clone-pass");
        ClockUtil.setCurrentTime(Date.from(AFTER_CLONE));
        midServer("mid-added-later", "mid.later", "Down");

        // When the first pass runs
        fire(check, CloneCheckModelElements.TIMER_FIRST_PASS);

        // Then only the pre-clone Down MID Server has an issue, with the message of R5
        JsonNode issues = api.get("/api/issues?cloneId=clone-pass").getBody();
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.get("midServer").asText()).isEqualTo("mid-down");
            assertThat(issue.get("source").asText()).isEqualTo(Issue.SOURCE_INSTANCE_CLONE);
            assertThat(issue.get("state").asText()).isEqualTo("New");
            assertThat(issue.get("count").asInt()).isEqualTo(1);
            assertThat(issue.get("message").asText()).isEqualTo("MID Server not operational (status: Down), possibly "
                    + "due to recent clone. Verify credentials for logged in User 'mid.down'.");
            assertThat(issue.get("cloneId").asText()).isEqualTo("clone-pass");
        });
        assertThat(api.get("/api/mid-servers/mid-added-later/issues").getBody()).isEmpty();
        JsonNode clone = api.get("/api/clones/clone-pass").getBody();
        assertThat(clone.get("firstPassDoneAt").isNull()).isFalse();
        assertThat(clone.get("secondPassDoneAt").isNull()).isTrue();
        assertThat(clone.get("issues")).hasSize(1);
    }

    @Test
    void R6_theSecondPassCountsAnOpenIssueAgainAndKeepsItsState() {
        midServer("mid-down", "mid.down", "Down");
        String check = cloneCompleted("clone-redetect");
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED.plus(Duration.ofMinutes(15))));
        fire(check, CloneCheckModelElements.TIMER_FIRST_PASS);
        JsonNode first = onlyIssueOf("mid-down");
        api.patch("/api/issues/" + first.get("id").asText(), Map.of("state", "Acknowledged"));

        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED.plus(Duration.ofMinutes(75))));
        fire(check, CloneCheckModelElements.TIMER_SECOND_PASS);

        JsonNode again = onlyIssueOf("mid-down");
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(again.get("count").asInt()).isEqualTo(2);
        assertThat(again.get("state").asText()).isEqualTo("Acknowledged");
        assertThat(again.get("createdAt")).isEqualTo(first.get("createdAt"));
        assertThat(again.get("lastDetected").asText())
                .isEqualTo(CLONE_COMPLETED.plus(Duration.ofMinutes(75)).toString());
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(check).count())
                .as("the check ends after its second pass").isZero();
        assertThat(api.get("/api/clones/clone-redetect").getBody().get("secondPassDoneAt").isNull()).isFalse();
    }

    @Test
    void R6_aMidServerWhoseIssueWasResolvedGetsANewIssue() {
        midServer("mid-down", "mid.down", "Down");
        String check = cloneCompleted("clone-reopen");
        fire(check, CloneCheckModelElements.TIMER_FIRST_PASS);
        String resolved = onlyIssueOf("mid-down").get("id").asText();
        api.patch("/api/issues/" + resolved, Map.of("state", "Resolved"));

        fire(check, CloneCheckModelElements.TIMER_SECOND_PASS);

        JsonNode issues = api.get("/api/mid-servers/mid-down/issues").getBody();
        assertThat(issues).hasSize(2);
        assertThat(issues).filteredOn(issue -> issue.get("id").asText().equals(resolved))
                .singleElement().satisfies(issue -> assertThat(issue.get("state").asText()).isEqualTo("Resolved"));
        assertThat(issues).filteredOn(issue -> !issue.get("id").asText().equals(resolved))
                .singleElement().satisfies(issue -> {
                    assertThat(issue.get("state").asText()).isEqualTo("New");
                    assertThat(issue.get("count").asInt()).isEqualTo(1);
                });
    }

    @Test
    void R9_theIssueListFiltersByStateSourceMidServerAndClone() {
        midServer("mid-a", "user.a", "Down");
        midServer("mid-b", "user.b", "Down");
        String check = cloneCompleted("clone-filters");
        fire(check, CloneCheckModelElements.TIMER_FIRST_PASS);
        api.patch("/api/issues/" + onlyIssueOf("mid-b").get("id").asText(), Map.of("state", "Acknowledged"));

        assertThat(names("/api/issues")).containsExactlyInAnyOrder("mid-a", "mid-b");
        assertThat(names("/api/issues?state=New")).containsExactly("mid-a");
        assertThat(names("/api/issues?state=Acknowledged&midServer=mid-b")).containsExactly("mid-b");
        assertThat(names("/api/issues?source=InstanceClone&cloneId=clone-filters")).hasSize(2);
        assertThat(names("/api/issues?cloneId=another-clone")).isEmpty();
        assertThat(names("/api/mid-servers/mid-a/issues")).containsExactly("mid-a");
        assertThat(api.get("/api/issues?state=Open").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.get("/api/mid-servers/nowhere/issues").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theCloneListShowsEachCloneWithItsIssues() {
        midServer("mid-a", "user.a", "Down");
        fire(cloneCompleted("clone-listed"), CloneCheckModelElements.TIMER_FIRST_PASS);
        postClone("clone-quiet", null);

        JsonNode clones = api.get("/api/clones").getBody();

        assertThat(clones).hasSize(2);
        assertThat(clones).filteredOn(clone -> clone.get("cloneId").asText().equals("clone-listed"))
                .singleElement().satisfies(clone -> assertThat(clone.get("issues")).hasSize(1));
        assertThat(clones).filteredOn(clone -> clone.get("cloneId").asText().equals("clone-quiet"))
                .singleElement().satisfies(clone -> assertThat(clone.get("issues")).isEmpty());
    }

    private void midServer(String name, String userName, String status) {
        assertThat(api.post("/api/mid-servers", Api.midServer(name, userName, status)).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    /** Posts a clone completed at {@link #CLONE_COMPLETED}, with the clock there; answers its check's id. */
    private String cloneCompleted(String cloneId) {
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));
        var answer = postClone(cloneId, null);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return answer.getBody().get("processInstanceId").asText();
    }

    private ResponseEntity<JsonNode> postClone(String cloneId, Instant completedAt) {
        var body = new java.util.HashMap<String, Object>(Map.of("cloneId", cloneId, "sourceInstance", "prod",
                "targetInstance", "test"));
        if (completedAt != null) {
            body.put("completedAt", completedAt.toString());
        }
        return api.post("/api/clones", body);
    }

    private Job timer(String processInstanceId, String timerId) {
        return managementService.createJobQuery().processInstanceId(processInstanceId).activityId(timerId)
                .singleResult();
    }

    private void fire(String processInstanceId, String timerId) {
        managementService.executeJob(timer(processInstanceId, timerId).getId());
    }

    private long checksOf(String cloneId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(CloneCheckProcess.PROCESS_KEY)
                .processInstanceBusinessKey(cloneId).count();
    }

    private JsonNode onlyIssueOf(String midServer) {
        JsonNode issues = api.get("/api/mid-servers/" + midServer + "/issues").getBody();
        assertThat(issues).hasSize(1);
        return issues.get(0);
    }

    private List<String> names(String path) {
        var answer = api.get(path);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> names = new ArrayList<>();
        answer.getBody().forEach(issue -> names.add(issue.get("midServer").asText()));
        return names;
    }
}
