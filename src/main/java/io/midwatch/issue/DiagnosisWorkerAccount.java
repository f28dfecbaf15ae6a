package io.midwatch.issue;

/**
 * The Camunda account (group {@code mid_worker}) the diagnosis worker inside MidWatch logs in with. The
 * accounts are kept by the security module, which provides this one; the worker only needs its credentials.
 */
public interface DiagnosisWorkerAccount {

    /** A Camunda user id and its password, for MidWatch's own HTTP clients; never logged. */
    record Credentials(String user, String password) {

        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    /** The account, created or brought up to date. */
    Credentials inProcessWorker();
}
