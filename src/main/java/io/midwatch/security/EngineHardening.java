package io.midwatch.security;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Engine settings that keep a Camunda user from running code with MidWatch's rights or locking others out:
 * <ul>
 * <li>process expressions see only the beans that models call (delegates and listeners), not the whole
 * application context, so a deployed model cannot name {@code ${jdbcTemplate...}};</li>
 * <li>every password check is throttled per client address and user, and failed ones are logged
 * ({@link ThrottledIdentityProvider}); Camunda's hold-back of a user after a wrong password, which refused
 * the right one from everywhere, and its lock for good after repeated failures are replaced by that
 * time-limited one of the address that failed.</li>
 * </ul>
 * Expressions in stored Tasklist filters are off and Camunda's password policy is on (application.yml).
 */
@Component
public class EngineHardening extends AbstractProcessEnginePlugin {

    /** The bean types models may name in expressions. */
    static final Set<Class<?>> MODEL_BEAN_TYPES = Set.of(JavaDelegate.class, TaskListener.class, ExecutionListener.class);

    private final ApplicationContext applicationContext;
    private final LoginThrottle throttle;
    private final FailedLoginLog failedLoginLog = new FailedLoginLog(System::nanoTime);

    EngineHardening(ApplicationContext applicationContext, LoginThrottle throttle) {
        this.applicationContext = applicationContext;
        this.throttle = throttle;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        Map<Object, Object> modelBeans = new ModelBeans(applicationContext);
        configuration.setBeans(modelBeans);
        configuration.setExpressionManager(new RestrictedExpressionManager(applicationContext, modelBeans));

        // it also turns Camunda's hold-back and lock of a user off: they refused the right password from everywhere
        configuration.setIdentityProviderSessionFactory(
                new ThrottledIdentityProvider.Factory(throttle, failedLoginLog));
    }

    /** Forgets all failed logins and the log lines written about them, as a restart would. */
    public void forgetFailedLogins() {
        throttle.clear();
        failedLoginLog.clear();
    }

    /**
     * The delegate and listener beans by name, looked up when an expression first asks: the delegates
     * depend on the engine's services, so they cannot be created while the engine is.
     */
    static final class ModelBeans extends AbstractMap<Object, Object> {

        private final ApplicationContext applicationContext;
        private volatile Set<String> names;

        ModelBeans(ApplicationContext applicationContext) {
            this.applicationContext = applicationContext;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && names().contains(name);
        }

        @Override
        public Object get(Object key) {
            return containsKey(key) ? applicationContext.getBean((String) key) : null;
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return names().stream().map(name -> Map.entry((Object) name, applicationContext.getBean(name)))
                    .collect(Collectors.toUnmodifiableSet());
        }

        Set<String> names() {
            if (names == null) {
                names = MODEL_BEAN_TYPES.stream()
                        .flatMap(type -> Arrays.stream(applicationContext.getBeanNamesForType(type, false, false)))
                        .collect(Collectors.toUnmodifiableSet());
            }
            return names;
        }
    }
}
