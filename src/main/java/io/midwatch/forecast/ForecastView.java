package io.midwatch.forecast;

import java.time.Instant;
import java.util.List;

/**
 * A clone's forecast as the API shows it: counts per verdict and, per MID Server of the target, its verdict,
 * the reasons, and after the clone what its check found.
 */
record ForecastView(String cloneId, String source, String target, Instant scheduledAt, Instant computedAt,
                    String computeError, ForecastState state, int preserved, int willFail, int unchanged, int atRisk,
                    String preparedBy, Instant preparedAt, String preparationNote, Instant comparedAt,
                    String processInstanceId, List<MidServerForecast> midServers) {

    static ForecastView of(Forecast forecast) {
        List<MidServerForecast> servers = forecast.midServers();
        return new ForecastView(forecast.cloneId(), forecast.source(), forecast.target(), forecast.scheduledAt(),
                forecast.computedAt(), forecast.computeError(), forecast.state(), count(servers, Verdict.Preserved),
                count(servers, Verdict.WillFail), count(servers, Verdict.Unchanged), count(servers, Verdict.AtRisk),
                forecast.preparedBy(), forecast.preparedAt(), forecast.preparationNote(), forecast.comparedAt(),
                forecast.processInstanceId(), servers);
    }

    private static int count(List<MidServerForecast> servers, Verdict verdict) {
        return (int) servers.stream().filter(server -> server.verdict() == verdict).count();
    }
}
