package io.midwatch.clone;

import static io.midwatch.support.ProblemAnswer.problem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.midwatch.issue.IssueFilter;
import io.midwatch.issue.IssueService;
import io.midwatch.platform.NotFoundException;
import io.midwatch.platform.RuleViolationException;

/**
 * The clone calls of docs/spec.md's REST contract (R1), web layer alone: what a bad clone event or page is
 * answered, that it never reaches a service, and what a good one hands them. Security is tested on the whole
 * application.
 */
@WebMvcTest(CloneController.class)
@AutoConfigureMockMvc(addFilters = false)
class CloneApiInputTest {

    /** A value that would end a log line and start a forged one. */
    private static final String FORGED = "x\r\n2026-12-01T00:00:00Z INFO Clone clone-y of prod onto test completed";
    private static final Instant COMPLETED = Instant.parse("2026-12-01T08:00:00Z");

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @MockitoBean
    private CloneService clones;
    @MockitoBean
    private IssueService issues;

    @Test
    void R1_aCloneEventHandsTheServiceEveryFieldAndAnswers201WithTheCloneAndItsLocation() throws Exception {
        // Given a service that records a new clone
        given(clones.receive(any())).willAnswer(call -> new CloneService.Received(
                clone(call.<CloneEvent>getArgument(0).cloneId()), true));

        // When a clone event is posted whose cloneId is one to escape in a URL
        postClone("""
                {"cloneId": "prod to test", "sourceInstance": "prod", "targetInstance": "test",
                 "completedAt": "2026-12-01T08:00:00Z"}
                """)

                // Then the answer is 201 with the clone and its encoded location, and no issue was looked for
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/clones/prod%20to%20test"))
                .andExpect(jsonPath("$.cloneId").value("prod to test"))
                .andExpect(jsonPath("$.issues").isEmpty());
        // and the service got each field, the time as an instant
        verify(clones).receive(new CloneEvent("prod to test", "prod", "test", COMPLETED));
        verifyNoInteractions(issues);
    }

    @Test
    void R1_aCloneEventWithoutCloneIdOrCompletedAtReachesTheServiceWithoutThem() throws Exception {
        // Given a service that records a new clone
        given(clones.receive(any())).willReturn(new CloneService.Received(clone("generated"), true));

        // When a clone event names its instances alone
        postClone("""
                {"sourceInstance": "prod", "targetInstance": "test"}
                """).andExpect(status().isCreated());

        // Then the service decides the cloneId and the time: it gets neither
        verify(clones).receive(new CloneEvent(null, "prod", "test", null));
    }

    @Test
    void R1_theSameCloneIdAgainAnswers200WithTheExistingCloneAndItsIssues() throws Exception {
        // Given a service that has the clone already
        given(clones.receive(any())).willReturn(new CloneService.Received(clone("clone-42"), false));

        // When its event is posted again
        postClone("""
                {"cloneId": "clone-42", "sourceInstance": "prod", "targetInstance": "test"}
                """)

                // Then the answer is 200 with the existing clone, and its issues were looked up
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Location"))
                .andExpect(jsonPath("$.cloneId").value("clone-42"));
        verify(issues).search(IssueFilter.ofClone("clone-42"));
    }

