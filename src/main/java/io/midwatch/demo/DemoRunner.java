package io.midwatch.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.midwatch.clone.CloneEvent;
import io.midwatch.clone.CloneService;
import io.midwatch.heartbeat.HeartbeatProperties;
import io.midwatch.midserver.MidServerService;
import io.midwatch.midserver.MidServerStatus;
import io.midwatch.midserver.NewMidServer;
import io.midwatch.platform.ConflictException;
import io.midwatch.platform.OwnerOnlyFile;
import io.midwatch.security.AdminPassword;
import io.midwatch.user.UserChange;
import io.midwatch.user.UserService;

/**
 * The guided demo: four MID Servers send real heartbeats; then production is cloned onto this instance,
 * the copied user table gives mid-east's user production's password and mid-west's user production's
 * roles (without mid_server); their heartbeats are refused, the heartbeat timeout sets them Down, and
 * MidWatch logs issues, diagnoses them and asks for a verification in Tasklist. Fixing the users lets the
 * MID Servers log in again and the issues resolve by themselves.
 */
@Component
@Profile("demo")
class DemoRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record DemoMidServer(String name, String userName, MidServerStatus status) {
    }

    private static final List<DemoMidServer> FLEET = List.of(
            new DemoMidServer("mid-east", "midserver.east", MidServerStatus.UP),
            new DemoMidServer("mid-west", "midserver.west", MidServerStatus.UP),
            new DemoMidServer("mid-north", "midserver.north", MidServerStatus.UP),
            new DemoMidServer("mid-south", "midserver.south", MidServerStatus.PAUSED));

    private final DemoProperties properties;
    private final HeartbeatProperties heartbeat;
    private final UserService users;
    private final MidServerService midServers;
    private final CloneService clones;
    private ScheduledExecutorService scheduler;

    DemoRunner(DemoProperties properties, HeartbeatProperties heartbeat, UserService users, MidServerService midServers,
               CloneService clones, @Value("${spring.datasource.url:}") String jdbcUrl) {
        if (!AdminPassword.isEmbedded(jdbcUrl)) {
            // the demo clones over the instance's users and writes passwords to files: never on a real database
            throw new IllegalStateException("The demo runs on MidWatch's embedded H2 database only, not on " + jdbcUrl
                    + ": start it without SPRING_DATASOURCE_URL");
        }
        this.properties = properties;
        this.heartbeat = heartbeat;
        this.users = users;
        this.midServers = midServers;
        this.clones = clones;
    }

    @EventListener
    synchronized void start(ApplicationReadyEvent event) {
        if (scheduler != null || !(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String baseUrl = "http://localhost:" + web.getWebServer().getPort();
        scheduler = Executors.newScheduledThreadPool(1);
        for (DemoMidServer server : FLEET) {
            String password = newPassword();
            users.save(server.userName(), new UserChange(password, Set.of(UserService.MID_SERVER_ROLE), true, false));
            register(server);
            writeConfig(server, password);
            if (!MidServerStatus.PAUSED.equals(server.status())) {
                var simulated = new SimulatedMidServer(server.name(), server.userName(), password);
                scheduler.scheduleWithFixedDelay(() -> simulated.beat(baseUrl), 0,
                        properties.heartbeatEvery().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        log.info("""

                Demo: MID Servers mid-east, mid-west, mid-north (and mid-south, Paused) send heartbeats every {}.
                Demo: in {} production is cloned onto this instance; watch {}/camunda/app/cockpit/ and /tasklist/.""",
                properties.heartbeatEvery(), properties.cloneAfter(), baseUrl);
        scheduler.schedule(this::cloneProduction, properties.cloneAfter().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What a clone of production does to this instance's user table, then the clone event itself. */
    private void cloneProduction() {
        try {
            users.save("midserver.east", new UserChange(newPassword(), null, null, null));
            users.save("midserver.west", new UserChange(null, Set.of("itil"), null, null));
            var received = clones.receive(new CloneEvent(null, "prod", "demo", null));
            log.info("""

                    Demo: production was cloned onto this instance (clone {}). The copied user table gave
                      midserver.east production's password and midserver.west production's roles (no mid_server).
                    Demo: mid-east and mid-west now fail to log in: GET /api/mid-servers shows lastLoginFailure. Without
                      a good heartbeat for {} they are set Down (R12). Passes run at {} and {}.
                    Demo: to fix them, as a MID Server administrator would:
                      curl -u admin:<password> -X PUT -H 'Content-Type: application/json' \\
                           -d "{\\"password\\": \\"$(cat {})\\"}" http://localhost:<port>/api/users/midserver.east
                      curl -u admin:<password> -X PUT -H 'Content-Type: application/json' \\
                           -d '{"roles": ["mid_server"]}' http://localhost:<port>/api/users/midserver.west""",
                    received.instanceClone().cloneId(), heartbeat.timeout(), received.instanceClone().firstPassAt(),
                    received.instanceClone().secondPassAt(), passwordFile("mid-east"));
        } catch (RuntimeException e) {
            log.error("Demo: the clone could not be performed", e);
        }
    }

    private void register(DemoMidServer server) {
        try {
            midServers.register(new NewMidServer(server.name(), server.userName(), "demo-host-" + server.name(),
                    "Demo", server.status()));
        } catch (ConflictException alreadyThere) {
            midServers.changeStatus(server.name(), server.status());
        }
    }

    /** The MID Server keeps its password in its own config, never in MidWatch's log. */
    private void writeConfig(DemoMidServer server, String password) {
        try {
            OwnerOnlyFile.replace(passwordFile(server.name()), password);
        } catch (IOException e) {
            throw new UncheckedIOException("Demo: cannot write " + passwordFile(server.name()), e);
        }
    }

    private Path passwordFile(String midServer) {
        return properties.directory().resolve(midServer + ".password");
    }

    private static String newPassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
