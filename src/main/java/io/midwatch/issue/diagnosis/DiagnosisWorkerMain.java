package io.midwatch.issue.diagnosis;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the diagnosis worker as a process of its own, against a MidWatch somewhere else:
 * {@code MIDWATCH_URL} (default {@code http://localhost:8080}), {@code MIDWATCH_WORKER_USER} (a Camunda
 * user in the group {@code mid_worker}) and {@code MIDWATCH_WORKER_PASSWORD}. Start MidWatch itself with
 * {@code midwatch.worker.enabled=false} so that only this worker polls.
 */
public final class DiagnosisWorkerMain {

    private DiagnosisWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String user = System.getenv("MIDWATCH_WORKER_USER");
        String password = System.getenv("MIDWATCH_WORKER_PASSWORD");
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            System.err.println("Set MIDWATCH_WORKER_USER and MIDWATCH_WORKER_PASSWORD to the worker's own Camunda"
                    + " user, a member of the group mid_worker");
            System.exit(2);
        }
        String url = envOr("MIDWATCH_URL", "http://localhost:8080");
        var client = CredentialDiagnosisWorker.start(url, user, password);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.stop();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
