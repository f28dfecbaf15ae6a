package org.camunda.bpm.engine.rest.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * Test support for several MidWatch application contexts in one JVM. Camunda's REST API keeps one
 * fetch-and-lock handler (the long polling of external task workers) per JVM, in a static field, and the
 * first context that closes shuts it down for all the others: from then on a long poll that finds no task
 * is never answered, and the diagnosis worker waits for its HTTP timeout, minutes later, before it polls
 * again. MidWatch nodes in processes of their own each have their own handler and are not affected. This
 * class lives in Camunda's package for the handler's protected members.
 */
public final class FetchAndLockHandlerRevival {

    private FetchAndLockHandlerRevival() {
    }

    /**
     * Replaces a handler that a closed context shut down with a running one, and answers the polls the
     * dead one holds with no task, so that their workers poll again at once.
     */
    public static synchronized void ensureRunning() {
        if (!(FetchAndLockContextListener.fetchAndLockHandler instanceof FetchAndLockHandlerImpl dead)
                || dead.isRunning) {
            return;
        }
        FetchAndLockHandlerImpl running = new FetchAndLockHandlerImpl();
        running.start();
        FetchAndLockContextListener.fetchAndLockHandler = running;
        List<FetchAndLockRequest> stranded = new ArrayList<>();
        if (dead.queue != null) {
            dead.queue.drainTo(stranded);
        }
        for (FetchAndLockRequest request : stranded) {
            try {
                request.getAsyncResponse().resume(List.of());
            } catch (RuntimeException answeredOrGone) {
                // its context has closed meanwhile: nobody waits for it
            }
        }
    }
}
