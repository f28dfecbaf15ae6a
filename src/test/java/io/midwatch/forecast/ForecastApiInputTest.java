package io.midwatch.forecast;

import static io.midwatch.support.ProblemAnswer.problem;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.midwatch.platform.ConflictException;
import io.midwatch.platform.NotFoundException;

/**
 * The forecast calls of docs/spec.md's REST contract, web layer alone: what a bad state filter is answered, that
 * it never reaches a service, what a good one hands them, and how their refusals are answered. Security is tested
 * on the whole application.
 */
@WebMvcTest(ForecastController.class)
@AutoConfigureMockMvc(addFilters = false)
class ForecastApiInputTest {

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private ForecastService forecasts;
    @MockitoBean
    private ForecastComputer computer;

    @ParameterizedTest
    @ValueSource(strings = {"Open", "open", "OPEN"})
    void theForecastListHandsTheServiceTheInstanceAndTheStateWhateverItsCaseAndItsLimit(String state)
            throws Exception {
        // When the forecasts of acmetest are listed by state, spelled one way or another
        mvc.perform(get("/api/forecasts").param("instance", "acmetest").param("state", state))
                .andExpect(status().isOk());

        // Then the service searches that instance's open ones, at most 1000
        verify(forecasts).search("acmetest", ForecastState.Open, 1000);
    }

    @Test
    void anUnknownStateIsA400ProblemThatListsTheStatesAndReachesNoService() throws Exception {
        // When the forecasts are listed by a state MidWatch does not know
        mvc.perform(get("/api/forecasts").param("state", "Sleeping"))

                // Then the answer is a 400 problem that names it and the states there are
                .andExpect(problem(HttpStatus.BAD_REQUEST, "state must be Open, Ended or Canceled, got 'Sleeping'"));
        verifyNoInteractions(forecasts, computer);
    }

    @Test
    void anUnknownCloneIsA404ProblemWithTheServicesDetail() throws Exception {
        // Given a service with no forecast of no-such-clone
        given(forecasts.get("no-such-clone")).willThrow(new NotFoundException("No forecast of clone no-such-clone"));

        // When its forecast is read
        mvc.perform(get("/api/forecasts/no-such-clone"))

                // Then the answer is a 404 problem that names it
                .andExpect(problem(HttpStatus.NOT_FOUND, "No forecast of clone no-such-clone"));
    }

    @Test
    void recomputingAnEndedForecastIsA409ProblemWithTheComputersDetail() throws Exception {
        // Given a computer that finds the forecast ended
        given(computer.recompute("clone-42")).willThrow(new ConflictException("The forecast of clone-42 has ended"));

        // When it is computed again
        mvc.perform(post("/api/forecasts/clone-42/recompute"))

                // Then the answer is a 409 problem that says so
                .andExpect(problem(HttpStatus.CONFLICT, "The forecast of clone-42 has ended"));
    }
}
