package io.midwatch.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Checks of what callers send to the engine's REST APIs ({@code /engine-rest}, and the webapps' under
 * {@code /camunda/api}), made before the engine reads what they send.
 */
@Configuration(proxyBeanMethods = false)
class EngineApiInputFilters {

    @Bean
    FilterRegistrationBean<AdhocQueryExpressionGuard> adhocQueryExpressionGuard(ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new AdhocQueryExpressionGuard(json));
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
        registration.setName("midwatch-adhoc-query-expression-guard");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 4);
        return registration;
    }

    @Bean
    FilterRegistrationBean<FirstUserSetUpClosed> firstUserSetUpClosed(ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new FirstUserSetUpClosed(json));
        registration.addUrlPatterns("/camunda/api/admin/setup/*");
        registration.setName("midwatch-first-user-set-up-closed");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<TaskFormVariablesGuard> taskFormVariablesGuard(IdentityService identityService,
            FormService formService, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new TaskFormVariablesGuard(identityService, formService, json));
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        registration.setName("midwatch-task-form-variables-guard");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 3);
        return registration;
    }
}
