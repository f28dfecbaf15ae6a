package io.midwatch.issue.diagnosis;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the diagnosis worker as a process of its own, against a MidWatch somewhere else:
 * {@code MIDWATCH_URL} (default {@code http://localhost:8080}), {@code MIDWATCH_WORKER_USER} (default
 * {@code admin}) and {@code MIDWATCH_WORKER_PASSWORD}. Start MidWatch itself with
 * {@code midwatch.worker.enabled=false} so that only this worker polls.
 */
public final class DiagnosisWorkerMain {

    private DiagnosisWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String password = System.getenv("MIDWATCH_WORKER_PASSWORD");
        if (password == null || password.isBlank()) {
            System.err.println("Set MIDWATCH_WORKER_PASSWORD to the password of the worker's Camunda user");
            System.exit(2);
        }
        String url = envOr("MIDWATCH_URL", "http://localhost:8080");
        String user = envOr("MIDWATCH_WORKER_USER", "admin");
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
