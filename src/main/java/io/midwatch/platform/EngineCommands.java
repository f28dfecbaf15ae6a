package io.midwatch.platform;

import java.util.function.Supplier;

import org.camunda.bpm.engine.context.ProcessEngineContext;

/**
 * Engine calls made in an engine command of their own that joins the current transaction, instead of one nested
 * in the command of a job that may be running them: that command's transaction is not necessarily the current one
 * (a pass and retention commit in chunks, see docs/adr/0009-a-pass-commits-in-chunks.md).
 */
public final class EngineCommands {

    private EngineCommands() {
    }

    public static <T> T inOwnCommand(Supplier<T> work) {
        ProcessEngineContext.requiresNew();
        try {
            return work.get();
        } finally {
            ProcessEngineContext.clear();
        }
    }
}
