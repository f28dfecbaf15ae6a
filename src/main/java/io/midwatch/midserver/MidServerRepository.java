package io.midwatch.midserver;

import static io.midwatch.platform.Timestamps.instant;
import static io.midwatch.platform.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.midwatch.user.LoginFailure;

@Repository
public class MidServerRepository {

    private static final String COLUMNS = """
            SELECT id, name, status, user_name, host_name, version, last_refreshed, last_login_failure,
                   last_login_failure_at, created_at, updated_at
            FROM ecc_agent""";

    private final JdbcClient jdbc;

    MidServerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    public Optional<MidServer> find(String name) {
        return jdbc.sql(COLUMNS + " WHERE name = :name").param("name", name).query(MidServerRepository::map).optional();
    }

    /** Reads the MID Server and locks its row until the transaction ends: status changes of one MID Server queue up. */
    public Optional<MidServer> findForUpdate(String name) {
        return jdbc.sql(COLUMNS + " WHERE name = :name FOR UPDATE")
                .param("name", name)
                .query(MidServerRepository::map)
                .optional();
    }

    List<MidServer> findAll() {
        return jdbc.sql(COLUMNS + " ORDER BY name").query(MidServerRepository::map).list();
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

    int setDownWhenSilentSince(Instant silentSince, Instant now) {
        return jdbc.sql("""
                        UPDATE ecc_agent SET status = 'Down', updated_at = :now
                        WHERE status = 'Up' AND COALESCE(last_refreshed, created_at) < :silentSince""")
                .param("silentSince", utc(silentSince))
                .param("now", utc(now))
                .update();
    }

    static MidServer map(ResultSet rs, int rowNum) throws SQLException {
        String failure = rs.getString("last_login_failure");
        return new MidServer(rs.getLong("id"), rs.getString("name"), MidServerStatus.fromLabel(rs.getString("status")),
                rs.getString("user_name"), rs.getString("host_name"), rs.getString("version"),
                instant(rs, "last_refreshed"), failure == null ? null : LoginFailure.valueOf(failure),
                instant(rs, "last_login_failure_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
