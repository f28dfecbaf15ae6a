package io.midwatch.heartbeat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A MID Server sending heartbeats from a client address of the test's choosing: any address of the
 * loopback network 127.0.0.0/8 reaches the server, which sees it as the caller's address. Plain HTTP/1.0,
 * so that the answer ends with the connection.
 */
final class HeartbeatClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final int port;
    private final String fromAddress;

    HeartbeatClient(int port, String fromAddress) {
        this.port = port;
        this.fromAddress = fromAddress;
    }

    Answer beat(String midServer, String userName, String password) {
        String basic = Base64.getEncoder().encodeToString((userName + ":" + password).getBytes(StandardCharsets.UTF_8));
        String request = "POST /api/mid-servers/" + midServer + "/heartbeat HTTP/1.0\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Authorization: Basic " + basic + "\r\n"
                + "Accept: application/json, application/problem+json\r\n"
                + "Content-Length: 0\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(fromAddress), 0)) {
            // a guard against a hanging test, not a measurement
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer parse(String response) {
        int end = response.indexOf("\r\n\r\n");
        String[] lines = response.substring(0, end).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(end + 4));
    }
}
