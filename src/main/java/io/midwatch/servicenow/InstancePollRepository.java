package io.midwatch.servicenow;

import static io.midwatch.platform.Timestamps.instant;
import static io.midwatch.platform.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The row of each configured instance in {@code servicenow_instance}, shared by all nodes. */
@Repository
class InstancePollRepository {

    /** A row as read. */
    record Row(String name, InstanceState state, Instant lastPollAt, Instant lastSuccessAt, String lastError,
               Instant lastErrorAt, int failures, Instant nextPollAt, int skippedMidServers) {
    }

    private static final String COLUMNS = """
            SELECT name, state, last_poll_at, last_success_at, last_error, last_error_at, failures, next_poll_at,
                   skipped_mid_servers
            FROM servicenow_instance""";

    private final JdbcClient jdbc;

    InstancePollRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the row of an instance unless it exists (another node may add it at the same moment). */
    void ensure(String name, Instant now) {
        try {
            jdbc.sql("""
                            INSERT INTO servicenow_instance (name, state, next_poll_at)
                            SELECT :name, 'NEW', :now
                            WHERE NOT EXISTS (SELECT 1 FROM servicenow_instance WHERE name = :name)""")
                    .param("name", name)
                    .param("now", utc(now))
                    .update();
        } catch (DuplicateKeyException addedByAnotherNode) {
            // there it is
        }
    }

    Optional<Row> find(String name) {
        return jdbc.sql(COLUMNS + " WHERE name = :name").param("name", name).query(InstancePollRepository::map)
                .optional();
    }

    List<Row> findAll() {
        return jdbc.sql(COLUMNS + " ORDER BY name").query(InstancePollRepository::map).list();
    }

    /**
     * Takes the instance for this node until {@code until}, unless another node holds it; with
     * {@code dueOnly} only when its next poll is due. One statement: of two nodes trying at once, one wins.
     */
    boolean lease(String name, String node, Instant now, Instant until, boolean dueOnly) {
        return jdbc.sql("""
                        UPDATE servicenow_instance SET lease_owner = :node, lease_until = :until
                        WHERE name = :name AND (lease_until IS NULL OR lease_until < :now OR lease_owner = :node)"""
                        + (dueOnly ? " AND next_poll_at <= :now" : ""))
                .param("node", node)
                .param("until", utc(until))
                .param("name", name)
                .param("now", utc(now))
                .update() == 1;
    }

    /** @param skippedMidServers the MID Servers listed that MidWatch could not take over */
    void succeeded(String name, String node, Instant now, Instant nextPollAt, int skippedMidServers) {
        jdbc.sql("""
                        UPDATE servicenow_instance SET state = 'OK', last_poll_at = :now, last_success_at = :now,
                               failures = 0, next_poll_at = :next, lease_owner = NULL, lease_until = NULL,
                               skipped_mid_servers = :skipped
                        WHERE name = :name AND lease_owner = :node""")
                .param("skipped", skippedMidServers)
                .param("now", utc(now))
                .param("next", utc(nextPollAt))
                .param("name", name)
                .param("node", node)
                .update();
    }

    void failed(String name, String node, InstanceState state, String error, int failures, Instant now,
                Instant nextPollAt) {
        jdbc.sql("""
                        UPDATE servicenow_instance SET state = :state, last_poll_at = :now, last_error = :error,
                               last_error_at = :now, failures = :failures, next_poll_at = :next,
                               lease_owner = NULL, lease_until = NULL
                        WHERE name = :name AND lease_owner = :node""")
                .param("state", state.name())
                .param("now", utc(now))
                .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .param("failures", failures)
                .param("next", utc(nextPollAt))
                .param("name", name)
                .param("node", node)
                .update();
    }

    private static Row map(ResultSet rs, int rowNum) throws SQLException {
        return new Row(rs.getString("name"), InstanceState.valueOf(rs.getString("state")), instant(rs, "last_poll_at"),
                instant(rs, "last_success_at"), rs.getString("last_error"), instant(rs, "last_error_at"),
                rs.getInt("failures"), instant(rs, "next_poll_at"), rs.getInt("skipped_mid_servers"));
    }
}
