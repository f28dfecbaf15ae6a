package io.midwatch.support;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** MidWatch's REST API as a caller sees it: status, headers and JSON body, errors included. */
public class Api {

    private final TestRestTemplate rest;

    public Api(TestRestTemplate rest) {
        this.rest = rest;
    }

    /** The API at {@code rootUri}, as {@code user} with HTTP Basic. */
    public static Api at(String rootUri, String user, String password) {
        return new Api(new TestRestTemplate(new RestTemplateBuilder().rootUri(rootUri)).withBasicAuth(user, password));
    }

    public ResponseEntity<JsonNode> get(String path) {
        return exchange(HttpMethod.GET, path, null);
    }

    public ResponseEntity<JsonNode> post(String path, Object body) {
        return exchange(HttpMethod.POST, path, body);
    }

    public ResponseEntity<JsonNode> put(String path, Object body) {
        return exchange(HttpMethod.PUT, path, body);
    }

    public ResponseEntity<JsonNode> patch(String path, Object body) {
        return exchange(HttpMethod.PATCH, path, body);
    }

    /** Sends a raw JSON text, for malformed bodies. */
    public ResponseEntity<JsonNode> send(HttpMethod method, String path, String json) {
        return exchange(method, path, json);
    }

    /** Any method with any body (or none). */
    public ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body) {
        return exchange(method, path, body);
    }

    private ResponseEntity<JsonNode> exchange(HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        return rest.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    public static Map<String, Object> midServer(String name, String userName, String status) {
        return Map.of("name", name, "userName", userName, "status", status);
    }
}
