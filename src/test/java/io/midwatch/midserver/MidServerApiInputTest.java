package io.midwatch.midserver;

import static io.midwatch.support.ProblemAnswer.problem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.midwatch.platform.ConflictException;
import io.midwatch.platform.NotFoundException;

/**
 * The MID Server calls of docs/spec.md's REST contract, web layer alone: what a bad body or name is answered, that
 * it never reaches the service, and what a good one hands it. Security is tested on the whole application.
 */
@WebMvcTest(MidServerController.class)
@AutoConfigureMockMvc(addFilters = false)
class MidServerApiInputTest {

    /** A value that would end a log line and start a forged one. */
    private static final String FORGED = "mid-x\r\n2026-12-01T00:00:00Z INFO MID Server mid-y went from Down to Up";
    private static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @MockitoBean
    private MidServerService midServers;

    @Test
    void registeringAMidServerHandsTheServiceEveryFieldAndAnswers201WithItsLocation() throws Exception {
        // Given a service that registers what it is given
        given(midServers.register(any())).willAnswer(call -> registered(call.getArgument(0)));

        // When a MID Server is registered with every field, its name one to escape in a URL
        var answer = send(post("/api/mid-servers"), """
                {"name": "mid a", "userName": "mid.user", "hostName": "host-a", "version": "Xanadu", "status": "Down"}
                """);

        // Then the service got each field as sent, the status as Down
        verify(midServers).register(new NewMidServer("mid a", "mid.user", "host-a", "Xanadu", MidServerStatus.DOWN));
        // and the answer is 201 with the MID Server and its encoded location
        answer.andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/mid-servers/mid%20a"))
                .andExpect(jsonPath("$.name").value("mid a"))
                .andExpect(jsonPath("$.status").value("Down"))
                .andExpect(jsonPath("$.createdAt").value("2026-12-01T08:00:00Z"));
    }

    @Test
    void aMidServerRegisteredWithoutAStatusReachesTheServiceWithoutOne() throws Exception {
        // Given a service that registers what it is given
        given(midServers.register(any())).willAnswer(call -> registered(call.getArgument(0)));

        // When a MID Server is registered with its name and user alone
        send(post("/api/mid-servers"), """
                {"name": "mid-b", "userName": "u"}
                """).andExpect(status().isCreated());

        // Then the service decides the default (Up): it gets no status
        verify(midServers).register(new NewMidServer("mid-b", "u", null, null, null));
    }

    @Test
    void malformedJsonIsA400ProblemAndReachesNoService() throws Exception {
        // When a MID Server is registered with a body that is cut off
        send(post("/api/mid-servers"), "{\"name\": \"mid-d\",")

                // Then the answer is a 400 problem, and the service heard nothing
                .andExpect(problem(HttpStatus.BAD_REQUEST, "Malformed JSON request body"));
        verifyNoInteractions(midServers);
    }

