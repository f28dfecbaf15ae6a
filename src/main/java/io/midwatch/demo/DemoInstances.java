package io.midwatch.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.midwatch.platform.OwnerOnlyFile;
import io.midwatch.security.AdminPassword;
import io.midwatch.servicenow.ServiceNowProperties;

/**
 * The demo's two simulated ServiceNow instances, started before MidWatch's first poll: production,
 * {@code demoprod}, with a clone onto {@code demotest} scheduled {@code clone-scheduled-after} the start, and
 * {@code demotest}, whose MID Servers {@code mid-east}, {@code mid-west}, {@code mid-north} (Up) and
 * {@code mid-south} (Paused) log in to it with their own users. Production has the same users, as the last
 * clone left them (same sys_ids, update counts and times), but production's administrator has
 * since changed {@code midserver.east}'s password there, and {@code midserver.west} has only the role itil
 * there: what the clone brings, and what MidWatch's forecast sees coming (AtRisk and WillFail).
 *
 * <p>MidWatch reads both as {@code application-demo.yml} configures them; the instances take MidWatch's
 * account from there. Their administrator, {@code admin}, gets a generated password, kept for its owner only in
 * the demo's folder, as are the MID Servers' passwords.
 */
@Component
@Profile("demo")
class DemoInstances implements DisposableBean {

    static final String SOURCE = "demoprod";
    static final String TARGET = "demotest";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD_FILE = "servicenow-admin.password";

    /** A MID Server of the demo and its instance. */
    record DemoMidServer(String name, String userName, String status, String instance) {
    }

    static final List<DemoMidServer> FLEET = List.of(
            new DemoMidServer("mid-east", "midserver.east", "Up", TARGET),
            new DemoMidServer("mid-west", "midserver.west", "Up", TARGET),
            new DemoMidServer("mid-north", "midserver.north", "Up", TARGET),
            new DemoMidServer("mid-south", "midserver.south", "Paused", TARGET),
            new DemoMidServer("mid-prod", "midserver.prod", "Up", SOURCE));

    private static final SecureRandom RANDOM = new SecureRandom();
    /** When production was last cloned onto the test instance, before the demo. */
    private static final Instant LAST_CLONE = Instant.parse("2026-01-05T02:00:00Z");

    private final DemoProperties properties;
    private final List<SimulatedInstance> started = new ArrayList<>();
    private final SimulatedInstance source;
    private final SimulatedInstance target;
    /** The password in each MID Server's config. */
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final String cloneId;
    private final String adminPassword;

    DemoInstances(DemoProperties properties, ServiceNowProperties serviceNow, Clock clock,
                  @Value("${spring.datasource.url:}") String jdbcUrl) {
        if (!AdminPassword.isEmbedded(jdbcUrl)) {
            // the demo writes passwords to files and clones over users: never beside a real database
            throw new IllegalStateException("The demo runs on MidWatch's embedded H2 database only, not on " + jdbcUrl
                    + ": start it without SPRING_DATASOURCE_URL");
        }
        this.properties = properties;
        SimulatedInstance.Account reader = reader(serviceNow, SOURCE);
        if (!reader.equals(reader(serviceNow, TARGET))) {
            throw new IllegalStateException("Demo: MidWatch must read " + SOURCE + " and " + TARGET
                    + " with the same account, as application-demo.yml configures them");
        }
        SimulatedInstance.Account admin = new SimulatedInstance.Account(ADMIN, AdminPassword.generate());
        adminPassword = admin.password();
        write(ADMIN_PASSWORD_FILE, adminPassword);
        try {
            source = start(SOURCE, properties.sourcePort(), "source-port", reader, admin, clock);
            target = start(TARGET, properties.targetPort(), "target-port", reader, admin, clock);
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
        for (DemoMidServer server : FLEET) {
            String password = newPassword();
            passwords.put(server.name(), password);
            write(server.name() + ".password", password);
            String sysId = SimulatedInstance.newSysId();
            instance(server.instance()).midServer(server.name(), server.userName(), server.status());
            instance(server.instance()).user(sysId, server.userName(), password, LAST_CLONE, "mid_server");
            if (TARGET.equals(server.instance())) {
                // the same user on production: no mid_server for west, and another password for east, set there
                // since the last clone
                source.user(sysId, server.userName(), password, LAST_CLONE,
                        "mid-west".equals(server.name()) ? "itil" : "mid_server");
            }
        }
        source.changePassword("midserver.east", newPassword());
        cloneId = source.scheduleClone(TARGET, clock.instant().plus(properties.cloneScheduledAfter()));
    }

    /** MidWatch's account on that instance, as configured. */
    private static SimulatedInstance.Account reader(ServiceNowProperties serviceNow, String name) {
        ServiceNowProperties.Instance instance = serviceNow.instance(name).filter(found -> found.user() != null)
                .orElseThrow(() -> new IllegalStateException("Demo: midwatch.servicenow.instances must configure "
                        + name + " with user and password, as application-demo.yml does"));
        return new SimulatedInstance.Account(instance.user(), instance.password());
    }

    private SimulatedInstance start(String name, int port, String setting, SimulatedInstance.Account reader,
                                    SimulatedInstance.Account admin, Clock clock) {
        try {
            SimulatedInstance instance = SimulatedInstance.start(name, port, reader, admin, properties.downAfter(),
                    clock);
            started.add(instance);
            return instance;
        } catch (IOException e) {
            throw new IllegalStateException("Demo: instance " + name + " cannot listen on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "): set midwatch.demo." + setting + " to a free port, or 0 for any", e);
        }
    }

    SimulatedInstance source() {
        return source;
    }

    SimulatedInstance target() {
        return target;
    }

    SimulatedInstance instance(String name) {
        return SOURCE.equals(name) ? source : target;
    }

    String adminPassword() {
        return adminPassword;
    }

    String cloneId() {
        return cloneId;
    }

    /** The MID Servers that log in (a Paused one does not), through {@code http}. */
    List<SimulatedMidServer> runningMidServers(RestClient http) {
        return FLEET.stream().filter(server -> "Up".equals(server.status()))
                .map(server -> new SimulatedMidServer(server.name(), server.userName(), passwords.get(server.name()),
                        instance(server.instance()).url(), http))
                .toList();
    }

    /** The clone of production onto the test instance: the users first, then the request completes. */
    void cloneProductionOntoTest() {
        target.copyUsersFrom(source);
        source.completeClone(cloneId);
    }

    Path file(String name) {
        return properties.directory().resolve(name);
    }

    private void write(String name, String password) {
        try {
            OwnerOnlyFile.replace(file(name), password);
        } catch (IOException e) {
            throw new UncheckedIOException("Demo: cannot write " + file(name), e);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void destroy() {
        started.forEach(SimulatedInstance::close);
        started.clear();
    }
}
