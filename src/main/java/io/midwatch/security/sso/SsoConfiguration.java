package io.midwatch.security.sso;

import java.util.Map;

import jakarta.servlet.DispatcherType;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.security.oauth2.client.ClientsConfiguredCondition;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** What single sign-on adds when a provider is configured; without one, none of it exists. */
@Configuration(proxyBeanMethods = false)
class SsoConfiguration {

    /**
     * The webapps take the user Spring Security logged in; it runs after Spring Security's filters (which load
     * the login from the session) and before Camunda's own authentication filter of the webapps.
     */
    @Bean
    @Conditional(ClientsConfiguredCondition.class)
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> webappUserFromSpringSecurity() {
        var registration = new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
        registration.setInitParameters(Map.of(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                WebappUserFromSpringSecurity.class.getName()));
        registration.addUrlPatterns("/camunda/app/*", "/camunda/api/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setName("midwatch-webapp-sso-authentication");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /** Cockpit's, Tasklist's and Admin's own "Log out" goes on to the provider ({@link WebappLogoutScript}). */
    @Bean
    @Conditional(ClientsConfiguredCondition.class)
    FilterRegistrationBean<WebappLogoutScript> webappLogoutScript() {
        var registration = new FilterRegistrationBean<>(new WebappLogoutScript());
        registration.addUrlPatterns(WebappLogoutScript.CONFIGS.toArray(String[]::new));
        registration.addUrlPatterns(WebappLogoutScript.SCRIPT);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setName("midwatch-webapp-sso-logout-script");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /**
     * Without an audience, a token the provider issued for any other of its applications would be taken:
     * MidWatch does not start so.
     */
    @Bean
    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri")
    InitializingBean bearerTokensNeedAnAudience(OAuth2ResourceServerProperties properties) {
        return () -> {
            if (properties.getJwt().getAudiences().isEmpty()) {
                throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.audiences is not set: name"
                        + " the audience the identity provider puts in MidWatch's access tokens (docs/security.md,"
                        + " \"Single sign-on\"), so that tokens issued for other applications are refused");
            }
        };
    }
}
