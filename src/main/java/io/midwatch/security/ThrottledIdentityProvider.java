package io.midwatch.security;

import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

/**
 * Camunda's database identity provider, with the password check throttled per client address and logged.
 * Every login passes here: MidWatch's API, the engine REST API and the webapps' login page all ask
 * {@code IdentityService.checkPassword}.
 */
class ThrottledIdentityProvider extends DbIdentityServiceProvider {

    private final LoginThrottle throttle;
    private final FailedLoginLog failedLogins;

    ThrottledIdentityProvider(LoginThrottle throttle, FailedLoginLog failedLogins) {
        this.throttle = throttle;
        this.failedLogins = failedLogins;
    }

    @Override
    public boolean checkPassword(String userId, String password) {
        String address = ClientAddress.current();
        if (throttle.isBlocked(address, userId)) {
            failedLogins.failed(userId, address, true);
            return false;
        }
        boolean accepted = super.checkPassword(userId, password);
        if (accepted) {
            throttle.recordSuccess(address, userId);
        } else {
            throttle.recordFailure(address, userId);
            failedLogins.failed(userId, address, false);
        }
        return accepted;
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
