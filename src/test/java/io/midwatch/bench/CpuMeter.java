package io.midwatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CPU time spent by this JVM (the application and the benchmark's clients alike) and by the PostgreSQL
 * backends serving its database. On a machine shared with other work, wall time swings with that work;
 * the CPU an operation costs swings far less, so it is reported beside the wall-time figures.
 */
final class CpuMeter {

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** CPU milliseconds per item: in all, and of it in the database backends. */
    record Cost(double totalMs, double databaseMs) {
    }

    /** CPU nanoseconds so far: of this JVM, and of each database backend by process id. */
    record Snapshot(long jvmNanos, Map<Integer, Long> backendNanos) {
    }

    private final JdbcClient jdbc;

    CpuMeter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Snapshot snapshot() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        List<Integer> backends = jdbc.sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
                .query(Integer.class).list();
        Map<Integer, Long> nanos = new HashMap<>();
        for (int pid : backends) {
            nanos.put(pid, backendNanos(pid));
        }
        return new Snapshot(jvm, nanos);
    }

    /** CPU since the snapshot per item; a backend that started meanwhile counts from zero. */
    Cost perItemSince(Snapshot before, int items) {
        Snapshot now = snapshot();
        long db = 0;
        for (var backend : now.backendNanos().entrySet()) {
            db += backend.getValue() - before.backendNanos().getOrDefault(backend.getKey(), 0L);
        }
        return new Cost((now.jvmNanos() - before.jvmNanos() + db) / 1e6 / items, db / 1e6 / items);
    }

    /** utime + stime of a process, fields 14 and 15 of /proc/PID/stat; 0 when it has gone. */
    private static long backendNanos(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name in parentheses may hold spaces: count the fields after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
