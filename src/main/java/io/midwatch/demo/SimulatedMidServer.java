package io.midwatch.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * A MID Server of the demo: it logs in to its simulated instance with the password of its config, as it polls
 * its ECC queue; the instance sets it Up or Down from those logins, and MidWatch reads that status there.
 */
class SimulatedMidServer {

    private static final Logger log = LoggerFactory.getLogger(SimulatedMidServer.class);

    private final String name;
    private final String userName;
    private final String password;
    private final String instanceUrl;
    private final RestClient http;
    private Integer lastStatus;

    SimulatedMidServer(String name, String userName, String password, String instanceUrl, RestClient http) {
        this.http = http;
        this.name = name;
        this.userName = userName;
        this.password = password;
        this.instanceUrl = instanceUrl;
    }

    /** Logs in once; logs only when the answer changes, as a MID Server's log would. */
    void logIn() {
        try {
            int status = http.get()
                    .uri(instanceUrl + "/api/now/table/ecc_queue?sysparm_query={query}&sysparm_limit=100",
                            "agent=mid.server." + name + "^queue=output^state=ready")
                    .headers(headers -> headers.setBasicAuth(userName, password))
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> response.getStatusCode().value());
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
        } catch (RestClientException e) {
            log.debug("Demo MID Server {}: no answer from {}: {}", name, instanceUrl, e.toString());
        }
    }
}