    @Test
    void anUnknownFieldIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a MID Server is registered with a field the API does not know
        send(post("/api/mid-servers"), """
                {"name": "mid-d", "userName": "u", "owner": "jane"}
                """)

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "Unknown field 'owner'"));
        verifyNoInteractions(midServers);
    }

    @Test
    void aMissingFieldIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a MID Server is registered without its user name
        send(post("/api/mid-servers"), """
                {"name": "mid-e"}
                """)

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "userName must not be blank"));
        verifyNoInteractions(midServers);
    }

    @Test
    void aNameLongerThan100CharactersIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a MID Server is registered with a name of 101 characters
        send(post("/api/mid-servers"), body(Map.of("name", "m".repeat(101), "userName", "u")))

                // Then the answer is a 400 problem that names the field and its limit
                .andExpect(problem(HttpStatus.BAD_REQUEST, "name size must be between 0 and 100"));
        verifyNoInteractions(midServers);
    }

    @Test
    void anUnknownStatusIsA400ProblemThatListsTheDocumentedOnesAndReachesNoService() throws Exception {
        // When a MID Server is registered with a status MidWatch does not know
        send(post("/api/mid-servers"), """
                {"name": "mid-f", "userName": "u", "status": "Sleeping"}
                """)

                // Then the answer is a 400 problem that names it and the documented ones
                .andExpect(problem(HttpStatus.BAD_REQUEST, "Invalid value for 'status': unknown status 'Sleeping', "
                        + "expected one of Up, Down, Upgrading, Paused, Upgrade Failed, Draining, Drained, "
                        + "Drain Failed"));
        verifyNoInteractions(midServers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CORP\\midserver", "corp/midserver"})
    void aUserNameWithASlashOrBackslashIsA400ProblemThatNamesItAndReachesNoService(String userName)
            throws Exception {
        // When a MID Server is registered with a Windows domain user name, or one with a slash
        send(post("/api/mid-servers"), body(Map.of("name", "mid-i", "userName", userName)))

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "userName must not contain / or \\"));
        verifyNoInteractions(midServers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "userName", "hostName", "version"})
    void aControlCharacterInAnyFieldOfANewMidServerIsA400ProblemThatNamesItAndReachesNoService(String field)
            throws Exception {
        // Given a MID Server otherwise fine, with a line break in one field
        Map<String, Object> server = new HashMap<>(Map.of("name", "mid-x", "userName", "mid-x.user",
                "hostName", "mid-x.example.com", "version", "Xanadu"));
        server.put(field, FORGED);

        // When it is registered
        send(post("/api/mid-servers"), body(server))

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST,
                        field + " must not contain control characters (such as CR or LF)"));
        verifyNoInteractions(midServers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\t", "\u001b[31m", "\u007f", "\u0085"})
    void everyControlCharacterIsRefusedNotOnlyLineBreaks(String control) throws Exception {
        // When a MID Server is registered with a NUL, a TAB, an escape sequence, a DEL or a NEL in its host name
        send(post("/api/mid-servers"), body(Map.of("name", "mid-x", "userName", "mid-x.user",
                "hostName", "mid-x" + control + ".example.com")))

                // Then it is refused as a line break would be
                .andExpect(problem(HttpStatus.BAD_REQUEST,
                        "hostName must not contain control characters (such as CR or LF)"));
        verifyNoInteractions(midServers);
    }

    @Test
    void aTakenNameIsA409ProblemWithTheServicesDetail() throws Exception {
        // Given a service that finds the name taken
        given(midServers.register(any())).willThrow(new ConflictException("A MID Server named mid-c exists"));

        // When a MID Server of that name is registered
        send(post("/api/mid-servers"), """
                {"name": "mid-c", "userName": "second.user"}
                """)

                // Then the answer is a 409 problem that says so
                .andExpect(problem(HttpStatus.CONFLICT, "A MID Server named mid-c exists"));
    }

    @Test
    void aMidServerIsReadFromTheInstanceTheQueryNames() throws Exception {
        // Given a MID Server mid-1 of acmetest
        given(midServers.get("acmetest", "mid-1"))
                .willReturn(registered(new NewMidServer("mid-1", "mid.user", null, null, MidServerStatus.UP)));

        // When it is read with ?instance=acmetest
        mvc.perform(get("/api/mid-servers/mid-1").param("instance", "acmetest"))

                // Then the service was asked for that instance's, and the answer shows it
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("mid-1"));
        verify(midServers).get("acmetest", "mid-1");
    }

    @Test
    void anUnknownMidServerIsA404ProblemWithTheServicesDetail() throws Exception {
        // Given a service that knows no MID Server nowhere
        given(midServers.get(null, "nowhere")).willThrow(new NotFoundException("No MID Server nowhere"));

        // When it is read
        mvc.perform(get("/api/mid-servers/nowhere"))

                // Then the answer is a 404 problem that names it
                .andExpect(problem(HttpStatus.NOT_FOUND, "No MID Server nowhere"));
    }

    @Test
    void aStatusChangeHandsTheServiceTheNameInstanceAndStatusAndAnswersItsResult() throws Exception {
        // Given a service that sets mid-g of acmetest from Down to Up
        given(midServers.changeStatus("acmetest", "mid-g", MidServerStatus.UP)).willReturn(new StatusChangeResult(
                "mid-g", MidServerStatus.DOWN, MidServerStatus.UP, List.of()));

        // When its status is set Up
        send(put("/api/mid-servers/mid-g/status").param("instance", "acmetest"), """
                {"status": "Up"}
                """)

                // Then the answer names the status before and now
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.previousStatus").value("Down"))
                .andExpect(jsonPath("$.status").value("Up"))
                .andExpect(jsonPath("$.resolvedIssues").isEmpty());
        verify(midServers).changeStatus("acmetest", "mid-g", MidServerStatus.UP);
    }

    @Test
    void aStatusSpelledInTheWrongCaseIsA400ProblemAndReachesNoService() throws Exception {
        // When a status is set to "up" rather than "Up"
        send(put("/api/mid-servers/mid-h/status"), """
                {"status": "up"}
                """)

                // Then the answer is a 400 problem that lists the documented statuses
                .andExpect(problem(HttpStatus.BAD_REQUEST, "Invalid value for 'status': unknown status 'up', "
                        + "expected one of Up, Down, Upgrading, Paused, Upgrade Failed, Draining, Drained, "
                        + "Drain Failed"));
        verifyNoInteractions(midServers);
    }

    @Test
    void aStatusChangeWithoutAStatusIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a status change comes with an empty body
        send(put("/api/mid-servers/mid-h/status"), "{}")

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "status must not be null"));
        verifyNoInteractions(midServers);
    }

    @Test
    void aControlCharacterInTheMidServerNameOfAStatusChangeIsA400ProblemAndReachesNoService() throws Exception {
        // When a status change names a MID Server with a line break in its name
        send(put("/api/mid-servers/{name}/status", FORGED), """
                {"status": "Up"}
                """)

                // Then the answer is a 400 problem that names the path's field
                .andExpect(problem(HttpStatus.BAD_REQUEST,
                        "name must not contain control characters (such as CR or LF)"));
        verifyNoInteractions(midServers);
    }

    @Test
    void aBackslashInTheMidServerNameOfAStatusChangeIsA400ProblemAndReachesNoService() throws Exception {
        // When a status change names a MID Server with a backslash in its name
        send(put("/api/mid-servers/{name}/status", "CORP\\mid"), """
                {"status": "Up"}
                """)

                // Then the answer is a 400 problem that names the path's field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "name must not contain / or \\"));
        verifyNoInteractions(midServers);
    }

    @Test
    void aStatusChangeTheServiceCannotCarryOutIsA409ProblemWithItsDetail() throws Exception {
        // Given a service that finds an open issue without a waiting process
        given(midServers.changeStatus(null, "mid-g", MidServerStatus.UP))
                .willThrow(new ConflictException("Issue 1 of mid-g has no process waiting"));

        // When the MID Server is set Up
        send(put("/api/mid-servers/mid-g/status"), """
                {"status": "Up"}
                """)

                // Then the answer is a 409 problem that says why
                .andExpect(problem(HttpStatus.CONFLICT, "Issue 1 of mid-g has no process waiting"));
    }

    private ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String body(Map<String, Object> fields) throws Exception {
        return json.writeValueAsString(fields);
    }

    private static MidServer registered(NewMidServer server) {
        return new MidServer(1, null, server.name(),
                server.status() == null ? MidServerStatus.UP : server.status(), server.userName(), server.hostName(),
                server.version(), null, null, null, CREATED, CREATED, null);
    }
}
