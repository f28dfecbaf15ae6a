package io.midwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of clients working off one list of calls together, each call timed on its own. The
 * clients start at one signal, so the elapsed time covers the calls only, not the threads' start-up.
 */
final class ParallelClients {

    @FunctionalInterface
    interface Call<T> {
        void run(T item) throws Exception;
    }

    /** A call told which client makes it (0 to clients - 1), e.g. to spread the clients over several nodes. */
    @FunctionalInterface
    interface ClientCall<T> {
        void run(int client, T item) throws Exception;
    }

    /** Wall time of the whole batch and the latency of every call, in nanoseconds. */
    record Run(long elapsedNanos, long[] latencyNanos) {

        double perSecond() {
            return latencyNanos.length / (elapsedNanos / 1e9);
        }
    }

    private ParallelClients() {
    }

    static <T> Run run(int clients, List<T> items, Call<T> call) throws Exception {
        return runByClient(clients, items, (client, item) -> call.run(item));
    }

    static <T> Run runByClient(int clients, List<T> items, ClientCall<T> call) throws Exception {
        long[] latencies = new long[items.size()];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        var failures = new ConcurrentLinkedQueue<Exception>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            var workers = new ArrayList<Future<?>>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                workers.add(pool.submit(() -> {
                    go.await();
                    for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        try {
                            call.run(client, items.get(i));
                        } catch (Exception e) {
                            failures.add(e);
                        }
                        latencies[i] = System.nanoTime() - start;
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
            long elapsed = System.nanoTime() - start;
            if (!failures.isEmpty()) {
                Exception first = failures.peek();
                var failed = new IllegalStateException(failures.size() + " of " + items.size()
                        + " calls failed, the first with: " + first.getMessage(), first);
                throw failed;
            }
            return new Run(elapsed, latencies);
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Integer> range(int count) {
        var list = new ArrayList<Integer>(count);
        for (int i = 0; i < count; i++) {
            list.add(i);
        }
        return list;
    }
}
