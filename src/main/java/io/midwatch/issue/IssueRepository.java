package io.midwatch.issue;

import static io.midwatch.platform.Timestamps.instant;
import static io.midwatch.platform.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class IssueRepository {

    private static final String COLUMNS = """
            SELECT i.id, a.name AS mid_server, a.instance, i.source, i.state, i.message, i.count, i.created_at,
                   i.last_detected, i.resolved_at, c.clone_id, i.diagnosis, i.process_instance_id
            FROM ecc_agent_issue i
            JOIN ecc_agent a ON a.id = i.mid_server
            LEFT JOIN instance_clone c ON c.id = i.clone""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    IssueRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /** New issues, each with the id of its process instance. */
    void insertAll(List<NewIssue> issues, Map<UUID, String> processInstanceByIssue, Instant now) {
        named.batchUpdate("""
                INSERT INTO ecc_agent_issue (id, mid_server, source, state, message, count, created_at, last_detected,
                                             clone, unresolved, process_instance_id)
                VALUES (:id, :midServerId, :source, 'New', :message, 1, :now, :now, :cloneRef, TRUE, :pi)""",
                issues.stream().map(issue -> new MapSqlParameterSource()
                        .addValue("id", issue.id())
                        .addValue("midServerId", issue.midServerId())
                        .addValue("source", issue.source())
                        .addValue("message", issue.message())
                        .addValue("now", utc(now))
                        .addValue("cloneRef", issue.cloneRef())
                        .addValue("pi", processInstanceByIssue.get(issue.id()))).toArray(MapSqlParameterSource[]::new));
    }

    /** The oldest issues created before the cutoff, at most {@code limit}, whatever their state, with their process instance ids. */
    Map<UUID, String> createdBefore(Instant cutoff, int limit) {
        Map<UUID, String> found = new LinkedHashMap<>();
        jdbc.sql("SELECT id, process_instance_id FROM ecc_agent_issue WHERE created_at < :cutoff ORDER BY created_at, id"
                        + " LIMIT :limit")
                .param("cutoff", utc(cutoff))
                .param("limit", limit)
                .query(rs -> {
                    found.put(rs.getObject("id", UUID.class), rs.getString("process_instance_id"));
                });
        return found;
    }

    int deleteAll(Collection<UUID> ids) {
        return named.update("DELETE FROM ecc_agent_issue WHERE id IN (:ids)", new MapSqlParameterSource("ids", ids));
    }

    void countRedetections(List<Redetection> redetections, Instant now) {
        named.batchUpdate("""
                UPDATE ecc_agent_issue SET count = count + 1, last_detected = :now, message = :message
                WHERE id = :id AND state <> 'Resolved'""",
                redetections.stream().map(redetection -> new MapSqlParameterSource()
                        .addValue("id", redetection.issueId())
                        .addValue("message", redetection.message())
                        .addValue("now", utc(now))).toArray(MapSqlParameterSource[]::new));
    }

    Optional<Issue> find(UUID id) {
        return jdbc.sql(COLUMNS + " WHERE i.id = :id").param("id", id).query(IssueRepository::map).optional();
    }

    /** Locks the issue's row until the transaction ends, so that changes of one issue queue up. */
    boolean lock(UUID id) {
        return jdbc.sql("SELECT id FROM ecc_agent_issue WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(UUID.class)
                .optional()
                .isPresent();
    }

    List<UUID> unresolvedIds(long midServerId, String source) {
        return jdbc.sql("""
                        SELECT id FROM ecc_agent_issue
                        WHERE mid_server = :midServerId AND source = :source AND state <> 'Resolved'""")
                .param("midServerId", midServerId)
                .param("source", source)
                .query(UUID.class)
                .list();
    }

    List<Issue> search(IssueFilter filter) {
        var where = new ArrayList<String>();
        var params = new MapSqlParameterSource();
        if (filter.state() != null) {
            where.add("i.state = :state");
            params.addValue("state", filter.state().label());
        }
        if (filter.source() != null) {
            where.add("i.source = :source");
            params.addValue("source", filter.source());
        }
        if (filter.midServer() != null) {
            where.add("a.name = :midServer");
            params.addValue("midServer", filter.midServer());
        }
        if (filter.instance() != null) {
            where.add("a.instance = :instance");
            params.addValue("instance", filter.instance());
        }
        if (filter.cloneId() != null) {
            where.add("c.clone_id = :cloneId");
            params.addValue("cloneId", filter.cloneId());
        }
        String sql = COLUMNS + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY i.created_at DESC, a.name";
        return named.query(sql, params, IssueRepository::map);
    }

    /** The issues raised by these clones, in one query. */
    List<Issue> ofClones(Collection<String> cloneIds) {
        if (cloneIds.isEmpty()) {
            return List.of();
        }
        return named.query(COLUMNS + " WHERE c.clone_id IN (:cloneIds) ORDER BY i.created_at DESC, a.name",
                new MapSqlParameterSource("cloneIds", cloneIds), IssueRepository::map);
    }

    /** The issues of one MID Server (R9). */
    List<Issue> ofMidServer(long midServerId) {
        return jdbc.sql(COLUMNS + " WHERE i.mid_server = :midServerId ORDER BY i.created_at DESC")
                .param("midServerId", midServerId)
                .query(IssueRepository::map)
                .list();
    }

    /** Moves a New issue to Acknowledged; any other state stays. */
    boolean acknowledge(UUID id) {
        return jdbc.sql("UPDATE ecc_agent_issue SET state = 'Acknowledged' WHERE id = :id AND state = 'New'")
                .param("id", id)
                .update() == 1;
    }

    /** Resolves an issue that is not Resolved yet. */
    boolean resolve(UUID id, Instant now) {
        return jdbc.sql("""
                        UPDATE ecc_agent_issue SET state = 'Resolved', resolved_at = :now, unresolved = NULL
                        WHERE id = :id AND state <> 'Resolved'""")
                .param("id", id)
                .param("now", utc(now))
                .update() == 1;
    }

    void setDiagnosis(UUID id, String diagnosis) {
        jdbc.sql("UPDATE ecc_agent_issue SET diagnosis = :diagnosis WHERE id = :id")
                .param("id", id)
                .param("diagnosis", diagnosis)
                .update();
    }

    /** User names of the instance's MID Servers whose unresolved issues await their diagnosis, with how many. */
    Map<String, Integer> usersAwaitingDiagnosis(String instance) {
        Map<String, Integer> users = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT a.user_name, COUNT(*) AS issues
                        FROM ecc_agent_issue i
                        JOIN ecc_agent a ON a.id = i.mid_server
                        WHERE a.instance = :instance AND i.unresolved = TRUE AND i.diagnosis IS NULL
                        GROUP BY a.user_name ORDER BY a.user_name""")
                .param("instance", instance)
                .query(rs -> {
                    users.put(rs.getString("user_name"), rs.getInt("issues"));
                });
        return users;
    }

    static Issue map(ResultSet rs, int rowNum) throws SQLException {
        return new Issue(rs.getObject("id", UUID.class), rs.getString("mid_server"), rs.getString("instance"),
                rs.getString("source"),
                IssueState.fromLabel(rs.getString("state")), rs.getString("message"), rs.getInt("count"),
                instant(rs, "created_at"), instant(rs, "last_detected"), instant(rs, "resolved_at"),
                rs.getString("clone_id"), rs.getString("diagnosis"), rs.getString("process_instance_id"));
    }
}
