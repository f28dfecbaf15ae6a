package io.midwatch.issue;

import static io.midwatch.support.ProblemAnswer.problem;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.midwatch.midserver.MidServerService;
import io.midwatch.platform.ConflictException;
import io.midwatch.platform.NotFoundException;
import io.midwatch.platform.RuleViolationException;

/**
 * The issue calls of docs/spec.md's REST contract (R9, R10), web layer alone: what a bad filter, id or state
 * change is answered, that it never reaches a service, and what a good one hands them. Security is tested on the
 * whole application.
 */
@WebMvcTest(IssueController.class)
@AutoConfigureMockMvc(addFilters = false)
class IssueApiInputTest {

    private static final UUID ID = UUID.fromString("6f1c2e4a-0b7d-4c1e-9a53-2d8f0e6b7a10");
    private static final String EXPECTED_STATES = "expected one of New, Acknowledged, Resolved";

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private IssueService issues;
    @MockitoBean
    private MidServerService midServers;

    @Test
    void R9_theIssueListHandsTheServiceEveryFilterTheStateParsed() throws Exception {
        // When the issues are listed with every filter
        mvc.perform(get("/api/issues").param("state", "Acknowledged").param("source", "InstanceClone")
                        .param("midServer", "mid-1").param("cloneId", "clone-42").param("instance", "acmetest"))
                .andExpect(status().isOk());

        // Then the service searches with each of them
        verify(issues).search(new IssueFilter(IssueState.ACKNOWLEDGED, "InstanceClone", "mid-1", "clone-42",
                "acmetest"));
    }

    @Test
    void anUnknownStateInTheIssueListIsA400ProblemThatListsTheStatesAndReachesNoService() throws Exception {
        // When the issues are listed by a state MidWatch does not know
        mvc.perform(get("/api/issues").param("state", "Open"))

                // Then the answer is a 400 problem that names it and the states there are
                .andExpect(problem(HttpStatus.BAD_REQUEST, "unknown state 'Open', " + EXPECTED_STATES));
        verifyNoInteractions(issues, midServers);
    }

    @Test
    void readingAnIdThatIsNoUuidIsA400ProblemAndReachesNoService() throws Exception {
        // When an issue is read by an id that cannot be an issue's
        mvc.perform(get("/api/issues/not-a-uuid"))

                // Then the answer is a 400 problem that names the id
                .andExpect(problem(HttpStatus.BAD_REQUEST,
                        startsWith("Failed to convert 'id' with value: 'not-a-uuid'")));
        verifyNoInteractions(issues, midServers);
    }

    @Test
    void anUnknownIssueIsA404ProblemWithTheServicesDetail() throws Exception {
        // Given a service that knows no issue of this id
        given(issues.get(ID)).willThrow(new NotFoundException("No issue " + ID));

        // When it is read
        mvc.perform(get("/api/issues/{id}", ID))

                // Then the answer is a 404 problem that names it
                .andExpect(problem(HttpStatus.NOT_FOUND, "No issue " + ID));
    }

