package io.midwatch.platform;

import java.time.Duration;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Nothing answers anonymously: MidWatch's API and the actuator take HTTP Basic as a Camunda user,
 * the engine REST API uses Camunda's own Basic filter, the webapps have their login page.
 */
@Configuration(proxyBeanMethods = false)
class AuthenticationConfig {

    @Bean
    FilterRegistrationBean<ApiAuthenticationFilter> apiAuthentication(
            IdentityService identityService,
            @Value("${midwatch.api.verified-credentials-time-to-live}") Duration verifiedCredentialsTimeToLive) {
        var verified = new VerifiedCredentials(verifiedCredentialsTimeToLive, System::nanoTime);
        var registration = new FilterRegistrationBean<>(new ApiAuthenticationFilter(identityService, verified));
        registration.addUrlPatterns("/api/*", "/actuator/*");
        registration.setName("midwatch-api-authentication");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        var registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setName("camunda-engine-rest-authentication");
        return registration;
    }
}
