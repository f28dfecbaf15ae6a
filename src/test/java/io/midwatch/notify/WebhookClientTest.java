package io.midwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

import io.midwatch.support.WebhookReceiver;

/** The post to the webhooks: the body chat tools take, every webhook tried, failures and logs by host only. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookClientTest {

    /** The part of a Slack webhook URL that is the secret. */
    static final String SECRET_PATH = "/services/T000/B000/Secret-Token-1";

    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void theTextIsPostedAsTheJsonBodySlackAndTeamsTake() throws IOException {
        // Given one webhook
        WebhookClient client = client(receiver.url(SECRET_PATH));

        // When a text with quotes and a line break is posted
        client.post("MID Server issue opened: \"mid-east\"\nIssue: https://midwatch.example.com/api/issues/1");

        // Then the webhook got one JSON object with exactly that text
        assertThat(receiver.bodies()).singleElement().satisfies(body -> {
            var message = json.readTree(body);
            assertThat(message.size()).isEqualTo(1);
            assertThat(message.get("text").asText())
                    .isEqualTo("MID Server issue opened: \"mid-east\"\nIssue: https://midwatch.example.com/api/issues/1");
        });
        assertThat(receiver.contentTypes()).singleElement().asString().startsWith("application/json");
    }

    @Test
    void textFromOutside_slackAndTeamsMarkupAndMentionsArePostedEscaped() throws IOException {
        // Given one webhook
        WebhookClient client = client(receiver.url(SECRET_PATH));

        // When a text with Slack's and Teams' markup and mentions is posted
        client.post("<!channel> <@U123> <http://evil.example|click> <at>Jane</at> A&B @here @Channel @everyone");

        // Then the webhook got it as plain text: nothing in it mentions or links anybody
        assertThat(receiver.bodies()).singleElement().satisfies(body -> assertThat(json.readTree(body).get("text")
                .asText()).isEqualTo("&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|click&gt; "
                + "&lt;at&gt;Jane&lt;/at&gt; A&amp;B @\u200Bhere @\u200BChannel @\u200Beveryone"));
    }

    @Test
    void aFailingWebhookIsReportedByItsHostAfterTheOthersWereTried(CapturedOutput output) throws IOException {
        // Given a webhook that answers 500, one whose port refuses connections, and one that works
        WebhookReceiver working = WebhookReceiver.start();
        receiver.answer(500);
        WebhookClient client = client(receiver.url(SECRET_PATH), "http://127.0.0.1:" + closedPort() + SECRET_PATH,
                working.url(SECRET_PATH));

        // When a text is posted
        // Then the failure names the two failing webhooks by host and why, never by URL
        try {
            assertThatThrownBy(() -> client.post("MID Server issue resolved"))
                    .hasMessage("2 of 3 webhooks failed: 127.0.0.1 (HTTP 500), 127.0.0.1 (ConnectException)")
                    .hasNoCause();
            // and the working webhook got the message all the same
            assertThat(working.bodies()).hasSize(1);
        } finally {
            working.close();
        }
        // and the secret part of the URLs is in no log line
        assertThat(output.getAll()).contains("127.0.0.1").doesNotContain("Secret-Token-1");
    }

    private WebhookClient client(String... webhooks) {
        return new WebhookClient(new NotifyProperties(List.of(webhooks).stream().map(URI::create).toList(), null,
                Duration.ofSeconds(2), Duration.ofSeconds(5)), json, RestClient.builder());
    }

    /** A port nothing listens on: taken from the system, then given back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