    @Test
    void R10_aPatchHandsTheServiceTheIdAndTheStateParsedAndAnswersTheIssue() throws Exception {
        // Given a service that acknowledges the issue
        given(issues.changeState(ID, IssueState.ACKNOWLEDGED)).willReturn(issue(IssueState.ACKNOWLEDGED));

        // When it is patched to Acknowledged
        patchIssue(ID.toString(), """
                {"state": "Acknowledged"}
                """)

                // Then the answer is the issue as the service left it
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(ID.toString()))
                .andExpect(jsonPath("$.state").value("Acknowledged"));
        verify(issues).changeState(ID, IssueState.ACKNOWLEDGED);
    }

    @Test
    void patchingToAnUnknownStateIsA400ProblemThatListsTheStatesAndReachesNoService() throws Exception {
        // When an issue is patched to a state that does not exist
        patchIssue(ID.toString(), """
                {"state": "Closed"}
                """)

                // Then the answer is a 400 problem that names it and the states there are
                .andExpect(problem(HttpStatus.BAD_REQUEST,
                        "Invalid value for 'state': unknown state 'Closed', " + EXPECTED_STATES));
        verifyNoInteractions(issues, midServers);
    }

    @Test
    void patchingWithoutAStateIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When an issue is patched with an empty body
        patchIssue(ID.toString(), "{}")

                // Then the answer is a 400 problem that names the missing field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "state must not be null"));
        verifyNoInteractions(issues, midServers);
    }

    @Test
    void patchingAnIdThatIsNoUuidIsA400ProblemAndReachesNoService() throws Exception {
        // When an issue is patched by an id that cannot be an issue's
        patchIssue("not-a-uuid", """
                {"state": "Resolved"}
                """)

                // Then the answer is a 400 problem that names the id
                .andExpect(problem(HttpStatus.BAD_REQUEST,
                        startsWith("Failed to convert 'id' with value: 'not-a-uuid'")));
        verifyNoInteractions(issues, midServers);
    }

    @Test
    void R10_aMoveTheStatesDoNotAllowIsA422ProblemWithTheServicesDetail() throws Exception {
        // Given a service that refuses to move the issue back to New
        given(issues.changeState(ID, IssueState.NEW))
                .willThrow(new RuleViolationException("Issue " + ID + " cannot go back to New"));

        // When it is patched to New
        patchIssue(ID.toString(), """
                {"state": "New"}
                """)

                // Then the answer is a 422 problem that says why
                .andExpect(problem(HttpStatus.UNPROCESSABLE_ENTITY, "Issue " + ID + " cannot go back to New"));
    }

    @Test
    void R10_aPatchWithoutAWaitingProcessIsA409ProblemWithTheServicesDetail() throws Exception {
        // Given a service that finds no process waiting for the change
        given(issues.changeState(ID, IssueState.RESOLVED))
                .willThrow(new ConflictException("Issue " + ID + " has no process waiting"));

        // When the issue is resolved by hand
        patchIssue(ID.toString(), """
                {"state": "Resolved"}
                """)

                // Then the answer is a 409 problem that says why
                .andExpect(problem(HttpStatus.CONFLICT, "Issue " + ID + " has no process waiting"));
    }

    @Test
    void patchingAnUnknownIssueIsA404ProblemWithTheServicesDetail() throws Exception {
        // Given a service that knows no issue of this id
        given(issues.changeState(ID, IssueState.RESOLVED)).willThrow(new NotFoundException("No issue " + ID));

        // When it is patched
        patchIssue(ID.toString(), """
                {"state": "Resolved"}
                """)

                // Then the answer is a 404 problem that names it
                .andExpect(problem(HttpStatus.NOT_FOUND, "No issue " + ID));
    }

    @Test
    void R9_theRelatedListOfAnUnknownMidServerIsA404ProblemAndLooksForNoIssue() throws Exception {
        // Given no MID Server nowhere of acmetest
        given(midServers.get("acmetest", "nowhere")).willThrow(new NotFoundException("No MID Server nowhere"));

        // When its issues are listed
        mvc.perform(get("/api/mid-servers/nowhere/issues").param("instance", "acmetest"))

                // Then the answer is a 404 problem that names it, and no issue was looked for
                .andExpect(problem(HttpStatus.NOT_FOUND, "No MID Server nowhere"));
        verifyNoInteractions(issues);
    }

    private ResultActions patchIssue(String id, String body) throws Exception {
        return mvc.perform(patch("/api/issues/" + id).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static Issue issue(IssueState state) {
        Instant created = Instant.parse("2026-12-01T08:15:00Z");
        return new Issue(ID, "mid-1", null, Issue.SOURCE_INSTANCE_CLONE, state, Issue.cloneMessage("mid.user"), 1,
                created, created, null, "clone-42", null, "process-1");
    }
}
