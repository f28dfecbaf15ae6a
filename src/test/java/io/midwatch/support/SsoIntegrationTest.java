package io.midwatch.support;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * MidWatch with single sign-on: an OpenID Connect provider (mock-oauth2-server) runs in the test's JVM, the
 * webapps log in through it and the APIs take its tokens. Its groups map to MidWatch's roles as a company's
 * would. The SSO tests share this one application context, a second one beside the plain tests'.
 */
public abstract class SsoIntegrationTest extends PostgresIntegrationTest {

    public static final String ISSUER_ID = "corp";
    public static final String CLIENT_ID = "midwatch";
    /** The audience the provider puts in MidWatch's access tokens. */
    public static final String API_AUDIENCE = "midwatch-api";

    public static final String ADMINS = "mw-admins";
    public static final String OPERATORS = "mw-operators";
    public static final String INTEGRATIONS = "mw-integrations";
    public static final String MONITORING = "mw-monitoring";

    /** The id of the provider's login page, shown while its session is ended (after a logout there). */
    protected static final String PROVIDER_LOGIN_PAGE = ProviderSession.LOGIN_PAGE_ID;

    private static final ProviderSession SESSION = new ProviderSession();
    protected static final MockOAuth2Server PROVIDER = started();

    private static MockOAuth2Server started() {
        var provider = new MockOAuth2Server(SESSION.routes());
        provider.start();
        return provider;
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry settings) {
        String issuer = issuer();
        settings.add("spring.security.oauth2.client.registration.corp.client-id", () -> CLIENT_ID);
        settings.add("spring.security.oauth2.client.registration.corp.client-secret", () -> "midwatch-secret");
        settings.add("spring.security.oauth2.client.registration.corp.scope", () -> "openid,profile,email");
        settings.add("spring.security.oauth2.client.provider.corp.issuer-uri", () -> issuer);
        settings.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> issuer);
        settings.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> API_AUDIENCE);
        settings.add("midwatch.sso.group-mapping." + ADMINS, () -> "camunda-admin,mid_admin");
        settings.add("midwatch.sso.group-mapping." + OPERATORS, () -> "mid_admin");
        settings.add("midwatch.sso.group-mapping." + INTEGRATIONS, () -> "mid_integration");
        settings.add("midwatch.sso.group-mapping." + MONITORING, () -> "mid_monitoring");
    }

    protected static String issuer() {
        return PROVIDER.issuerUrl(ISSUER_ID).toString();
    }

    /** An access token of the provider for MidWatch's APIs, for the user with these groups, valid for an hour. */
    protected static String accessToken(String userName, List<String> groups) {
        return token(userName, groups, API_AUDIENCE, 3600);
    }

    protected static String token(String userName, List<String> groups, String audience, long expirySeconds) {
        return PROVIDER.issueToken(ISSUER_ID, CLIENT_ID, new DefaultOAuth2TokenCallback(ISSUER_ID, subject(userName),
                JOSEObjectType.JWT.getType(), List.of(audience), claims(userName, groups), expirySeconds)).serialize();
    }

    /** The next login at the provider is this user's, in these groups (the provider shows no form). */
    protected static void nextLoginAs(String userName, List<String> groups) {
        SESSION.begin();
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject(userName),
                JOSEObjectType.JWT.getType(), List.of(CLIENT_ID), claims(userName, groups), 3600));
    }

    /** The provider's token endpoint fails at the next code exchange, as a provider in trouble does. */
    protected static void nextTokenRequestFails() {
        SESSION.begin();
        PROVIDER.enqueueCallback(new OAuth2TokenCallback() {
            @Override
            public String issuerId() {
                return ISSUER_ID;
            }

            @Override
            public String subject(TokenRequest request) {
                throw new IllegalStateException("the provider's user directory is down");
            }

            @Override
            public String typeHeader(TokenRequest request) {
                return JOSEObjectType.JWT.getType();
            }

            @Override
            public List<String> audience(TokenRequest request) {
                return List.of(CLIENT_ID);
            }

            @Override
            public Map<String, Object> addClaims(TokenRequest request) {
                return Map.of();
            }

            @Override
            public long tokenExpiry() {
                return 3600;
            }
        });
    }

    /**
     * The oldest request the provider received that matches, among those not taken yet (earlier tests' too); the
     * requests before it are taken with it.
     */
    protected static RecordedRequest providerReceived(Predicate<HttpUrl> request) {
        while (true) {
            RecordedRequest next = PROVIDER.takeRequest();
            if (next.getRequestUrl() != null && request.test(next.getRequestUrl())) {
                return next;
            }
        }
    }

    private static String subject(String userName) {
        return "subject-of-" + userName;
    }

    private static Map<String, Object> claims(String userName, List<String> groups) {
        return Map.of("preferred_username", userName, "groups", groups, "given_name", "Single", "family_name",
                "Sign-On");
    }
}
