package io.midwatch.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * An incoming webhook for the tests: an HTTP server on 127.0.0.1 at a free port that records every body
 * posted to it and answers 200, or the status it is told to fail with.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    receiver.bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                receiver.contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(receiver.status, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("The webhook receiver could not start", e);
        }
    }

    /** The URL of a webhook at this receiver, with a path as secret as a Slack webhook's. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    public List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    /** Answers every later post with this status (a webhook that is down: 500, 503). */
    public void answer(int status) {
        this.status = status;
    }

    /** Forgets what was posted and answers 200 again. */
    public void reset() {
        bodies.clear();
        contentTypes.clear();
        status = 200;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
