package io.midwatch.platform;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** Which database MidWatch runs on, for the few statements that only PostgreSQL has. */
public final class Databases {

    private Databases() {
    }

    public static boolean isPostgres(ProcessEngine processEngine) {
        return "postgres".equals(
                ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getDatabaseType());
    }
}
