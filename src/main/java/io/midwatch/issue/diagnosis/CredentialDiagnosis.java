package io.midwatch.issue.diagnosis;

import java.util.List;

import io.midwatch.user.UserService;

/**
 * Compares a MID Server's user with what the MID Server needs to log in and names the first fault in one
 * line (R11): unknown user, inactive, locked out, missing role {@code mid_server}, a last login that
 * failed with a wrong password, or no fault found.
 */
public final class CredentialDiagnosis {

    /** The fault a diagnosis names, in the order they are checked; {@code NO_FAULT} when none was found. */
    public enum Finding {
        UNKNOWN_USER("' does not exist"),
        INACTIVE("' is inactive"),
        LOCKED_OUT("' is locked out"),
        MISSING_ROLE("' lacks the role mid_server"),
        WRONG_PASSWORD(" failed with a wrong password"),
        NO_FAULT(null);

        /** What the diagnosis line says right after the user's name (or the MID Server's) for this fault. */
        private final String words;

        Finding(String words) {
            this.words = words;
        }

        /**
         * The fault a diagnosis line names. The line is all the worker hands back (it may run in a process of
         * its own); lines without a fault begin "No fault found" or "Checked", and name no fault's words.
         */
        public static Finding of(String diagnosis) {
            if (diagnosis == null || diagnosis.startsWith("No fault found") || diagnosis.startsWith("Checked")) {
                return NO_FAULT;
            }
            for (Finding finding : values()) {
                if (finding.words != null && diagnosis.contains(finding.words)) {
                    return finding;
                }
            }
            return NO_FAULT;
        }
    }

    /** The MID Server user as {@code GET /api/users/{userName}} shows it. */
    public record UserFacts(boolean active, boolean lockedOut, List<String> roles) {
    }

    private CredentialDiagnosis() {
    }

    /**
     * @param user             null when no such user exists
     * @param lastLoginFailure the MID Server's last login failure reason (e.g. {@code WRONG_PASSWORD}), or null
     */
    public static String diagnose(String midServerName, String userName, UserFacts user, String lastLoginFailure) {
        if (user == null) {
            return "User '" + userName + "' does not exist: create it with the role mid_server and the password "
                    + "from MID Server " + midServerName + "'s config.xml.";
        }
        if (!user.active()) {
            return "User '" + userName + "' is inactive: activate it.";
        }
        if (user.lockedOut()) {
            return "User '" + userName + "' is locked out: unlock it.";
        }
        if (!user.roles().contains(UserService.MID_SERVER_ROLE)) {
            return "User '" + userName + "' lacks the role mid_server: grant it.";
        }
        if ("WRONG_PASSWORD".equals(lastLoginFailure)) {
            return "The last login of MID Server " + midServerName + " failed with a wrong password: set the "
                    + "password of user '" + userName + "' to the one in the MID Server's config.xml.";
        }
        return "No fault found: user '" + userName + "' exists, is active, is not locked out and has the role "
                + "mid_server, and no failed login with a wrong password is recorded.";
    }

    /**
     * The same for a MID Server read from a ServiceNow instance, whose user was read from that instance:
     * the user, its flags and roles can be checked there; its password cannot, from outside.
     *
     * @param user null when the instance has no such user
     */
    public static String diagnoseOnInstance(String instance, String midServerName, String userName, UserFacts user) {
        String on = " on instance " + instance;
        if (user == null) {
            return "User '" + userName + "' does not exist" + on + ": create it there with the role mid_server and "
                    + "the password from MID Server " + midServerName + "'s config.xml.";
        }
        if (!user.active()) {
            return "User '" + userName + "' is inactive" + on + ": activate it there.";
        }
        if (user.lockedOut()) {
            return "User '" + userName + "' is locked out" + on + ": unlock it there.";
        }
        if (!user.roles().contains(UserService.MID_SERVER_ROLE)) {
            return "User '" + userName + "' lacks the role mid_server" + on + ": grant it there.";
        }
        return "Checked" + on + ": user '" + userName + "' exists, is active, is not locked out and has the role "
                + "mid_server. Its password cannot be checked from outside the instance: if MID Server "
                + midServerName + " stays Down, set the password of '" + userName + "'" + on + " to the one in the "
                + "MID Server's config.xml (a clone brings the source's password).";
    }
}
