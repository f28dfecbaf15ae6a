package io.midwatch.servicenow;

import static io.midwatch.support.ProblemAnswer.problem;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.midwatch.clone.CloneService;
import io.midwatch.midserver.MidServerRepository;

/**
 * The ServiceNow instance calls of docs/spec.md's REST contract, web layer alone: how an instance or user that is
 * not there, and an instance that does not answer as asked, are answered. Reading the instance is the poller's,
 * tested against a fake ServiceNow on the whole application, as is security. One instance, acmeprod, is
 * configured; nothing is polled.
 */
@WebMvcTest(controllers = InstanceController.class, properties = {
        "midwatch.servicenow.scheduled=false",
        "midwatch.servicenow.instances[0].name=acmeprod",
        "midwatch.servicenow.instances[0].url=https://acmeprod.service-now.example",
        "midwatch.servicenow.instances[0].user=midwatch.reader",
        "midwatch.servicenow.instances[0].password=not-used-here",
})
@AutoConfigureMockMvc(addFilters = false)
@EnableConfigurationProperties(ServiceNowProperties.class)
class InstanceApiInputTest {

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private InstancePollRepository polls;
    @MockitoBean
    private MidServerRepository midServers;
    @MockitoBean
    private CloneService clones;
    @MockitoBean
    private InstancePoller poller;

    @Test
    void anInstanceNotConfiguredIsA404ProblemThatNamesItAndReadsNothing() throws Exception {
        // When an instance of another name than acmeprod is asked for
        mvc.perform(get("/api/instances/acmedev"))

                // Then the answer is a 404 problem that names it, and no poll record was read
                .andExpect(problem(HttpStatus.NOT_FOUND, "No ServiceNow instance named 'acmedev' is configured"));
        verifyNoInteractions(polls, midServers, clones);
    }

    @Test
    void theUserOfAnInstanceIsAnsweredAsThePollerReadIt() throws Exception {
        // Given a poller that reads acmeprod's user mid.user
        given(poller.user("acmeprod", "mid.user")).willReturn(new InstancePoller.InstanceUser("mid.user",
                "acmeprod", true, false, false, null, null, 0, null, List.of("mid_server")));

        // When MidWatch is asked for it
        mvc.perform(get("/api/instances/acmeprod/users/mid.user"))

                // Then it answers what the poller read
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.userName").value("mid.user"))
                .andExpect(jsonPath("$.roles[0]").value("mid_server"));
    }

    @Test
    void aUserTheInstanceDoesNotHaveIsA404ProblemThatNamesIt() throws Exception {
        // Given a poller that finds no user nobody on acmeprod
        given(poller.user("acmeprod", "nobody")).willReturn(null);

        // When MidWatch is asked for it
        mvc.perform(get("/api/instances/acmeprod/users/nobody"))

                // Then the answer is a 404 problem that names the instance and the user
                .andExpect(problem(HttpStatus.NOT_FOUND, "Instance acmeprod has no user 'nobody'"));
    }

    @Test
    void anInstanceThatDoesNotAnswerAsAskedIsA502ProblemThatSaysWhy() throws Exception {
        // Given a poller whose instance refuses MidWatch's login
        given(poller.user("acmeprod", "mid.user")).willThrow(new TableApiException(
                TableApiException.Kind.LOGIN_REFUSED, "401 from acmeprod"));

        // When MidWatch is asked for a user of it
        mvc.perform(get("/api/instances/acmeprod/users/mid.user"))

                // Then the answer is a 502 problem that says the instance did not answer, and why
                .andExpect(problem(HttpStatus.BAD_GATEWAY, "The instance did not answer: 401 from acmeprod"));
    }

    @Test
    void anInstancesRateLimitIsA503ProblemWithItsRetryAfterInWholeSeconds() throws Exception {
        // Given a poller held back by the instance's rate limit for 1.5 s
        given(poller.user("acmeprod", "mid.user")).willThrow(new TableApiException(
                TableApiException.Kind.RATE_LIMITED, "429 from acmeprod", "sys_user", Duration.ofMillis(1500)));

        // When MidWatch is asked for a user of it
        mvc.perform(get("/api/instances/acmeprod/users/mid.user"))

                // Then the answer is a 503 problem that asks the caller to come back in 2 s, not sooner
                .andExpect(problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "The instance's rate limit holds MidWatch back; ask again in 2 s: 429 from acmeprod"))
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "2"));
    }

    @Test
    void anInstancesRateLimitWithoutRetryAfterIsA503ProblemThatAsksForAMinute() throws Exception {
        // Given a poller held back by the instance's rate limit, which named no time
        given(poller.user("acmeprod", "mid.user")).willThrow(new TableApiException(
                TableApiException.Kind.RATE_LIMITED, "429 from acmeprod"));

        // When MidWatch is asked for a user of it
        mvc.perform(get("/api/instances/acmeprod/users/mid.user"))

                // Then the answer asks the caller to come back in a minute
                .andExpect(problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "The instance's rate limit holds MidWatch back; ask again in 60 s: 429 from acmeprod"))
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "60"));
    }
}
