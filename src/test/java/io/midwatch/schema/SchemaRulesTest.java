package io.midwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import io.midwatch.support.PostgresIntegrationTest;

/**
 * The database keeps MidWatch's rules itself (docs/spec.md, Records): whatever writes to it, code of this app
 * or anyone with SQL access, a row that breaks a rule is refused. Plain SQL on purpose: the API's own
 * checks would otherwise hide whether the database enforces anything.
 */
class SchemaRulesTest extends PostgresIntegrationTest {

    private static final String CLONE = "InstanceClone";

    // --- ecc_agent

    @Test
    void aMidServerWithAnUnknownStatusIsRefused() {
        // Given no MID Server yet

        // When one is inserted with a status outside Up, Down, Paused, Upgrading, Upgrade Failed
        // Then the database refuses it
        assertThatThrownBy(() -> insertMidServer("mid-a", "Sleeping"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("ck_ecc_agent_status");
        assertThat(count("ecc_agent")).isZero();
    }

    @Test
    void changingAMidServerToAnUnknownStatusIsRefused() {
        // Given a MID Server that is Up
        long midServer = insertMidServer("mid-a", "Up");

        // When its status is set to a spelling the platform does not use
        // Then the database refuses it and the status stays
        assertThatThrownBy(() -> jdbc.sql("UPDATE ecc_agent SET status = 'up' WHERE id = :id")
                .param("id", midServer).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("ck_ecc_agent_status");
        assertThat(jdbc.sql("SELECT status FROM ecc_agent WHERE id = :id").param("id", midServer)
                .query(String.class).single()).isEqualTo("Up");
    }

    @Test
    void aSecondMidServerWithTheSameNameIsRefused() {
        // Given a MID Server named mid-a
        insertMidServer("mid-a", "Up");

        // When another one is inserted with that name
        // Then the database refuses it
        assertThatThrownBy(() -> insertMidServer("mid-a", "Down"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("uq_ecc_agent_name");
        assertThat(count("ecc_agent")).isEqualTo(1);
    }

    @Test
    void midServersOfTwoInstancesAndOneWithoutMayShareAName() {
        // Given a MID Server mid-a registered without an instance
        insertMidServer("mid-a", "Up");

        // When MID Servers named mid-a of two instances are inserted
        insertInstanceMidServer("acmeprod", "mid-a");
        insertInstanceMidServer("acmetest", "mid-a");

        // Then all three exist
        assertThat(count("ecc_agent")).isEqualTo(3);
    }

    @Test
    void aSecondMidServerWithTheSameNameOfTheSameInstanceIsRefused() {
        // Given a MID Server mid-a of acmetest
        insertInstanceMidServer("acmetest", "mid-a");

        // When another one of that name and instance is inserted
        // Then the database refuses it
        assertThatThrownBy(() -> insertInstanceMidServer("acmetest", "mid-a"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("uq_ecc_agent_instance_name");
        assertThat(count("ecc_agent")).isEqualTo(1);
    }

    @Test
    void aMidServerOfAnInstanceMarkedAsRegisteredThroughTheApiIsRefused() {
        // Given no MID Server yet

        // When one of an instance is inserted with the mark of one without an instance
        // Then the database refuses it: the mark would make its name clash with those registered through the API
        assertThatThrownBy(() -> jdbc.sql("""
                        INSERT INTO ecc_agent (instance, registered, name, status, user_name, created_at, updated_at)
                        VALUES ('acmetest', TRUE, 'mid-a', 'Up', 'mid.user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("ck_ecc_agent_registered");
    }

    @Test
    void aLastLoginFailureOutsideItsListIsRefused() {
        // Given a MID Server
        long midServer = insertMidServer("mid-a", "Down");

        // When its last login failure is set to a reason MidWatch does not know
        // Then the database refuses it
        assertThatThrownBy(() -> jdbc.sql("UPDATE ecc_agent SET last_login_failure = 'TIMEOUT' WHERE id = :id")
                .param("id", midServer).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("ck_ecc_agent_login_failure");
    }

    @Test
    void aLastLoginFailureFromItsListIsAccepted() {
        // Given a MID Server
        long midServer = insertMidServer("mid-a", "Down");

        // When its last login failure is set to a known reason
        jdbc.sql("UPDATE ecc_agent SET last_login_failure = 'WRONG_PASSWORD' WHERE id = :id")
                .param("id", midServer).update();

        // Then it is stored
        assertThat(jdbc.sql("SELECT last_login_failure FROM ecc_agent WHERE id = :id").param("id", midServer)
                .query(String.class).single()).isEqualTo("WRONG_PASSWORD");
    }

    // --- sys_user

    @Test
    void aSecondUserWithTheSameUserNameIsRefused() {
        // Given a user mid.user
        insertUser("mid.user");

        // When another one is inserted with that user name
        // Then the database refuses it
        assertThatThrownBy(() -> insertUser("mid.user"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("uq_sys_user_name");
        assertThat(count("sys_user")).isEqualTo(1);
    }

    // --- ecc_agent_issue

    @Test
    void anIssueWithAnUnknownStateIsRefused() {
        // Given a MID Server
        long midServer = insertMidServer("mid-a", "Down");

        // When an issue is inserted in a state outside New, Acknowledged, Resolved
        // Then the database refuses it
        assertThatThrownBy(() -> insertIssue(midServer, CLONE, "Closed", false))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("ck_issue_state");
        assertThat(count("ecc_agent_issue")).isZero();
    }

    @Test
    void anIssueOfAMidServerThatDoesNotExistIsRefused() {
        // Given no MID Server with the id the issue names
        long missing = 987_654_321L;

        // When an issue is inserted for it
        // Then the database refuses it
        assertThatThrownBy(() -> insertIssue(missing, CLONE, "New", false))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("foreign key");
        assertThat(count("ecc_agent_issue")).isZero();
    }

    @Test
    void aMidServerWithIssuesCannotBeDeleted() {
        // Given a MID Server with an issue
        long midServer = insertMidServer("mid-a", "Down");
        insertIssue(midServer, CLONE, "New", false);

        // When the MID Server is deleted, which would leave the issue pointing nowhere
        // Then the database refuses it
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM ecc_agent WHERE id = :id").param("id", midServer).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("foreign key");
        assertThat(count("ecc_agent")).isEqualTo(1);
    }

    @Test
    void aSecondNewIssueOfTheSameMidServerAndSourceIsRefused() {
        // Given a MID Server with a New clone issue
        long midServer = insertMidServer("mid-a", "Down");
        insertIssue(midServer, CLONE, "New", false);

        // When a second New issue of the same source is inserted
        // Then the database refuses it
        assertThatThrownBy(() -> insertIssue(midServer, CLONE, "New", false))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("uq_issue_one_unresolved");
        assertThat(count("ecc_agent_issue")).isEqualTo(1);
    }

    @Test
    void anAcknowledgedIssueBesideANewOneOfTheSameSourceIsRefused() {
        // Given a MID Server with a New clone issue
        long midServer = insertMidServer("mid-a", "Down");
        insertIssue(midServer, CLONE, "New", false);

        // When an Acknowledged issue of the same source is inserted
        // Then the database refuses it: Acknowledged is unresolved too
        assertThatThrownBy(() -> insertIssue(midServer, CLONE, "Acknowledged", false))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("uq_issue_one_unresolved");
        assertThat(count("ecc_agent_issue")).isEqualTo(1);
    }

    @Test
    void reopeningAResolvedIssueBesideAnOpenOneIsRefused() {
        // Given a MID Server with a Resolved and a New clone issue
        long midServer = insertMidServer("mid-a", "Down");
        UUID resolved = insertIssue(midServer, CLONE, "Resolved", true);
        insertIssue(midServer, CLONE, "New", false);

        // When the Resolved one is set back to Acknowledged
        // Then the database refuses it and the issue stays Resolved
        assertThatThrownBy(() -> jdbc.sql("""
                        UPDATE ecc_agent_issue SET state = 'Acknowledged', resolved_at = NULL, unresolved = TRUE
                        WHERE id = :id""")
                .param("id", resolved).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("uq_issue_one_unresolved");
        assertThat(jdbc.sql("SELECT state FROM ecc_agent_issue WHERE id = :id").param("id", resolved)
                .query(String.class).single()).isEqualTo("Resolved");
    }

    @Test
    void aNewIssueBesideAResolvedOneOfTheSameSourceIsAllowed() {
        // Given a MID Server with a Resolved clone issue
        long midServer = insertMidServer("mid-a", "Down");
        insertIssue(midServer, CLONE, "Resolved", true);

        // When a New issue of the same source is inserted
        insertIssue(midServer, CLONE, "New", false);

        // Then both exist
        assertThat(count("ecc_agent_issue")).isEqualTo(2);
    }

    @Test
    void twoResolvedIssuesOfTheSameMidServerAndSourceAreAllowed() {
        // Given a MID Server with a Resolved clone issue
        long midServer = insertMidServer("mid-a", "Down");
        insertIssue(midServer, CLONE, "Resolved", true);

        // When a second Resolved issue of the same source is inserted
        insertIssue(midServer, CLONE, "Resolved", true);

        // Then both exist: history is kept, only open issues are limited to one
        assertThat(count("ecc_agent_issue")).isEqualTo(2);
    }

    @Test
    void openIssuesOfTheSameMidServerFromDifferentSourcesAreAllowed() {
        // Given a MID Server with a New clone issue
        long midServer = insertMidServer("mid-a", "Down");
        insertIssue(midServer, CLONE, "New", false);

        // When a New issue of another source is inserted
        insertIssue(midServer, "Upgrade", "New", false);

        // Then both exist: the limit is per MID Server and source
        assertThat(count("ecc_agent_issue")).isEqualTo(2);
    }

    @Test
    void aResolvedIssueWithoutResolvedAtIsRefused() {
        // Given a MID Server
        long midServer = insertMidServer("mid-a", "Down");

        // When a Resolved issue is inserted without the time it was resolved
        // Then the database refuses it
        assertThatThrownBy(() -> jdbc.sql("""
                        INSERT INTO ecc_agent_issue (id, mid_server, source, state, message, count, created_at,
                                                     last_detected, resolved_at, unresolved)
                        VALUES (:id, :midServer, :source, 'Resolved', 'down', 1, CURRENT_TIMESTAMP,
                                CURRENT_TIMESTAMP, NULL, NULL)""")
                .param("id", UUID.randomUUID())
                .param("midServer", midServer)
                .param("source", CLONE)
                .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("ck_issue_resolved_at");
        assertThat(count("ecc_agent_issue")).isZero();
    }

    @Test
    void anIssueDetectedZeroTimesIsRefused() {
        // Given a MID Server
        long midServer = insertMidServer("mid-a", "Down");

        // When an issue is inserted with count 0
        // Then the database refuses it: an issue exists because it was detected at least once
        assertThatThrownBy(() -> jdbc.sql("""
                        INSERT INTO ecc_agent_issue (id, mid_server, source, state, message, count, created_at,
                                                     last_detected)
                        VALUES (:id, :midServer, :source, 'New', 'down', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param("id", UUID.randomUUID())
                .param("midServer", midServer)
                .param("source", CLONE)
                .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("ck_issue_count");
        assertThat(count("ecc_agent_issue")).isZero();
    }

    // --- instance_clone

    @Test
    void aSecondCloneWithTheSameCloneIdIsRefused() {
        // Given a clone with the caller's id clone-1
        insertClone("clone-1");

        // When another clone with that id is inserted
        // Then the database refuses it
        assertThatThrownBy(() -> insertClone("clone-1"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("uq_instance_clone_clone_id");
        assertThat(count("instance_clone")).isEqualTo(1);
    }

    // --- helpers: plain SQL, with every NOT NULL column filled so that only the rule under test can fail

    private long insertMidServer(String name, String status) {
        jdbc.sql("""
                        INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                        VALUES (:name, :status, 'mid.user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param("name", name)
                .param("status", status)
                .update();
        return jdbc.sql("SELECT id FROM ecc_agent WHERE name = :name").param("name", name).query(Long.class).single();
    }

    private void insertInstanceMidServer(String instance, String name) {
        jdbc.sql("""
                        INSERT INTO ecc_agent (instance, registered, name, status, user_name, created_at, updated_at)
                        VALUES (:instance, NULL, :name, 'Up', 'mid.user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param("instance", instance)
                .param("name", name)
                .update();
    }

    private void insertUser(String userName) {
        jdbc.sql("""
                        INSERT INTO sys_user (user_name, created_at, updated_at)
                        VALUES (:userName, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param("userName", userName)
                .update();
    }

    /** An issue consistent in itself: a Resolved one has resolved_at and no unresolved mark. */
    private UUID insertIssue(long midServer, String source, String state, boolean resolved) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO ecc_agent_issue (id, mid_server, source, state, message, count, created_at,
                                                     last_detected, resolved_at, unresolved)
                        VALUES (:id, :midServer, :source, :state, 'MID Server not operational', 1, CURRENT_TIMESTAMP,
                                CURRENT_TIMESTAMP,
                                CASE WHEN :resolved THEN CURRENT_TIMESTAMP END,
                                CASE WHEN :resolved THEN NULL ELSE TRUE END)""")
                .param("id", id)
                .param("midServer", midServer)
                .param("source", source)
                .param("state", state)
                .param("resolved", resolved)
                .update();
        return id;
    }

    private void insertClone(String cloneId) {
        jdbc.sql("""
                        INSERT INTO instance_clone (clone_id, source_instance, target_instance, completed_at,
                                                    received_at, first_pass_at, second_pass_at)
                        VALUES (:cloneId, 'prod', 'test', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,
                                CURRENT_TIMESTAMP + INTERVAL '15 minutes', CURRENT_TIMESTAMP + INTERVAL '75 minutes')""")
                .param("cloneId", cloneId)
                .update();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }
}