    @Test
    void aCloneEventWithoutTargetIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a clone event without its target instance is posted
        postClone("""
                {"cloneId": "clone-bad", "sourceInstance": "prod"}
                """)

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "targetInstance must not be blank"));
        verifyNoInteractions(clones, issues);
    }

    @ParameterizedTest
    @ValueSource(strings = {" clone-42", "clone-42 "})
    void aCloneIdWithALeadingOrTrailingSpaceIsA400ProblemAndReachesNoService(String cloneId) throws Exception {
        // When a clone event is posted whose cloneId starts or ends with a space
        postClone(body(Map.of("cloneId", cloneId, "sourceInstance", "prod", "targetInstance", "test")))

                // Then the answer is a 400 problem that says so
                .andExpect(problem(HttpStatus.BAD_REQUEST, "cloneId must not start or end with a space"));
        verifyNoInteractions(clones, issues);
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod/test-42", "prod\\test-42"})
    void aCloneIdWithASlashIsA400ProblemAndReachesNoService(String cloneId) throws Exception {
        // When a clone event is posted whose cloneId holds a / or \, which GET /api/clones/{cloneId} cannot carry
        postClone(body(Map.of("cloneId", cloneId, "sourceInstance", "prod", "targetInstance", "test")))

                // Then the answer is a 400 problem that says so
                .andExpect(problem(HttpStatus.BAD_REQUEST, "cloneId must not contain / or \\"));
        verifyNoInteractions(clones, issues);
    }

    @Test
    void aCloneIdLongerThan100CharactersIsA400ProblemAndReachesNoService() throws Exception {
        // When a clone event is posted with a cloneId of 101 characters
        postClone(body(Map.of("cloneId", "c".repeat(101), "sourceInstance", "prod", "targetInstance", "test")))

                // Then the answer is a 400 problem that names the field and its limits
                .andExpect(problem(HttpStatus.BAD_REQUEST, "cloneId size must be between 1 and 100"));
        verifyNoInteractions(clones, issues);
    }

    @Test
    void anInstanceNameLongerThan255CharactersIsA400ProblemAndReachesNoService() throws Exception {
        // When a clone event is posted with a source instance of 256 characters
        postClone(body(Map.of("sourceInstance", "p".repeat(256), "targetInstance", "test")))

                // Then the answer is a 400 problem that names the field and its limit
                .andExpect(problem(HttpStatus.BAD_REQUEST, "sourceInstance size must be between 0 and 255"));
        verifyNoInteractions(clones, issues);
    }

    @Test
    void aCloneEventWithATimeThatIsNoInstantIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a clone event says it completed "yesterday"
        postClone("""
                {"sourceInstance": "prod", "targetInstance": "test", "completedAt": "yesterday"}
                """)

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, startsWith("Invalid value for 'completedAt': ")));
        verifyNoInteractions(clones, issues);
    }

    @Test
    void aCloneEventOfMalformedJsonIsA400ProblemAndReachesNoService() throws Exception {
        // When a clone event is posted cut off
        postClone("{\"cloneId\": \"clone-bad\"")

                // Then the answer is a 400 problem
                .andExpect(problem(HttpStatus.BAD_REQUEST, "Malformed JSON request body"));
        verifyNoInteractions(clones, issues);
    }

    @Test
    void aCloneEventWithAnUnknownFieldIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a clone event is posted with a field the API does not know
        postClone("""
                {"sourceInstance": "prod", "targetInstance": "test", "profile": "full"}
                """)

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "Unknown field 'profile'"));
        verifyNoInteractions(clones, issues);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloneId", "sourceInstance", "targetInstance"})
    void aControlCharacterInAnyFieldOfACloneEventIsA400ProblemThatNamesItAndReachesNoService(String field)
            throws Exception {
        // Given a clone event otherwise fine, with a line break in one field
        Map<String, Object> event = new HashMap<>(Map.of("cloneId", "clone-x", "sourceInstance", "acme-prod",
                "targetInstance", "acme-test"));
        event.put(field, FORGED);

        // When it is reported
        postClone(body(event))

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST,
                        field + " must not contain control characters (such as CR or LF)"));
        verifyNoInteractions(clones, issues);
    }

    @Test
    void aCompletedAtInTheFutureIsA422ProblemWithTheServicesDetail() throws Exception {
        // Given a service that finds the time in the future
        given(clones.receive(any())).willThrow(new RuleViolationException("completedAt is in the future"));

        // When the clone event is posted
        postClone("""
                {"sourceInstance": "prod", "targetInstance": "test", "completedAt": "2026-12-01T08:00:00Z"}
                """)

                // Then the answer is a 422 problem that says why
                .andExpect(problem(HttpStatus.UNPROCESSABLE_ENTITY, "completedAt is in the future"));
    }

    @Test
    void theCloneListAsksForPagesOf100UnlessToldOtherwise() throws Exception {
        // When the clones are listed without a limit
        mvc.perform(get("/api/clones")).andExpect(status().isOk());

        // Then the service is asked for the first page of 100
        verify(clones).page(100, null);
    }

    @Test
    void aFullPageOfTheCloneListLinksTheNextAfterItsLastClone() throws Exception {
        // Given a service with two clones after clone-c
        given(clones.page(2, "clone-c")).willReturn(List.of(clone("clone-b"), clone("clone a")));

        // When the clones after clone-c are listed two at a time
        mvc.perform(get("/api/clones").param("limit", "2").param("before", "clone-c"))

                // Then the full page links the next one after its last clone, encoded
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].cloneId", contains("clone-b", "clone a")))
                .andExpect(header().string("Link", "</api/clones?limit=2&before=clone%20a>; rel=\"next\""));
        verify(issues).ofClones(List.of("clone-b", "clone a"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1001})
    void aPageOfTheCloneListOutsideItsLimitsIsA400ProblemAndReachesNoService(int limit) throws Exception {
        // When a page of no clone, or of more than 1000, is asked for
        mvc.perform(get("/api/clones").param("limit", Integer.toString(limit)))

                // Then the answer is a 400 problem that names the limits
                .andExpect(problem(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000, got " + limit));
        verifyNoInteractions(clones, issues);
    }

    @Test
    void aLimitThatIsNoNumberIsA400ProblemAndReachesNoService() throws Exception {
        // When a page of "ten" clones is asked for
        mvc.perform(get("/api/clones").param("limit", "ten"))

                // Then the answer is a 400 problem that names the parameter
                .andExpect(problem(HttpStatus.BAD_REQUEST, startsWith("Failed to convert 'limit' with value: 'ten'")));
        verifyNoInteractions(clones, issues);
    }

    @Test
    void aPageAfterACloneTheServiceDoesNotKnowIsA400ProblemWithItsDetail() throws Exception {
        // Given a service that knows no clone no-such
        given(clones.page(100, "no-such")).willThrow(new IllegalArgumentException("before names no clone: 'no-such'"));

        // When the page after it is asked for
        mvc.perform(get("/api/clones").param("before", "no-such"))

                // Then the answer is a 400 problem that says so
                .andExpect(problem(HttpStatus.BAD_REQUEST, "before names no clone: 'no-such'"));
    }

    @Test
    void anUnknownCloneIsA404ProblemWithTheServicesDetail() throws Exception {
        // Given a service that knows no clone nowhere
        given(clones.get("nowhere")).willThrow(new NotFoundException("No clone with cloneId 'nowhere'"));

        // When it is read
        mvc.perform(get("/api/clones/nowhere"))

                // Then the answer is a 404 problem that names it
                .andExpect(problem(HttpStatus.NOT_FOUND, "No clone with cloneId 'nowhere'"));
        verifyNoInteractions(issues);
    }

    private ResultActions postClone(String body) throws Exception {
        return mvc.perform(post("/api/clones").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String body(Map<String, Object> fields) throws Exception {
        return json.writeValueAsString(fields);
    }

    private static InstanceClone clone(String cloneId) {
        return new InstanceClone(1, cloneId, "prod", "test", COMPLETED, COMPLETED, "process-1",
                COMPLETED.plusSeconds(900), COMPLETED.plusSeconds(4500), null, null);
    }
}
