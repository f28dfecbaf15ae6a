package io.midwatch.heartbeat;

import static io.midwatch.support.ProblemAnswer.problem;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.midwatch.midserver.MidServerStatus;
import io.midwatch.midserver.StatusChangeResult;
import io.midwatch.user.LoginFailure;

/**
 * {@code POST /api/mid-servers/{name}/heartbeat} (R12), web layer alone: what a heartbeat without usable Basic
 * credentials is answered, that it never reaches the service, and what a good one hands it. Checking the login,
 * throttling it and recording it are the service's, tested on the whole application.
 */
@WebMvcTest(HeartbeatController.class)
@AutoConfigureMockMvc(addFilters = false)
class HeartbeatApiInputTest {

    private static final String CHALLENGE = "Basic realm=\"MID Server\"";

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private HeartbeatService heartbeats;

    @Test
    void R12_aHeartbeatHandsTheServiceTheMidServerTheCredentialsAndTheCallersAddress() throws Exception {
        // Given a service that accepts the login and sets mid-1 from Down to Up
        given(heartbeats.beat("mid-1", "mid.user", "pa:ss word", "192.0.2.7")).willReturn(Optional.of(
                new HeartbeatService.HeartbeatResult(new StatusChangeResult("mid-1", MidServerStatus.DOWN,
                        MidServerStatus.UP, List.of()), null)));

        // When mid-1 sends a heartbeat as mid.user, with a password that holds a colon and a space
        mvc.perform(post("/api/mid-servers/mid-1/heartbeat").header(HttpHeaders.AUTHORIZATION,
                        basic("mid.user:pa:ss word")).with(request -> {
                    request.setRemoteAddr("192.0.2.7");
                    return request;
                }))

                // Then the answer is the status change
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.previousStatus").value("Down"))
                .andExpect(jsonPath("$.status").value("Up"));
        verify(heartbeats).beat("mid-1", "mid.user", "pa:ss word", "192.0.2.7");
    }

    @Test
    void R12_aHeartbeatWithoutCredentialsIsA401ProblemThatAsksForBasicAndReachesNoService() throws Exception {
        // When a heartbeat comes without an Authorization header
        mvc.perform(post("/api/mid-servers/mid-1/heartbeat"))

                // Then it is a 401 problem that asks for Basic credentials of the MID Server's user
                .andExpect(problem(HttpStatus.UNAUTHORIZED, "Authenticate with HTTP Basic as the MID Server's user"))
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
        verifyNoInteractions(heartbeats);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer eyJhbGciOiJIUzI1NiJ9", "Basic not-base64!", "Basic bWlkLnVzZXI="})
    void R12_aHeartbeatWithoutUsableBasicCredentialsIsA401ProblemAndReachesNoService(String authorization)
            throws Exception {
        // When a heartbeat comes with a bearer token, a Basic header that is no Base64, or one without a password
        mvc.perform(post("/api/mid-servers/mid-1/heartbeat").header(HttpHeaders.AUTHORIZATION, authorization))

                // Then it is a 401 problem that asks for Basic credentials of the MID Server's user
                .andExpect(problem(HttpStatus.UNAUTHORIZED, "Authenticate with HTTP Basic as the MID Server's user"))
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
        verifyNoInteractions(heartbeats);
    }

    @Test
    void R12_aFailedLoginIsA401ProblemThatDoesNotSayWhy() throws Exception {
        // Given a service that finds the password wrong
        given(heartbeats.beat(anyString(), anyString(), anyString(), anyString())).willReturn(Optional.of(
                new HeartbeatService.HeartbeatResult(null, LoginFailure.WRONG_PASSWORD)));

        // When the heartbeat comes
        mvc.perform(post("/api/mid-servers/mid-1/heartbeat").header(HttpHeaders.AUTHORIZATION,
                        basic("mid.user:wrong")))

                // Then it is refused without the reason
                .andExpect(problem(HttpStatus.UNAUTHORIZED, "Login refused"))
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
    }

    @Test
    void R12_aHeartbeatOfNoSuchMidServerIsRefusedAsAFailedLoginIs() throws Exception {
        // Given a service that finds no MID Server of the name, or credentials not its user's
        given(heartbeats.beat(anyString(), anyString(), anyString(), anyString())).willReturn(Optional.empty());

        // When the heartbeat comes
        mvc.perform(post("/api/mid-servers/ghost/heartbeat").header(HttpHeaders.AUTHORIZATION,
                        basic("mid.user:s3cret")))

                // Then it gets the answer a wrong password gets
                .andExpect(problem(HttpStatus.UNAUTHORIZED, "Login refused"))
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
