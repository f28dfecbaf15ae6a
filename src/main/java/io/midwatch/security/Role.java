package io.midwatch.security;

import java.util.Collection;

/**
 * The Camunda groups MidWatch knows, each a role with its own rights (see docs/security.md). MidWatch
 * creates the groups at start; administrators put people and systems into them in Camunda's Admin app.
 */
public enum Role {

    ADMINISTRATOR("camunda-admin", "Camunda administrators"),
    OPERATOR("mid_admin", "MID Server administrators"),
    INTEGRATION("mid_integration", "Systems that report clones and MID Server status"),
    MONITORING("mid_monitoring", "Monitoring systems that read MidWatch's metrics"),
    DIAGNOSIS_WORKER("mid_worker", "Credential diagnosis workers");

    private final String groupId;
    private final String groupName;

    Role(String groupId, String groupName) {
        this.groupId = groupId;
        this.groupName = groupName;
    }

    /** The Camunda group id, which is also the Spring Security authority of the role. */
    public String groupId() {
        return groupId;
    }

    public String groupName() {
        return groupName;
    }

    static String[] groupIds(Collection<Role> roles) {
        return roles.stream().map(Role::groupId).toArray(String[]::new);
    }
}
