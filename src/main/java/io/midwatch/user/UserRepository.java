package io.midwatch.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static io.midwatch.platform.Timestamps.instant;
import static io.midwatch.platform.Timestamps.utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    UserRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    Optional<SysUser> find(String userName) {
        return find(userName, "");
    }

    /** Reads the user and locks its row until the transaction ends, so that concurrent changes queue up. */
    Optional<SysUser> findForUpdate(String userName) {
        return find(userName, " FOR UPDATE");
    }

    private Optional<SysUser> find(String userName, String lock) {
        return jdbc.sql("""
                        SELECT id, user_name, password_hash, active, locked_out, created_at, updated_at
                        FROM sys_user WHERE user_name = :userName""" + lock)
                .param("userName", userName)
                .query((rs, n) -> map(rs))
                .optional()
                .map(user -> withRoles(user, roles(user.id())));
    }

    long insert(String userName, String passwordHash, boolean active, boolean lockedOut, Instant now) {
        var keys = new GeneratedKeyHolder();
        named.update("""
                INSERT INTO sys_user (user_name, password_hash, active, locked_out, created_at, updated_at)
                VALUES (:userName, :passwordHash, :active, :lockedOut, :now, :now)""",
                new MapSqlParameterSource()
                        .addValue("userName", userName)
                        .addValue("passwordHash", passwordHash)
                        .addValue("active", active)
                        .addValue("lockedOut", lockedOut)
                        .addValue("now", utc(now)),
                keys, new String[] {"id"});
        return keys.getKeyAs(Long.class);
    }

    void update(long id, String passwordHash, boolean active, boolean lockedOut, Instant now) {
        jdbc.sql("""
                        UPDATE sys_user SET password_hash = :passwordHash, active = :active, locked_out = :lockedOut,
                               updated_at = :now, version = version + 1
                        WHERE id = :id""")
                .param("passwordHash", passwordHash)
                .param("active", active)
                .param("lockedOut", lockedOut)
                .param("now", utc(now))
                .param("id", id)
                .update();
    }

    /** Replaces the user's roles; a role change is a change of the user, so its version goes up too. */
    void replaceRoles(long userId, Collection<String> roles) {
        jdbc.sql("UPDATE sys_user SET version = version + 1 WHERE id = :userId").param("userId", userId).update();
        jdbc.sql("DELETE FROM sys_user_role WHERE user_id = :userId").param("userId", userId).update();
        named.batchUpdate("INSERT INTO sys_user_role (user_id, role) VALUES (:userId, :role)",
                roles.stream()
                        .map(role -> new MapSqlParameterSource().addValue("userId", userId).addValue("role", role))
                        .toArray(MapSqlParameterSource[]::new));
    }

    /**
     * What a MID Server's login is checked against, in one statement and outside any transaction: read on
     * every heartbeat, so that a change made on any node counts at the next one.
     */
    Optional<LoginFacts> loginFacts(String userName, String role) {
        return jdbc.sql("""
                        SELECT u.password_hash, u.active, u.locked_out, u.version,
                               EXISTS (SELECT 1 FROM sys_user_role r WHERE r.user_id = u.id AND r.role = :role) AS has_role
                        FROM sys_user u WHERE u.user_name = :userName""")
                .param("userName", userName)
                .param("role", role)
                .query((rs, n) -> new LoginFacts(rs.getString("password_hash"), rs.getBoolean("active"),
                        rs.getBoolean("locked_out"), rs.getBoolean("has_role"), rs.getLong("version")))
                .optional();
    }

    private Set<String> roles(long userId) {
        return new HashSet<>(jdbc.sql("SELECT role FROM sys_user_role WHERE user_id = :userId")
                .param("userId", userId)
                .query(String.class)
                .list());
    }

    private static SysUser withRoles(SysUser user, Set<String> roles) {
        return new SysUser(user.id(), user.userName(), user.passwordHash(), user.active(), user.lockedOut(),
                Set.copyOf(roles), user.createdAt(), user.updatedAt());
    }

    private static SysUser map(ResultSet rs) throws SQLException {
        return new SysUser(rs.getLong("id"), rs.getString("user_name"), rs.getString("password_hash"),
                rs.getBoolean("active"), rs.getBoolean("locked_out"), Set.of(),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
