package io.midwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which administrator password MidWatch starts with: there is no built-in one outside the embedded set-up. */
class AdminPasswordTest {

    private static final String H2 = "jdbc:h2:file:./data/midwatch";
    private static final String POSTGRES = "jdbc:postgresql://localhost:5432/midwatch";

    @Test
    void aConfiguredPasswordIsUsedOnPostgres() {
        // Given a configured password
        var properties = new AdminProperties("admin", "configured-password");

        // When MidWatch chooses the password for PostgreSQL
        String chosen = AdminAccount.choosePassword(properties, POSTGRES);

        // Then it is the configured one
        assertThat(chosen).isEqualTo("configured-password");
    }

    @Test
    void aConfiguredPasswordIsUsedOnTheEmbeddedDatabaseToo() {
        // Given a configured password
        var properties = new AdminProperties("admin", "configured-password");

        // When MidWatch chooses the password for H2
        String chosen = AdminAccount.choosePassword(properties, H2);

        // Then it is the configured one, not the built-in one
        assertThat(chosen).isEqualTo("configured-password");
    }

    @Test
    void noPasswordOnTheEmbeddedDatabaseGivesTheBuiltInOne() {
        // Given an empty password
        var properties = new AdminProperties("admin", "");

        // When MidWatch chooses the password for H2
        String chosen = AdminAccount.choosePassword(properties, H2);

        // Then it is the built-in password of the embedded set-up
        assertThat(chosen).isEqualTo(AdminProperties.EMBEDDED_PASSWORD);
    }

    @Test
    void noPasswordOnPostgresRefusesToStartAndSaysWhatToSet() {
        // Given an empty password
        var properties = new AdminProperties("admin", "");

        // When MidWatch chooses the password for PostgreSQL
        // Then it refuses, and the message names the variable to set
        assertThatThrownBy(() -> AdminAccount.choosePassword(properties, POSTGRES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MIDWATCH_ADMIN_PASSWORD");
    }

    @Test
    void aBlankPasswordCountsAsNone() {
        // Given a password of blanks, as an unset variable in a compose file may leave it
        var properties = new AdminProperties("admin", "   ");

        // When MidWatch chooses the password for PostgreSQL
        // Then it refuses as if none were set
        assertThatThrownBy(() -> AdminAccount.choosePassword(properties, POSTGRES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MIDWATCH_ADMIN_PASSWORD");
    }

    @Test
    void noPasswordAndNoDatabaseUrlRefusesToStart() {
        // Given an empty password and no datasource URL
        var properties = new AdminProperties("admin", null);

        // When MidWatch chooses the password
        // Then it refuses: only a known embedded database gets the built-in password
        assertThatThrownBy(() -> AdminAccount.choosePassword(properties, ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MIDWATCH_ADMIN_PASSWORD");
    }
}
