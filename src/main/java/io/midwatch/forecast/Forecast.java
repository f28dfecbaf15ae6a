package io.midwatch.forecast;

import java.time.Instant;
import java.util.List;

/** A clone's forecast ({@code clone_forecast}) with its MID Servers. */
record Forecast(long id, String cloneId, String table, String source, String target, String profile,
                boolean profileIsName, Instant scheduledAt, Instant createdAt, Instant computedAt,
                String computeError, ForecastState state, Instant endedAt, Instant comparedAt, String preparedBy,
                Instant preparedAt, String preparationNote, String processInstanceId,
                List<MidServerForecast> midServers) {

    Forecast with(List<MidServerForecast> servers) {
        return new Forecast(id, cloneId, table, source, target, profile, profileIsName, scheduledAt, createdAt,
                computedAt, computeError, state, endedAt, comparedAt, preparedBy, preparedAt, preparationNote,
                processInstanceId, servers);
    }
}
