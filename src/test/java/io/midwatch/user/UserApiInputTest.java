package io.midwatch.user;

import static io.midwatch.support.ProblemAnswer.problem;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.midwatch.platform.NotFoundException;

/**
 * The user calls of docs/spec.md's REST contract, web layer alone: what a bad body is answered, that it never
 * reaches the service, and what a good one hands it. The user name's own rules and what a save changes are
 * the service's, tested on the whole application, as is security.
 */
@WebMvcTest(UserController.class)
@AutoConfigureMockMvc(addFilters = false)
class UserApiInputTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private UserService users;

    @Test
    void puttingAUserHandsTheServiceTheNameAndEveryFieldAndAnswers201WhenItWasCreated() throws Exception {
        // Given a service that creates the user
        given(users.save(eq("mid.user"), any())).willReturn(new UserService.Saved(user(), true));

        // When a user is put with every field
        putUser("mid.user", """
                {"password": "s3cret", "roles": ["mid_server", "itil"], "active": true, "lockedOut": false}
                """)

                // Then the answer is 201 with the user, without its password
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.userName").value("mid.user"))
                .andExpect(jsonPath("$.hasPassword").value(true))
                .andExpect(jsonPath("$.password").doesNotExist());
        // and the service got each field as sent
        verify(users).save("mid.user", new UserChange("s3cret", Set.of("mid_server", "itil"), true, false));
    }

    @Test
    void puttingAUserTheServiceHadAlreadyAnswers200AndFieldsLeftOutReachItAsNull() throws Exception {
        // Given a service that updates the user
        given(users.save(eq("mid.user"), any())).willReturn(new UserService.Saved(user(), false));

        // When the user is put with lockedOut alone
        putUser("mid.user", """
                {"lockedOut": true}
                """)

                // Then the answer is 200, and the service got the other fields as left out
                .andExpect(status().isOk());
        verify(users).save("mid.user", new UserChange(null, null, null, true));
    }

    @Test
    void aBadRoleNameIsA400ProblemThatNamesRolesAndReachesNoService() throws Exception {
        // When roles are put with a name that is not a role name, together with a valid change
        putUser("mid.user", """
                {"roles": ["mid server!"], "lockedOut": true}
                """)

                // Then the answer is a 400 problem that names the field and says what a role name is
                .andExpect(problem(HttpStatus.BAD_REQUEST, "roles[] must be a role name such as mid_server"));
        verifyNoInteractions(users);
    }

    @Test
    void aNullRoleIsA400ProblemThatNamesRolesAndReachesNoService() throws Exception {
        // When roles are put with a null among them
        putUser("mid.user", """
                {"roles": ["itil", null]}
                """)

                // Then the answer is a 400 problem that names the field and says what a role name is
                .andExpect(problem(HttpStatus.BAD_REQUEST,
                        "roles[] must be a role name such as mid_server, not null"));
        verifyNoInteractions(users);
    }

    @Test
    void anEmptyPasswordIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When an empty password is put
        putUser("mid.user", """
                {"password": ""}
                """)

                // Then the answer is a 400 problem that names the field and its limits
                .andExpect(problem(HttpStatus.BAD_REQUEST, "password must be 1 to 200 characters"));
        verifyNoInteractions(users);
    }

    @Test
    void aPasswordLongerThan200CharactersIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a password of 201 characters is put
        putUser("mid.user", "{\"password\": \"" + "p".repeat(201) + "\"}")

                // Then the answer is a 400 problem that names the field and its limits
                .andExpect(problem(HttpStatus.BAD_REQUEST, "password must be 1 to 200 characters"));
        verifyNoInteractions(users);
    }

    @Test
    void anUnknownFieldIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a body with a field the API does not know is put
        putUser("mid.user", """
                {"active": false, "admin": true}
                """)

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, "Unknown field 'admin'"));
        verifyNoInteractions(users);
    }

    @Test
    void aFlagThatIsNoBooleanIsA400ProblemThatNamesItAndReachesNoService() throws Exception {
        // When a user is put active "maybe"
        putUser("mid.user", """
                {"active": "maybe"}
                """)

                // Then the answer is a 400 problem that names the field
                .andExpect(problem(HttpStatus.BAD_REQUEST, startsWith("Invalid value for 'active': ")));
        verifyNoInteractions(users);
    }

    @Test
    void malformedJsonIsA400ProblemAndReachesNoService() throws Exception {
        // When a body that is not JSON is put
        putUser("mid.user", "{\"lockedOut\": true,")

                // Then the answer is a 400 problem
                .andExpect(problem(HttpStatus.BAD_REQUEST, "Malformed JSON request body"));
        verifyNoInteractions(users);
    }

    @Test
    void anUnknownUserIsA404ProblemWithTheServicesDetail() throws Exception {
        // Given a service that knows no user nobody
        given(users.get("nobody")).willThrow(new NotFoundException("No user 'nobody'"));

        // When it is read
        mvc.perform(get("/api/users/nobody"))

                // Then the answer is a 404 problem that names it
                .andExpect(problem(HttpStatus.NOT_FOUND, "No user 'nobody'"));
    }

    private ResultActions putUser(String userName, String body) throws Exception {
        return mvc.perform(put("/api/users/{userName}", userName).contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private static UserView user() {
        return new UserView("mid.user", true, false, true, List.of("itil", "mid_server"), CREATED, CREATED);
    }
}
