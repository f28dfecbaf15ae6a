package io.midwatch.user;

/**
 * The part of a {@code sys_user} row a MID Server's login depends on. The password hash stays inside this
 * package.
 *
 * @param version counts the changes of the user (password, flags, roles)
 */
record LoginFacts(String passwordHash, boolean active, boolean lockedOut, boolean hasRole, long version) {
}
