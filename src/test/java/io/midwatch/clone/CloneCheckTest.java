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
import org.springframework.http.HttpHeaders;
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
        // Given a clone that has just completed
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));

        // When its event is posted
        var answer = postClone("clone-r1", null);

        // Then the answer is 201 with the clone's location and its passes' times
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getHeaders().getLocation()).hasPath("/api/clones/clone-r1");
        JsonNode clone = answer.getBody();
        assertThat(clone.get("completedAt").asText()).isEqualTo(CLONE_COMPLETED.toString());
        assertThat(clone.get("firstPassAt").asText()).isEqualTo(CLONE_COMPLETED.plus(Duration.ofMinutes(15)).toString());
        assertThat(clone.get("secondPassAt").asText()).isEqualTo(CLONE_COMPLETED.plus(Duration.ofMinutes(75)).toString());
        assertThat(clone.get("firstPassDoneAt").isNull()).isTrue();
        // and one check runs for it, its pass timers due at those times
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
        // Given a clone event posted once
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));
        String first = postClone("clone-again", null).getBody().get("processInstanceId").asText();

        // When an event with the same cloneId comes again, naming other instances
        var again = api.post("/api/clones", Map.of("cloneId", "clone-again", "sourceInstance", "other-source",
                "targetInstance", "other-target"));

        // Then the answer is 200 with the clone as it was first posted, and it still has one check
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().get("processInstanceId").asText()).isEqualTo(first);
        assertThat(again.getBody().get("sourceInstance").asText()).isEqualTo("prod");
        assertThat(checksOf("clone-again")).isEqualTo(1);
    }

    @Test
    void R1_simultaneousPostsOfOneCloneIdStartOneCheck() throws Exception {
        // Given eight callers, each about to post the same clone
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
            // When they post at the same moment
            gate.countDown();
            List<HttpStatus> statuses = new ArrayList<>();
            for (var answer : answers) {
                statuses.add(HttpStatus.valueOf(answer.get().getStatusCode().value()));
            }

            // Then one is answered 201, the others 200, and the clone has one check
            assertThat(statuses).containsOnly(HttpStatus.CREATED, HttpStatus.OK);
            assertThat(statuses).filteredOn(HttpStatus.CREATED::equals).hasSize(1);
            assertThat(checksOf("clone-race")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void R1_aCloneWithoutCloneIdGetsOneAndCompletedAtDefaultsToNow() {
        // Given the clock at the clone's completion
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));

        // When its event is posted without cloneId and completedAt
        var answer = api.post("/api/clones", Map.of("sourceInstance", "prod", "targetInstance", "test"));

        // Then it is created with a generated cloneId, completed now
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getBody().get("cloneId").asText()).isNotBlank();
        assertThat(answer.getBody().get("completedAt").asText()).isEqualTo(CLONE_COMPLETED.toString());
    }

    @Test
    void aCompletedAtInTheFutureIs422AndStartsNothing() {
        // Given the clock at some moment
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED));

        // When a clone event says it completed a minute later
        var answer = postClone("clone-future", CLONE_COMPLETED.plusSeconds(60));

        // Then the answer is a 422 that says why, and neither the clone nor a check exists
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(answer.getBody().get("detail").asText()).contains("future");
        assertThat(api.get("/api/clones/clone-future").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(checksOf("clone-future")).isZero();
    }

    @Test
    void aCloneEventWithoutTargetIs400ThatNamesItAndStartsNothing() {
        // When a clone event without its target instance is posted
        var noTarget = api.post("/api/clones", Map.of("cloneId", "clone-bad", "sourceInstance", "prod"));

        // Then the answer is a 400 that names the field, and neither the clone nor a check exists
        assertThat(noTarget.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noTarget.getBody().get("detail").asText()).contains("targetInstance");
        assertNoCloneStarted("clone-bad");
    }

    @Test
    void aCloneEventWithATimeThatIsNoInstantIs400ThatNamesItAndStartsNothing() {
        // When a clone event says it completed "yesterday"
        var badTime = api.post("/api/clones", Map.of("cloneId", "clone-bad", "sourceInstance", "prod",
                "targetInstance", "test", "completedAt", "yesterday"));

        // Then the answer is a 400 that names the field, and neither the clone nor a check exists
        assertThat(badTime.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badTime.getBody().get("detail").asText()).contains("completedAt");
        assertNoCloneStarted("clone-bad");
    }

    @Test
    void aCloneEventOfMalformedJsonIs400AndStartsNothing() {
        // When a clone event is posted cut off
        var brokenJson = api.send(HttpMethod.POST, "/api/clones", "{\"cloneId\": \"clone-bad\"");

        // Then the answer is 400, and neither the clone nor a check exists
        assertThat(brokenJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertNoCloneStarted("clone-bad");
    }

    @Test
    void anUnknownCloneIsA404() {
        // When a clone that was never posted is read
        var answer = api.get("/api/clones/nowhere");

        // Then the answer is 404
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void R3_passesWhoseTimeHasGoneByAreDueAtOnce() {
        // Given the clock two hours after a clone completed, past both passes' times
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED.plus(Duration.ofHours(2))));

        // When the clone's event arrives only now
        String check = postClone("clone-late", CLONE_COMPLETED).getBody().get("processInstanceId").asText();

        // Then both passes are due at once
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
        // and the one added after the clone has none
        assertThat(api.get("/api/mid-servers/mid-added-later/issues").getBody()).isEmpty();
        // and the clone shows its first pass done, the second not, and the one issue
        JsonNode clone = api.get("/api/clones/clone-pass").getBody();
        assertThat(clone.get("firstPassDoneAt").isNull()).isFalse();
        assertThat(clone.get("secondPassDoneAt").isNull()).isTrue();
        assertThat(clone.get("issues")).hasSize(1);
    }

    @Test
    void R6_theSecondPassCountsAnOpenIssueAgainAndKeepsItsState() {
        // Given a Down MID Server whose issue of the first pass was acknowledged
        midServer("mid-down", "mid.down", "Down");
        String check = cloneCompleted("clone-redetect");
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED.plus(Duration.ofMinutes(15))));
        fire(check, CloneCheckModelElements.TIMER_FIRST_PASS);
        JsonNode first = onlyIssueOf("mid-down");
        api.patch("/api/issues/" + first.get("id").asText(), Map.of("state", "Acknowledged"));

        // When the second pass runs
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED.plus(Duration.ofMinutes(75))));
        fire(check, CloneCheckModelElements.TIMER_SECOND_PASS);

        // Then it is the same issue, counted twice, still Acknowledged, last detected now
        JsonNode again = onlyIssueOf("mid-down");
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(again.get("count").asInt()).isEqualTo(2);
        assertThat(again.get("state").asText()).isEqualTo("Acknowledged");
        assertThat(again.get("createdAt")).isEqualTo(first.get("createdAt"));
        assertThat(again.get("lastDetected").asText())
                .isEqualTo(CLONE_COMPLETED.plus(Duration.ofMinutes(75)).toString());
        // and the check has ended, with its second pass done
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(check).count())
                .as("the check ends after its second pass").isZero();
        assertThat(api.get("/api/clones/clone-redetect").getBody().get("secondPassDoneAt").isNull()).isFalse();
    }

    @Test
    void R6_aMidServerWhoseIssueWasResolvedGetsANewIssue() {
        // Given a Down MID Server whose issue of the first pass was resolved by hand
        midServer("mid-down", "mid.down", "Down");
        String check = cloneCompleted("clone-reopen");
        fire(check, CloneCheckModelElements.TIMER_FIRST_PASS);
        String resolved = onlyIssueOf("mid-down").get("id").asText();
        api.patch("/api/issues/" + resolved, Map.of("state", "Resolved"));

        // When the second pass runs
        fire(check, CloneCheckModelElements.TIMER_SECOND_PASS);

        // Then it has two issues: the resolved one, and a new one counted once
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
        // Given two Down MID Servers with issues of one clone, one of them acknowledged
        midServer("mid-a", "user.a", "Down");
        midServer("mid-b", "user.b", "Down");
        String check = cloneCompleted("clone-filters");
        fire(check, CloneCheckModelElements.TIMER_FIRST_PASS);
        api.patch("/api/issues/" + onlyIssueOf("mid-b").get("id").asText(), Map.of("state", "Acknowledged"));

        // When the issues are listed, unfiltered and by each filter
        // Then each list has the issues it asks for
        assertThat(names("/api/issues")).containsExactlyInAnyOrder("mid-a", "mid-b");
        assertThat(names("/api/issues?state=New")).containsExactly("mid-a");
        assertThat(names("/api/issues?state=Acknowledged&midServer=mid-b")).containsExactly("mid-b");
        assertThat(names("/api/issues?source=InstanceClone&cloneId=clone-filters")).hasSize(2);
        assertThat(names("/api/issues?cloneId=another-clone")).isEmpty();
        // and the related list of a MID Server has its own
        assertThat(names("/api/mid-servers/mid-a/issues")).containsExactly("mid-a");
    }

    @Test
    void R9_theRelatedListOfAnUnknownMidServerIsA404() {
        // When the issues of a MID Server that was never registered are listed
        var answer = api.get("/api/mid-servers/nowhere/issues");

        // Then the answer is 404
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theCloneListShowsEachCloneWithItsIssues() {
        // Given a clone whose first pass logged an issue, and one that logged none yet
        midServer("mid-a", "user.a", "Down");
        fire(cloneCompleted("clone-listed"), CloneCheckModelElements.TIMER_FIRST_PASS);
        postClone("clone-quiet", null);

        // When the clones are listed
        JsonNode clones = api.get("/api/clones").getBody();

        // Then each is there with its own issues
        assertThat(clones).hasSize(2);
        assertThat(clones).filteredOn(clone -> clone.get("cloneId").asText().equals("clone-listed"))
                .singleElement().satisfies(clone -> assertThat(clone.get("issues")).hasSize(1));
        assertThat(clones).filteredOn(clone -> clone.get("cloneId").asText().equals("clone-quiet"))
                .singleElement().satisfies(clone -> assertThat(clone.get("issues")).isEmpty());
    }

    @Test
    void theCloneListComesInPagesNewestFirstEachLinkingTheNext() {
        // Given three clones completed a minute apart, the newest of which raised an issue
        midServer("mid-a", "user.a", "Down");
        fire(cloneCompleted("clone-c"), CloneCheckModelElements.TIMER_FIRST_PASS);
        postClone("clone-b", CLONE_COMPLETED.minus(Duration.ofMinutes(1)));
        postClone("clone-a", CLONE_COMPLETED.minus(Duration.ofMinutes(2)));

        // When the clones are listed two at a time
        ResponseEntity<JsonNode> firstPage = api.get("/api/clones?limit=2");

        // Then the first page holds the two newest, the issue with its clone, and links the next page
        assertThat(firstPage.getBody()).extracting(clone -> clone.get("cloneId").asText())
                .containsExactly("clone-c", "clone-b");
        assertThat(firstPage.getBody().get(0).get("issues")).hasSize(1);
        assertThat(firstPage.getBody().get(1).get("issues")).isEmpty();
        String link = firstPage.getHeaders().getFirst(HttpHeaders.LINK);
        assertThat(link).isEqualTo("</api/clones?limit=2&before=clone-b>; rel=\"next\"");
        // and the next page holds the oldest, and links no further
        ResponseEntity<JsonNode> nextPage = api.get(link.substring(1, link.indexOf('>')));
        assertThat(nextPage.getBody()).extracting(clone -> clone.get("cloneId").asText()).containsExactly("clone-a");
        assertThat(nextPage.getHeaders().getFirst(HttpHeaders.LINK)).isNull();
    }

    @Test
    void aPageOfTheCloneListAfterAnUnknownCloneIs400() {
        // Given one clone
        postClone("clone-only", null);

        // When the page after a clone that does not exist is asked for
        ResponseEntity<JsonNode> answer = api.get("/api/clones?before=no-such");

        // Then it is refused with a 400 problem that names it
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(answer.getBody().get("detail").asText()).isEqualTo("before names no clone: 'no-such'");
    }

    private void assertNoCloneStarted(String cloneId) {
        assertThat(checksOf(cloneId)).isZero();
        assertThat(api.get("/api/clones").getBody()).isEmpty();
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
