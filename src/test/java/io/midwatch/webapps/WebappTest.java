package io.midwatch.webapps;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.midwatch.issue.IssueFixtures;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;

/** A test of Camunda's webapps in a real browser, against the shared MidWatch on PostgreSQL. */
abstract class WebappTest extends PostgresIntegrationTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identityService;

    IssueFixtures given;

    @BeforeEach
    void fixtures() {
        TestAccounts.ensure(identityService);
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
