package io.midwatch.forecast;

import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/forecasts")
@Tag(name = "Forecasts", description = "Before a scheduled clone: which MID Servers of the target it will take down")
class ForecastController {

    static final int LIMIT = 1000;

    private final ForecastService forecasts;
    private final ForecastComputer computer;

    ForecastController(ForecastService forecasts, ForecastComputer computer) {
        this.forecasts = forecasts;
        this.computer = computer;
    }

    @Operation(operationId = "searchForecasts", summary = "Forecasts of clones, newest first",
            description = "At most " + LIMIT + "; every filter left out matches any value")
    @ApiResponse(responseCode = "200", description = "The forecasts that match every filter given")
    @ApiResponse(responseCode = "400", description = "An unknown state")
    @GetMapping
    List<ForecastView> search(
            @Parameter(description = "The clone's source or target instance", example = "acmetest")
            @RequestParam(required = false) String instance,
            @Parameter(description = "Open, Ended or Canceled", example = "Open")
            @RequestParam(required = false) String state) {
        return forecasts.search(instance, state == null ? null : state(state), LIMIT).stream()
                .map(ForecastView::of).toList();
    }

    @Operation(operationId = "getForecast", summary = "The forecast of one clone")
    @ApiResponse(responseCode = "200", description = "The forecast")
    @ApiResponse(responseCode = "404", description = "No forecast of a clone with this cloneId")
    @GetMapping("/{cloneId}")
    ForecastView get(@Parameter(description = "The clone record's sys_id") @PathVariable String cloneId) {
        return ForecastView.of(forecasts.get(cloneId));
    }

    @Operation(operationId = "recomputeForecast", summary = "Compute a clone's forecast again now",
            description = "Reads the source and the target instance again; an instance that cannot be read leaves "
                    + "the verdicts as they were, with computeError saying why")
    @ApiResponse(responseCode = "200", description = "The forecast as computed now")
    @ApiResponse(responseCode = "404", description = "No forecast of a clone with this cloneId")
    @ApiResponse(responseCode = "409", description = "The forecast has ended")
    @PostMapping("/{cloneId}/recompute")
    ForecastView recompute(@Parameter(description = "The clone record's sys_id") @PathVariable String cloneId) {
        return ForecastView.of(computer.recompute(cloneId));
    }

    private static ForecastState state(String state) {
        for (ForecastState known : ForecastState.values()) {
            if (known.name().toLowerCase(Locale.ROOT).equals(state.toLowerCase(Locale.ROOT))) {
                return known;
            }
        }
        throw new IllegalArgumentException("state must be Open, Ended or Canceled, got '" + state + "'");
    }
}
