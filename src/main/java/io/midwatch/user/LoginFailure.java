package io.midwatch.user;

/** Why a MID Server's login to the instance failed, in the words its log would use. */
public enum LoginFailure {

    UNKNOWN_USER("User '%s' not found: login rejected"),
    WRONG_PASSWORD("Invalid password for user '%s': login rejected"),
    INACTIVE("User '%s' is not active: login rejected"),
    LOCKED_OUT("User '%s' is locked out: login rejected"),
    MISSING_ROLE("User '%s' does not have the role mid_server: login rejected");

    private final String logLine;

    LoginFailure(String logLine) {
        this.logLine = logLine;
    }

    public String logLine(String userName) {
        return "401 Unauthorized: " + logLine.formatted(userName);
    }
}
