package io.midwatch.issue.diagnosis;

import java.util.ArrayList;
import java.util.List;

import io.midwatch.issue.Finding;
import io.midwatch.user.UserService;

/**
 * Compares a MID Server's user with what the MID Server needs to log in and names the first fault in one
 * line (R11): unknown user, inactive, locked out, a password that must be reset (on an instance), missing
 * role {@code mid_server}, a last login that failed with a wrong password, or no fault found.
 */
public final class CredentialDiagnosis {

    /** The fault found, and the line that says it and what to do, cut to what an issue keeps. */
    public record Diagnosis(Finding finding, String line) {

        /** {@code ecc_agent_issue.diagnosis}: long names could make a line longer. */
        static final int MAX_LENGTH = 1000;

        public Diagnosis {
            if (line.length() > MAX_LENGTH) {
                line = line.substring(0, MAX_LENGTH - 3) + "...";
            }
        }
    }

    /**
     * The MID Server user as {@code GET /api/users/{userName}} or {@code GET /api/instances/{name}/users/{userName}}
     * shows it. {@code passwordNeedsReset} blocks a login on its own; the facts after it are shown, not judged
     * (their effect on a MID Server's login differs between releases), and are null where unknown.
     */
    public record UserFacts(boolean active, boolean lockedOut, List<String> roles, boolean passwordNeedsReset,
                            Boolean webServiceAccessOnly, Boolean internalIntegrationUser, Integer failedAttempts,
                            String lastLoginTime) {

        /** A user of MidWatch's own: it has none of an instance's login facts. */
        public UserFacts(boolean active, boolean lockedOut, List<String> roles) {
            this(active, lockedOut, roles, false, null, null, null, null);
        }

        /** The facts known, in one sentence, or an empty string when none is. */
        String facts() {
            var known = new ArrayList<String>();
            if (webServiceAccessOnly != null) {
                known.add("web service access only: " + yesNo(webServiceAccessOnly));
            }
            if (internalIntegrationUser != null) {
                known.add("internal integration user: " + yesNo(internalIntegrationUser));
            }
            if (failedAttempts != null) {
                known.add("failed login attempts: " + failedAttempts);
            }
            known.add("last login: " + (lastLoginTime == null ? "never" : lastLoginTime));
            return " Also read, not judged: " + String.join(", ", known) + ".";
        }

        private static String yesNo(boolean value) {
            return value ? "yes" : "no";
        }
    }

    private CredentialDiagnosis() {
    }

    /**
     * @param user             null when no such user exists
     * @param lastLoginFailure the MID Server's last login failure reason (e.g. {@code WRONG_PASSWORD}), or null
     */
    public static Diagnosis diagnose(String midServerName, String userName, UserFacts user, String lastLoginFailure) {
        String theUser = "User '" + userName + "'";
        if (user == null) {
            return new Diagnosis(Finding.UNKNOWN_USER, theUser + " does not exist: create it with the role mid_server"
                    + " and the password from MID Server " + midServerName + "'s config.xml.");
        }
        if (!user.active()) {
            return new Diagnosis(Finding.INACTIVE, theUser + " is inactive: activate it.");
        }
        if (user.lockedOut()) {
            return new Diagnosis(Finding.LOCKED_OUT, theUser + " is locked out: unlock it.");
        }
        if (!user.roles().contains(UserService.MID_SERVER_ROLE)) {
            return new Diagnosis(Finding.MISSING_ROLE, theUser + " lacks the role mid_server: grant it.");
        }
        if ("WRONG_PASSWORD".equals(lastLoginFailure)) {
            return new Diagnosis(Finding.WRONG_PASSWORD, "The last login of MID Server " + midServerName
                    + " failed with a wrong password: set the password of user '" + userName + "' to the one in the"
                    + " MID Server's config.xml.");
        }
        return new Diagnosis(Finding.NO_FAULT, "No fault found: user '" + userName + "' exists, is active, is not"
                + " locked out and has the role mid_server, and no failed login with a wrong password is recorded.");
    }

    /**
     * The same for a MID Server read from a ServiceNow instance, whose user was read from that instance:
     * the user, its flags and roles can be checked there; its password cannot, from outside.
     *
     * @param user null when the instance has no such user
     */
    public static Diagnosis diagnoseOnInstance(String instance, String midServerName, String userName,
                                               UserFacts user) {
        String theUser = "User '" + userName + "'";
        String on = " on instance " + instance;
        if (user == null) {
            return new Diagnosis(Finding.UNKNOWN_USER, theUser + " does not exist" + on + ": create it there with the"
                    + " role mid_server and the password from MID Server " + midServerName + "'s config.xml.");
        }
        if (!user.active()) {
            return new Diagnosis(Finding.INACTIVE, theUser + " is inactive" + on + ": activate it there."
                    + user.facts());
        }
        if (user.lockedOut()) {
            return new Diagnosis(Finding.LOCKED_OUT, theUser + " is locked out" + on + ": unlock it there."
                    + user.facts());
        }
        if (user.passwordNeedsReset()) {
            return new Diagnosis(Finding.PASSWORD_NEEDS_RESET, theUser + " must reset its password" + on
                    + " (Password needs reset), which no MID Server can do: clear the flag there and set the password"
                    + " to the one in MID Server " + midServerName + "'s config.xml." + user.facts());
        }
        if (!user.roles().contains(UserService.MID_SERVER_ROLE)) {
            return new Diagnosis(Finding.MISSING_ROLE,
                    theUser + " lacks the role mid_server" + on + ": grant it there." + user.facts());
        }
        return new Diagnosis(Finding.NO_FAULT, "Checked" + on + ": user '" + userName + "' exists, is active, is"
                + " not locked out, needs no password reset and has the role mid_server. Its password cannot be"
                + " checked from outside the instance: if MID Server " + midServerName + " stays Down, set the"
                + " password of '" + userName + "'" + on + " to the one in the MID Server's config.xml (a clone"
                + " brings the source's password)." + user.facts());
    }
}
