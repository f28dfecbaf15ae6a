package io.midwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a caller is answered when the database connection is lost and running the work again did not make
 * it good: a 503 problem with a Retry-After, from a controller and from a filter in front of it alike.
 */
class DatabaseUnavailableAnswerTest {

    private static final RuntimeException CONNECTION_LOST = new TransactionSystemException(
            "Could not commit JDBC transaction", new SQLException("An I/O error occurred", "08006"));

    @RestController
    static class FailingController {

        @PutMapping("/api/lost-connection")
        void lostConnection() {
            throw CONNECTION_LOST;
        }

        @PutMapping("/api/duplicate")
        void duplicate() {
            throw new DuplicateKeyException("duplicate", new SQLException("duplicate key value", "23505"));
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
            .setControllerAdvice(new ApiProblems()).build();

    @Test
    void aLostConnectionInAControllerIsA503ProblemWithRetryAfter() throws Exception {
        // Given a controller whose commit finds the connection closed (08006)

        // When it is called
        // Then the caller gets a 503 problem that says to try again in 5 seconds
        mvc.perform(put("/api/lost-connection"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(ConnectionLoss.DETAIL));
    }

    @Test
    void anyOtherDatabaseFailureIsLeftToTheDefaultHandling() {
        // Given a controller that breaks a unique constraint (23505)

        // When it is called
        // Then no 503 is made of it: the failure goes on to the default handling
        assertThatThrownBy(() -> mvc.perform(put("/api/duplicate")))
                .hasRootCauseInstanceOf(SQLException.class)
                .hasMessageContaining("duplicate");
    }

    @Test
    void aLostConnectionInAFilterInFrontOfTheApiIsA503ProblemWithRetryAfter() throws Exception {
        // Given a status change whose engine statement finds its session terminated (57P01) behind the filter
        ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();
        var request = new MockHttpServletRequest("PUT", "/api/mid-servers/mid-a/status");
        var response = new MockHttpServletResponse();

        // When it goes through the filter
        new ConnectionLossFilter(json).doFilter(request, response, (req, res) -> {
            throw new ProcessEngineException("ENGINE-03004", new SQLException("terminating connection", "57P01"));
        });

        // Then the caller gets a 503 problem that says to try again in 5 seconds
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(json.readValue(response.getContentAsByteArray(), JsonNode.class).get("detail").asText())
                .isEqualTo(ConnectionLoss.DETAIL);
    }
}
