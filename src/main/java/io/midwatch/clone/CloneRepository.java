package io.midwatch.clone;

import static io.midwatch.platform.Timestamps.instant;
import static io.midwatch.platform.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class CloneRepository {

    private static final String COLUMNS = """
            SELECT id, clone_id, source_instance, target_instance, completed_at, received_at, process_instance_id,
                   first_pass_at, second_pass_at, first_pass_done_at, second_pass_done_at
            FROM instance_clone""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    CloneRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    long insert(String cloneId, CloneEvent event, Instant completedAt, Instant receivedAt, Instant firstPassAt,
                Instant secondPassAt, String processInstanceId) {
        var keys = new GeneratedKeyHolder();
        named.update("""
                INSERT INTO instance_clone (clone_id, source_instance, target_instance, completed_at, received_at,
                                            first_pass_at, second_pass_at, process_instance_id)
                VALUES (:cloneId, :source, :target, :completedAt, :receivedAt, :firstPassAt, :secondPassAt, :pi)""",
                new MapSqlParameterSource()
                        .addValue("cloneId", cloneId)
                        .addValue("source", event.sourceInstance())
                        .addValue("target", event.targetInstance())
                        .addValue("completedAt", utc(completedAt))
                        .addValue("receivedAt", utc(receivedAt))
                        .addValue("firstPassAt", utc(firstPassAt))
                        .addValue("secondPassAt", utc(secondPassAt))
                        .addValue("pi", processInstanceId),
                keys, new String[] {"id"});
        return keys.getKeyAs(Long.class);
    }

    void markPassDone(long id, Pass pass, Instant doneAt) {
        String column = pass == Pass.FIRST ? "first_pass_done_at" : "second_pass_done_at";
        jdbc.sql("UPDATE instance_clone SET " + column + " = :doneAt WHERE id = :id")
                .param("doneAt", utc(doneAt))
                .param("id", id)
                .update();
    }

    Optional<InstanceClone> find(String cloneId) {
        return jdbc.sql(COLUMNS + " WHERE clone_id = :cloneId")
                .param("cloneId", cloneId)
                .query(CloneRepository::map)
                .optional();
    }

    List<String> knownOf(Collection<String> cloneIds) {
        if (cloneIds.isEmpty()) {
            return List.of();
        }
        return named.queryForList("SELECT clone_id FROM instance_clone WHERE clone_id IN (:ids)",
                new MapSqlParameterSource("ids", cloneIds), String.class);
    }

    /** Clones per target instance, for the given targets. */
    Map<String, Long> countPerTarget(Collection<String> targets) {
        Map<String, Long> counts = new HashMap<>();
        if (targets.isEmpty()) {
            return counts;
        }
        named.query("SELECT target_instance, COUNT(*) AS n FROM instance_clone WHERE target_instance IN (:targets) "
                        + "GROUP BY target_instance", new MapSqlParameterSource("targets", targets),
                rs -> {
                    counts.put(rs.getString("target_instance"), rs.getLong("n"));
                });
        return counts;
    }

    /** The latest clone onto the target, if any. */
    Optional<InstanceClone> latestOnto(String target) {
        return jdbc.sql(COLUMNS + " WHERE target_instance = :target ORDER BY completed_at DESC, id DESC LIMIT 1")
                .param("target", target)
                .query(CloneRepository::map)
                .optional();
    }

    /** Up to {@code limit} clones, newest {@code completedAt} first; after {@code after} when it is given. */
    List<InstanceClone> page(int limit, InstanceClone after) {
        if (after == null) {
            return jdbc.sql(COLUMNS + " ORDER BY completed_at DESC, id DESC LIMIT :limit")
                    .param("limit", limit).query(CloneRepository::map).list();
        }
        return jdbc.sql(COLUMNS + """
                         WHERE completed_at < :completedAt OR (completed_at = :completedAt AND id < :id)
                        ORDER BY completed_at DESC, id DESC LIMIT :limit""")
                .param("completedAt", utc(after.completedAt()))
                .param("id", after.id())
                .param("limit", limit)
                .query(CloneRepository::map).list();
    }

    private static InstanceClone map(ResultSet rs, int rowNum) throws SQLException {
        return new InstanceClone(rs.getLong("id"), rs.getString("clone_id"), rs.getString("source_instance"),
                rs.getString("target_instance"), instant(rs, "completed_at"), instant(rs, "received_at"),
                rs.getString("process_instance_id"), instant(rs, "first_pass_at"), instant(rs, "second_pass_at"),
                instant(rs, "first_pass_done_at"), instant(rs, "second_pass_done_at"));
    }
}
