package io.midwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * A caller of MidWatch from a client address of the test's choosing: any address of the loopback network
 * 127.0.0.0/8 reaches the server, which sees it as the caller's address. Keeps its connections alive, so
 * that many calls are cheap, and may be used by several threads at once. Webapp logins share one session,
 * as a browser's tab would.
 */
public final class ClientAtAddress implements AutoCloseable {

    private static final String WEBAPP_LOGIN = "/camunda/api/admin/auth/user/default/login/cockpit";

    private final String base;
    private final CloseableHttpClient http;
    private volatile String xsrfToken;

    public ClientAtAddress(int port, String address) {
        this.base = "http://127.0.0.1:" + port;
        InetAddress local = inetAddress(address);
        this.http = HttpClients.custom()
                .setRoutePlanner(new DefaultRoutePlanner(null) {
                    @Override
                    protected InetAddress determineLocalAddress(HttpHost firstHop, HttpContext context) {
                        return local;
                    }
                })
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(16).setMaxConnPerRoute(16).build())
                .disableAutomaticRetries()
                .build();
    }

    /** The status of a GET with HTTP Basic credentials. */
    public int get(String path, String user, String password) {
        return send(withBasic(new HttpGet(base + path), user, password));
    }

    /** The status of a POST of a JSON text with HTTP Basic credentials. */
    public int post(String path, String user, String password, String json) {
        HttpPost post = withBasic(new HttpPost(base + path), user, password);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return send(post);
    }

    /** The status of a login through the webapps' login form (Cockpit), as their pages send it. */
    public int webappLogin(String user, String password) {
        HttpPost login = new HttpPost(base + WEBAPP_LOGIN);
        login.setHeader("X-XSRF-TOKEN", xsrfToken());
        login.setEntity(new UrlEncodedFormEntity(List.of(new BasicNameValuePair("username", user),
                new BasicNameValuePair("password", password)), StandardCharsets.UTF_8));
        int status = send(login);
        if (status == 200) {
            // a login starts a new session, with a new token
            xsrfToken = null;
        }
        return status;
    }

    /** The webapps hand out their CSRF token, bound to the session, with any page: one session for all threads. */
    private synchronized String xsrfToken() {
        if (xsrfToken == null) {
            xsrfToken = call(new HttpGet(base + "/camunda/app/cockpit/default/"),
                    response -> response.getFirstHeader("X-XSRF-TOKEN").getValue());
        }
        return xsrfToken;
    }

    private static <T extends HttpUriRequestBase> T withBasic(T request, String user, String password) {
        request.setHeader(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        request.setHeader(HttpHeaders.ACCEPT, "application/json, application/problem+json");
        return request;
    }

    private int send(HttpUriRequestBase request) {
        return call(request, ClassicHttpResponse::getCode);
    }

    private <T> T call(HttpUriRequestBase request, Function<ClassicHttpResponse, T> read) {
        try {
            return http.execute(request, response -> {
                T result = read.apply(response);
                EntityUtils.consume(response.getEntity());
                return result;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress inetAddress(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
