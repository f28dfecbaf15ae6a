package io.midwatch.security;

import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;

/**
 * Camunda's database identity provider, with the password check throttled per client address and logged.
 * Every login passes here: MidWatch's API, the engine REST API and the webapps' login page all ask
 * {@code IdentityService.checkPassword}.
 *
 * <p>Camunda's own hold-back and lock of a user are off: after a wrong password it refuses the user for a
 * few seconds (growing to a minute) from every address, the right password included, and for good after
 * {@code loginMaxAttempts}, so that anybody could keep the worker or the administrator out by sending wrong
 * passwords for them. {@link LoginThrottle} holds back the address that failed instead.
 */
class ThrottledIdentityProvider extends DbIdentityServiceProvider {

    /** The length of Camunda's user id column (ACT_ID_USER.ID_): a longer name is no user. */
    private static final int MAX_USER_ID_LENGTH = 64;

    private final LoginThrottle throttle;
    private final FailedLoginLog failedLogins;

    ThrottledIdentityProvider(LoginThrottle throttle, FailedLoginLog failedLogins) {
        this.throttle = throttle;
        this.failedLogins = failedLogins;
    }

    @Override
    public boolean checkPassword(String userId, String password) {
        String address = ClientAddress.current();
        // names that are no user are counted per address alone; the engine keeps the user it read for the check
        String account = isUser(userId) ? userId : null;
        if (throttle.isBlocked(address, account)) {
            failedLogins.failed(userId, address, true);
            return false;
        }
        boolean accepted = account != null && super.checkPassword(userId, password);
        if (accepted) {
            throttle.recordSuccess(address, account);
        } else {
            throttle.recordFailure(address, account);
            failedLogins.failed(userId, address, false);
        }
        return accepted;
    }

    /** Camunda would refuse the user everywhere for a while; the address that failed is held back instead. */
    @Override
    protected void lockUser(UserEntity user) {
    }

    /** A lock Camunda set before (under an earlier version of MidWatch) refuses nobody's right password. */
    @Override
    protected boolean isUserLocked(UserEntity user) {
        return false;
    }

    private boolean isUser(String userId) {
        return userId != null && userId.length() <= MAX_USER_ID_LENGTH && findUserById(userId) != null;
    }

    /** Hands the engine a throttled provider for every command that needs one. */
    record Factory(LoginThrottle throttle, FailedLoginLog failedLogins) implements SessionFactory {

        @Override
        public Class<?> getSessionType() {
            return ThrottledIdentityProvider.class;
        }

        @Override
        public Session openSession() {
            return new ThrottledIdentityProvider(throttle, failedLogins);
        }
    }
}
