package io.midwatch.forecast;

import static io.midwatch.platform.Timestamps.instant;
import static io.midwatch.platform.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ForecastRepository {

    private static final String COLUMNS = """
            SELECT id, clone_id, clone_table, source_instance, target_instance, clone_profile, profile_is_name,
                   scheduled_at, created_at, computed_at, compute_error, state, ended_at, compared_at, prepared_by,
                   prepared_at, preparation_note, process_instance_id
            FROM clone_forecast""";

    private static final int NAMES_PER_UPDATE = 1000;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    ForecastRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /** Fails with a DuplicateKeyException when the clone has a forecast already. */
    void insert(ScheduledClone clone, Instant now, String processInstanceId) {
        jdbc.sql("""
                        INSERT INTO clone_forecast (clone_id, clone_table, source_instance, target_instance,
                            clone_profile, profile_is_name, scheduled_at, created_at, state, process_instance_id)
                        VALUES (:cloneId, :table, :source, :target, :profile, :profileIsName, :scheduledAt, :now,
                            'Open', :process)""")
                .param("cloneId", clone.cloneId())
                .param("table", clone.table())
                .param("source", clone.source())
                .param("target", clone.target())
                .param("profile", clone.profile())
                .param("profileIsName", clone.profileIsName())
                .param("scheduledAt", utc(clone.scheduledAt()))
                .param("now", utc(now))
                .param("process", processInstanceId)
                .update();
    }

    /** Of these clones, those that have a forecast. */
    Set<String> withForecast(Collection<String> cloneIds) {
        if (cloneIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT clone_id FROM clone_forecast WHERE clone_id IN (:ids)")
                .param("ids", cloneIds).query(String.class).list());
    }

    boolean exists(String cloneId) {
        return jdbc.sql("SELECT COUNT(*) FROM clone_forecast WHERE clone_id = :cloneId").param("cloneId", cloneId)
                .query(Long.class).single() > 0;
    }

    Optional<Forecast> find(String cloneId) {
        return jdbc.sql(COLUMNS + " WHERE clone_id = :cloneId").param("cloneId", cloneId)
                .query(ForecastRepository::map).optional().map(forecast -> withMidServers(List.of(forecast)).get(0));
    }

    /** Newest first (by creation), optionally of one target or source instance and in one state. */
    List<Forecast> search(String instance, ForecastState state, int limit) {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (instance != null) {
            sql.append(" AND (target_instance = :instance OR source_instance = :instance)");
            params.put("instance", instance);
        }
        if (state != null) {
            sql.append(" AND state = :state");
            params.put("state", state.name());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        params.put("limit", limit);
        return withMidServers(jdbc.sql(sql.toString()).params(params).query(ForecastRepository::map).list());
    }

    /** Which of these cloneIds have a forecast that is still open. */
    List<String> openOf(Collection<String> cloneIds) {
        if (cloneIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT clone_id FROM clone_forecast WHERE state = 'Open' AND clone_id IN (:ids)")
                .param("ids", cloneIds).query(String.class).list();
    }

    /** Replaces the forecast's verdicts with these, computed now. */
    void computed(long id, List<MidServerForecast> midServers, Instant now) {
        jdbc.sql("DELETE FROM clone_forecast_mid_server WHERE forecast_id = :id").param("id", id).update();
        named.batchUpdate("""
                        INSERT INTO clone_forecast_mid_server (forecast_id, mid_server, user_name, verdict, reasons)
                        VALUES (:id, :midServer, :userName, :verdict, :reasons)""",
                midServers.stream().map(server -> new MapSqlParameterSource()
                        .addValue("id", id)
                        .addValue("midServer", server.midServer())
                        .addValue("userName", server.userName())
                        .addValue("verdict", server.verdict().name())
                        .addValue("reasons", cut(String.join("\n", server.reasons()), 4000)))
                        .toArray(MapSqlParameterSource[]::new));
        jdbc.sql("UPDATE clone_forecast SET computed_at = :now, compute_error = NULL WHERE id = :id")
                .param("now", utc(now)).param("id", id).update();
    }

    void computeFailed(long id, String error) {
        jdbc.sql("UPDATE clone_forecast SET compute_error = :error WHERE id = :id")
                .param("error", cut(error, 1000)).param("id", id).update();
    }

    /**
     * The comparison with the clone's check: which MID Servers got an issue, the others none; the forecast is
     * compared now, and ends if it is still open.
     */
    void compared(long id, Set<String> withIssue, Instant now) {
        jdbc.sql("UPDATE clone_forecast_mid_server SET found = 'NoIssue' WHERE forecast_id = :id")
                .param("id", id).update();
        List<String> names = List.copyOf(withIssue);
        // so many names a statement: a statement takes at most 32,767 parameters
        for (int from = 0; from < names.size(); from += NAMES_PER_UPDATE) {
            jdbc.sql("""
                            UPDATE clone_forecast_mid_server SET found = 'IssueLogged'
                            WHERE forecast_id = :id AND mid_server IN (:names)""")
                    .param("id", id).param("names", names.subList(from, Math.min(names.size(), from + NAMES_PER_UPDATE)))
                    .update();
        }
        jdbc.sql("""
                        UPDATE clone_forecast SET compared_at = :now,
                            ended_at = CASE WHEN state = 'Open' THEN :now ELSE ended_at END,
                            state = CASE WHEN state = 'Open' THEN 'Ended' ELSE state END
                        WHERE id = :id""")
                .param("now", utc(now)).param("id", id).update();
    }

    void ended(long id, ForecastState state, Instant now) {
        jdbc.sql("UPDATE clone_forecast SET state = :state, ended_at = :now WHERE id = :id AND state = 'Open'")
                .param("state", state.name()).param("now", utc(now)).param("id", id).update();
    }

    void prepared(long id, String by, String note, Instant now) {
        jdbc.sql("""
                        UPDATE clone_forecast SET prepared_by = :by, preparation_note = :note, prepared_at = :now
                        WHERE id = :id""")
                .param("by", cut(by, 100)).param("note", cut(note, 2000)).param("now", utc(now)).param("id", id)
                .update();
    }

    /** Removes the forecasts created before the cutoff; returns their processes' ids. */
    List<String> removeCreatedBefore(Instant cutoff) {
        List<String> processes = jdbc.sql("SELECT process_instance_id FROM clone_forecast WHERE created_at < :cutoff")
                .param("cutoff", utc(cutoff)).query(String.class).list();
        jdbc.sql("DELETE FROM clone_forecast WHERE created_at < :cutoff").param("cutoff", utc(cutoff)).update();
        return processes;
    }

    private List<Forecast> withMidServers(List<Forecast> forecasts) {
        if (forecasts.isEmpty()) {
            return forecasts;
        }
        Map<Long, List<MidServerForecast>> byForecast = new HashMap<>();
        jdbc.sql("""
                        SELECT forecast_id, mid_server, user_name, verdict, reasons, found
                        FROM clone_forecast_mid_server WHERE forecast_id IN (:ids) ORDER BY mid_server""")
                .param("ids", forecasts.stream().map(Forecast::id).toList())
                .query((rs, n) -> {
                    String found = rs.getString("found");
                    byForecast.computeIfAbsent(rs.getLong("forecast_id"), any -> new ArrayList<>())
                            .add(new MidServerForecast(rs.getString("mid_server"), rs.getString("user_name"),
                                    Verdict.valueOf(rs.getString("verdict")),
                                    Arrays.stream(rs.getString("reasons").split("\n"))
                                            .filter(line -> !line.isBlank()).toList(),
                                    found == null ? null : Found.valueOf(found)));
                    return null;
                })
                .list();
        return forecasts.stream().map(forecast -> forecast.with(byForecast.getOrDefault(forecast.id(), List.of())))
                .toList();
    }

    private static Forecast map(ResultSet rs, int rowNum) throws SQLException {
        return new Forecast(rs.getLong("id"), rs.getString("clone_id"), rs.getString("clone_table"),
                rs.getString("source_instance"), rs.getString("target_instance"), rs.getString("clone_profile"),
                rs.getBoolean("profile_is_name"), instant(rs, "scheduled_at"), instant(rs, "created_at"),
                instant(rs, "computed_at"), rs.getString("compute_error"),
                ForecastState.valueOf(rs.getString("state")), instant(rs, "ended_at"), instant(rs, "compared_at"),
                rs.getString("prepared_by"), instant(rs, "prepared_at"), rs.getString("preparation_note"),
                rs.getString("process_instance_id"), List.of());
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
