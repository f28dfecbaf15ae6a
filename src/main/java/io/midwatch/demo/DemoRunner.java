package io.midwatch.demo;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.midwatch.clone.CloneProperties;
import io.midwatch.platform.RestClients;
import io.midwatch.servicenow.ServiceNowProperties;

/**
 * The guided demo: MidWatch reads two simulated instances ({@link DemoInstances}) through its ServiceNow
 * connector. The MID Servers log in to their instance. Production has a clone onto the test instance
 * scheduled a minute ahead: MidWatch forecasts which MID Servers it takes down and asks the operator in
 * Tasklist to prepare their users. Nobody does, and the clone completes,
 * the test instance's users become production's, {@code midserver.east} and {@code midserver.west} can no
 * longer log in and the test instance sets their MID Servers Down. MidWatch sees the clone on production,
 * the MID Servers Down on the test instance, logs issues, diagnoses them from the instance's users and asks
 * for a verification in Tasklist. Fixing the users on the test instance lets the MID Servers log in again;
 * the instance sets them Up and the issues resolve by themselves. After the second pass the forecast is
 * compared with what the passes found.
 */
@Component
@Profile("demo")
class DemoRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

    private final DemoProperties properties;
    private final DemoInstances instances;
    private final ServiceNowProperties serviceNow;
    private final CloneProperties clones;
    private final RestClient http;
    private ScheduledExecutorService scheduler;

    DemoRunner(DemoProperties properties, DemoInstances instances, ServiceNowProperties serviceNow,
               CloneProperties clones, RestClient.Builder restClients) {
        this.http = RestClients.withoutRedirects(restClients, Duration.ofSeconds(5), Duration.ofSeconds(10));
        this.properties = properties;
        this.instances = instances;
        this.serviceNow = serviceNow;
        this.clones = clones;
    }

    @EventListener
    synchronized void start(ApplicationReadyEvent event) {
        if (scheduler != null || !(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "demo-mid-servers");
            thread.setDaemon(true);
            return thread;
        });
        for (SimulatedMidServer midServer : instances.runningMidServers(http)) {
            scheduler.scheduleWithFixedDelay(midServer::logIn, 0, properties.loginEvery().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        log.info("""

                Demo: simulated ServiceNow instances {} (production, {}) and {} ({}), on this machine only.
                  MidWatch reads them through their Table API as '{}', every {} s (GET /api/instances).
                  Their administrator: user '{}', password {} (also in {}).
                Demo: MID Servers mid-east, mid-west, mid-north of {} log in to it every {} s (mid-south is Paused);
                  {} sets a MID Server Down after {} s without a good login.
                Demo: the clone {} of {} onto {} is scheduled in {} s and completes in {} s. Before it, MidWatch
                  forecasts which MID Servers of {} it takes down (GET /api/forecasts) and asks mid_admin in Tasklist
                  to prepare their users.
                  Watch http://localhost:{}/camunda/app/cockpit/ and /tasklist/.""",
                DemoInstances.SOURCE, instances.source().url(), DemoInstances.TARGET, instances.target().url(),
                serviceNow.instance(DemoInstances.SOURCE).orElseThrow().account(),
                serviceNow.instance(DemoInstances.SOURCE).orElseThrow().pollInterval().toSeconds(),
                DemoInstances.ADMIN, instances.adminPassword(), instances.file(DemoInstances.ADMIN_PASSWORD_FILE),
                DemoInstances.TARGET, properties.loginEvery().toSeconds(), DemoInstances.TARGET,
                properties.downAfter().toSeconds(), instances.cloneId(), DemoInstances.SOURCE, DemoInstances.TARGET,
                properties.cloneScheduledAfter().toSeconds(), properties.cloneAfter().toSeconds(),
                DemoInstances.TARGET, web.getWebServer().getPort());
        scheduler.schedule(this::cloneProduction, properties.cloneAfter().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cloneProduction() {
        try {
            instances.cloneProductionOntoTest();
            SimulatedInstance target = instances.target();
            String admin = "\"" + DemoInstances.ADMIN + ":$(cat " + instances.file(DemoInstances.ADMIN_PASSWORD_FILE)
                    + ")\"";
            log.info("""

                    Demo: clone {} of {} onto {} completed. {}'s sys_user and sys_user_has_role are now production's:
                      midserver.east has production's password, midserver.west production's roles (no mid_server).
                    Demo: mid-east and mid-west can no longer log in; {} sets them Down after {} s. MidWatch sees the
                      clone on {} and the MID Servers Down on {}; its passes run {} s and {} s after it, and after the
                      second the forecast is compared with what they found (GET /api/forecasts).
                    Demo: to fix them on {}, as its administrator would:
                      curl -u {} -X PUT -H 'Content-Type: application/json' \\
                           -d "{\\"user_password\\": \\"$(cat {})\\"}" {}/api/now/table/sys_user/{}
                      curl -u {} -X POST -H 'Content-Type: application/json' \\
                           -d '{"user": "{}", "role": "mid_server"}' {}/api/now/table/sys_user_has_role""",
                    instances.cloneId(), DemoInstances.SOURCE, DemoInstances.TARGET, DemoInstances.TARGET,
                    DemoInstances.TARGET, properties.downAfter().toSeconds(), DemoInstances.SOURCE,
                    DemoInstances.TARGET, clones.firstPassAfter().toSeconds(), clones.secondPassAfter().toSeconds(), DemoInstances.TARGET,
                    admin, instances.file("mid-east.password"), target.url(), target.sysIdOf("midserver.east"),
                    admin, target.sysIdOf("midserver.west"), target.url());
        } catch (RuntimeException e) {
            log.error("Demo: the clone could not be performed", e);
        }
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
