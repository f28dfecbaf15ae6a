package io.midwatch.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A MID Server of the demo: it logs in with the password of its config, over MidWatch's real heartbeat API. */
class SimulatedMidServer {

    private static final Logger log = LoggerFactory.getLogger(SimulatedMidServer.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final String userName;
    private final String password;
    private Integer lastStatus;

    SimulatedMidServer(String name, String userName, String password) {
        this.name = name;
        this.userName = userName;
        this.password = password;
    }

    /** Sends one heartbeat; logs only when the answer changes, as a MID Server's log would. */
    void beat(String baseUrl) {
        String basic = Base64.getEncoder().encodeToString((userName + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/mid-servers/" + name + "/heartbeat"))
                .header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 429 || status == 503) {
                // refused before its credentials were checked: says nothing about them
                log.debug("Demo MID Server {}: heartbeat refused for now ({})", name, status);
                return;
            }
            if (lastStatus == null || lastStatus != status) {
                if (status == 200) {
                    log.info("Demo MID Server {}: logged in as {}, heartbeat accepted", name, userName);
                } else {
                    log.warn("Demo MID Server {}: login as {} refused ({}): the instance no longer accepts its credentials",
                            name, userName, status);
                }
                lastStatus = status;
            }
        } catch (IOException e) {
            log.debug("Demo MID Server {}: heartbeat not sent: {}", name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
