package io.midwatch.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MID Server of the demo: it logs in to its simulated instance with the password of its config, as it polls
 * its ECC queue; the instance sets it Up or Down from those logins, and MidWatch reads that status there.
 */
class SimulatedMidServer {

    private static final Logger log = LoggerFactory.getLogger(SimulatedMidServer.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final String userName;
    private final String password;
    private final String instanceUrl;
    private Integer lastStatus;

    SimulatedMidServer(String name, String userName, String password, String instanceUrl) {
        this.name = name;
        this.userName = userName;
        this.password = password;
        this.instanceUrl = instanceUrl;
    }

    /** Logs in once; logs only when the answer changes, as a MID Server's log would. */
    void logIn() {
        String basic = Base64.getEncoder().encodeToString((userName + ":" + password).getBytes(StandardCharsets.UTF_8));
        String query = URLEncoder.encode("agent=mid.server." + name + "^queue=output^state=ready",
                StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(instanceUrl + "/api/now/table/ecc_queue?sysparm_query="
                        + query + "&sysparm_limit=100"))
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (lastStatus == null || lastStatus != status) {
                switch (status) {
                    case 200 -> log.info("Demo MID Server {}: connected to {} as {}", name, instanceUrl, userName);
                    case 401 -> log.warn("Demo MID Server {}: login as {} refused (401): the instance no longer "
                            + "accepts the credentials of its config.xml", name, userName);
                    case 403 -> log.warn("Demo MID Server {}: user {} may not read the ECC queue (403): it lacks the "
                            + "role mid_server", name, userName);
                    default -> log.warn("Demo MID Server {}: the instance answered {}", name, status);
                }
                lastStatus = status;
            }
        } catch (IOException e) {
            log.debug("Demo MID Server {}: no answer from {}: {}", name, instanceUrl, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
