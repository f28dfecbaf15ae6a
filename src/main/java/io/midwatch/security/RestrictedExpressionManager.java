package io.midwatch.security;

import java.util.Map;

import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.springframework.context.ApplicationContext;

/**
 * The engine's one expression manager, for models and queries alike, with its resolvers behind a
 * {@link MethodCallRefusingElResolver}: an expression that reaches the engine by any way (a model, a query
 * the engine fails to refuse) reads variables and bean properties and does date arithmetic, and nothing more.
 */
class RestrictedExpressionManager extends SpringExpressionManager {

    RestrictedExpressionManager(ApplicationContext applicationContext, Map<Object, Object> beans) {
        super(applicationContext, beans);
    }

    @Override
    protected ELResolver createElResolver() {
        return new MethodCallRefusingElResolver(super.createElResolver());
    }
}
