package io.midwatch.midserver;

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
import org.springframework.stereotype.Repository;

import io.midwatch.user.LoginFailure;

@Repository
public class MidServerRepository {

    private static final String COLUMNS = """
            SELECT id, instance, name, status, user_name, host_name, version, last_refreshed, last_login_failure,
                   last_login_failure_at, created_at, updated_at, removed_at
            FROM ecc_agent""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    MidServerRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    void insert(NewMidServer server, MidServerStatus status, Instant now) {
        jdbc.sql("""
                        INSERT INTO ecc_agent (name, status, user_name, host_name, version, created_at, updated_at)
                        VALUES (:name, :status, :userName, :hostName, :version, :now, :now)""")
                .param("name", server.name())
                .param("status", status.label())
                .param("userName", server.userName())
                .param("hostName", server.hostName())
                .param("version", server.version())
                .param("now", utc(now))
                .update();
    }

    /** The MID Server of that name registered through the API (without an instance). */
    public Optional<MidServer> find(String name) {
        return find(null, name);
    }

    /** @param instance the instance it was read from, or null for one registered through the API */
    public Optional<MidServer> find(String instance, String name) {
        return jdbc.sql(COLUMNS + " WHERE name = :name AND " + ofInstance(instance))
                .param("name", name)
                .params(instanceParam(instance))
                .query(MidServerRepository::map)
                .optional();
    }

    /** Reads the MID Server and locks its row until the transaction ends: status changes of one MID Server queue up. */
    public Optional<MidServer> findForUpdate(String instance, String name) {
        return jdbc.sql(COLUMNS + " WHERE name = :name AND " + ofInstance(instance) + " FOR UPDATE")
                .param("name", name)
                .params(instanceParam(instance))
                .query(MidServerRepository::map)
                .optional();
    }

    List<MidServer> findAll() {
        return jdbc.sql(COLUMNS + " ORDER BY name, instance NULLS FIRST").query(MidServerRepository::map).list();
    }

    /** The MID Servers read from one instance. */
    List<MidServer> findAllOf(String instance) {
        return jdbc.sql(COLUMNS + " WHERE instance = :instance ORDER BY name")
                .param("instance", instance)
                .query(MidServerRepository::map)
                .list();
    }

    /** Locks the given MID Servers of an instance, in id order so that concurrent lockers queue up alike. */
    List<MidServer> lockAllOf(String instance, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return named.query(COLUMNS + " WHERE instance = :instance AND name IN (:names) ORDER BY id FOR UPDATE",
                new MapSqlParameterSource().addValue("instance", instance).addValue("names", names),
                MidServerRepository::map);
    }

    /** MID Servers registered through the API: those that send heartbeats. */
    long countRegistered() {
        return jdbc.sql("SELECT COUNT(*) FROM ecc_agent WHERE instance IS NULL").query(Long.class).single();
    }

    /** MID Servers read from an instance and still listed there, counted per instance. */
    public Map<String, Long> countPerInstance() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT instance, COUNT(*) AS n FROM ecc_agent
                        WHERE instance IS NOT NULL AND removed_at IS NULL GROUP BY instance""")
                .query(rs -> {
                    counts.put(rs.getString("instance"), rs.getLong("n"));
                });
        return counts;
    }

    /**
     * New MID Servers of an instance, in one batch, with the status the instance reports: created at the
     * instance's {@code sys_created_on}, so that R2 sees them as old as they are.
     */
    void insertAllOf(String instance, List<InstanceMidServer> servers, Instant now) {
        named.batchUpdate("""
                INSERT INTO ecc_agent (instance, registered, sys_id, name, status, user_name, host_name, version,
                                       last_refreshed, created_at, updated_at)
                VALUES (:instance, NULL, :sysId, :name, :status, :userName, :hostName, :version, :lastRefreshed,
                        :createdAt, :now)""",
                servers.stream().map(server -> fields(instance, server)
                        .addValue("status", server.status().label())
                        .addValue("createdAt", utc(server.createdOn() != null ? server.createdOn() : now))
                        .addValue("now", utc(now))).toArray(MapSqlParameterSource[]::new));
    }

    /**
     * What an instance says of MID Servers MidWatch knows, but their status (see MidServerService); listed,
     * they are no longer removed.
     */
    void updateAllOf(String instance, List<InstanceMidServer> servers, Instant now) {
        named.batchUpdate("""
                UPDATE ecc_agent SET sys_id = :sysId, user_name = :userName, host_name = :hostName, version = :version,
                                     last_refreshed = :lastRefreshed, updated_at = :now, removed_at = NULL
                WHERE instance = :instance AND name = :name""",
                servers.stream().map(server -> fields(instance, server).addValue("now", utc(now)))
                        .toArray(MapSqlParameterSource[]::new));
    }

    /** MID Servers their instance no longer lists. */
    void markRemoved(String instance, List<String> names, Instant now) {
        if (names.isEmpty()) {
            return;
        }
        named.update("""
                        UPDATE ecc_agent SET removed_at = :now, updated_at = :now
                        WHERE instance = :instance AND name IN (:names) AND removed_at IS NULL""",
                new MapSqlParameterSource().addValue("instance", instance).addValue("names", names)
                        .addValue("now", utc(now)));
    }

    private static MapSqlParameterSource fields(String instance, InstanceMidServer server) {
        return new MapSqlParameterSource()
                .addValue("instance", instance)
                .addValue("sysId", server.sysId())
                .addValue("name", server.name())
                .addValue("userName", server.userName())
                .addValue("hostName", server.hostName())
                .addValue("version", server.version())
                .addValue("lastRefreshed", server.lastRefreshed() == null ? null : utc(server.lastRefreshed()));
    }

    private static String ofInstance(String instance) {
        return instance == null ? "instance IS NULL" : "instance = :instance";
    }

    private static Map<String, Object> instanceParam(String instance) {
        return instance == null ? Map.of() : Map.of("instance", instance);
    }

    void updateStatus(long id, MidServerStatus status, Instant now) {
        jdbc.sql("UPDATE ecc_agent SET status = :status, updated_at = :now WHERE id = :id")
                .param("status", status.label())
                .param("now", utc(now))
                .param("id", id)
                .update();
    }

    /** A good login: the MID Server is alive now and its last failure is forgotten. */
    void recordLogin(long id, Instant now) {
        jdbc.sql("""
                        UPDATE ecc_agent SET last_refreshed = :now, last_login_failure = NULL,
                               last_login_failure_at = NULL, updated_at = :now
                        WHERE id = :id""")
                .param("now", utc(now))
                .param("id", id)
                .update();
    }

    void recordLoginFailure(long id, LoginFailure failure, Instant now) {
        jdbc.sql("""
                        UPDATE ecc_agent SET last_login_failure = :failure, last_login_failure_at = :now, updated_at = :now
                        WHERE id = :id""")
                .param("failure", failure.name())
                .param("now", utc(now))
                .param("id", id)
                .update();
    }

    /** Only MID Servers without an instance: those of an instance get their status from it. */
    int setDownWhenSilentSince(Instant silentSince, Instant now) {
        return jdbc.sql("""
                        UPDATE ecc_agent SET status = 'Down', updated_at = :now
                        WHERE status = 'Up' AND COALESCE(last_refreshed, created_at) < :silentSince
                          AND instance IS NULL""")
                .param("silentSince", utc(silentSince))
                .param("now", utc(now))
                .update();
    }

    static MidServer map(ResultSet rs, int rowNum) throws SQLException {
        String failure = rs.getString("last_login_failure");
        return new MidServer(rs.getLong("id"), rs.getString("instance"), rs.getString("name"),
                new MidServerStatus(rs.getString("status")),
                rs.getString("user_name"), rs.getString("host_name"), rs.getString("version"),
                instant(rs, "last_refreshed"), failure == null ? null : LoginFailure.valueOf(failure),
                instant(rs, "last_login_failure_at"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "removed_at"));
    }
}
