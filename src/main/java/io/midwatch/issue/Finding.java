package io.midwatch.issue;

/**
 * The fault a credential diagnosis names on an issue (R11), in the order they are checked; {@code NO_FAULT} when
 * none was found.
 */
public enum Finding { UNKNOWN_USER, INACTIVE, LOCKED_OUT, PASSWORD_NEEDS_RESET, MISSING_ROLE, WRONG_PASSWORD,
    NO_FAULT }
