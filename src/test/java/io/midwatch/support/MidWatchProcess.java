package io.midwatch.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;


/**
 * MidWatch as a real operating-system process, started from the packaged jar ({@code target/midwatch.jar},
 * or the system property {@code midwatch.jar}) on a port of its own; its output goes to a log file beside
 * the jar. Closing it stops it; {@link #kill()} ends it at once, as a crash would.
 */
public final class MidWatchProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private MidWatchProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts a node with a 384 MB heap and the given arguments (they win over application.yml). */
    public static MidWatchProcess start(String name, List<String> arguments) {
        return start(name, List.of("-Xmx384m"), arguments);
    }

    /** Starts a node with the given JVM options (its heap among them) and arguments. */
    public static MidWatchProcess start(String name, List<String> jvmOptions, List<String> arguments) {
        Path jar = Path.of(System.getProperty("midwatch.jar", "target/midwatch.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run in 'mvn verify', after packaging");
        }
        try {
            Path logs = Files.createDirectories(jar.resolveSibling("node-logs"));
            Path log = logs.resolve(name + ".log");
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new MidWatchProcess(name, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start MidWatch node " + name, e);
        }
    }

    /** Waits for the start-up banner; fails at once, with the node's log, should the node exit instead. */
    public MidWatchProcess awaitUp(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("MidWatch node " + name + " exited with " + process.exitValue()
                        + ":\n" + log());
            }
            return log().contains("MidWatch is up");
        });
        return this;
    }

    public String name() {
        return name;
    }

    /** The operating system's id of the process, for jcmd and /proc. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The node's API as the administrator sees it. */
    public Api api(String adminPassword) {
        return Api.at("http://localhost:" + port, "admin", adminPassword);
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the process at once (SIGKILL): no shutdown hook runs, nothing is committed or released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
