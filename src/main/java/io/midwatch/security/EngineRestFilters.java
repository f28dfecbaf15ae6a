package io.midwatch.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import io.midwatch.security.sso.EngineRestAuthentication;
import io.midwatch.security.sso.SsoSignIn;

/**
 * The engine REST API takes HTTP Basic as a Camunda user through Camunda's own filter, and with an identity
 * provider configured also the provider's bearer tokens; the
 * {@link EngineApiGuard} runs right after it, and after the webapps' session authentication.
 */
@Configuration(proxyBeanMethods = false)
class EngineRestFilters {

    private static final String NO_STORE = "no-cache, no-store, max-age=0, must-revalidate";

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication(
            ObjectProvider<JwtDecoder> providerTokens, SsoSignIn ssoSignIn, ObjectMapper json) {
        JwtDecoder tokens = providerTokens.getIfAvailable();
        var registration = new FilterRegistrationBean<>(tokens == null ? new ProcessEngineAuthenticationFilter()
                : new EngineRestAuthentication(tokens, ssoSignIn, json));
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setName("camunda-engine-rest-authentication");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    /** The engine's answers are neither to be sniffed nor cached, as the API's are (Spring Security's defaults). */
    @Bean
    FilterRegistrationBean<Filter> engineRestHeaders() {
        Filter headers = (request, response, chain) -> {
            var http = (HttpServletResponse) response;
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
            // the engine's resources write a weaker Cache-Control of their own: keep ours
            chain.doFilter(request, new HttpServletResponseWrapper(http) {
                @Override
                public void setHeader(String name, String value) {
                    super.setHeader(name, HttpHeaders.CACHE_CONTROL.equalsIgnoreCase(name) ? NO_STORE : value);
                }

                @Override
                public void addHeader(String name, String value) {
                    if (!HttpHeaders.CACHE_CONTROL.equalsIgnoreCase(name)) {
                        super.addHeader(name, value);
                    }
                }
            });
        };
        var registration = new FilterRegistrationBean<>(headers);
        registration.addUrlPatterns("/engine-rest/*");
        registration.setName("midwatch-engine-rest-headers");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<EngineApiGuard> engineApiGuard(IdentityService identityService, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new EngineApiGuard(identityService, json));
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        registration.setName("midwatch-engine-api-guard");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 5);
        return registration;
    }
}
