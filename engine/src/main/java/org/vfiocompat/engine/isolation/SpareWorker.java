package org.vfiocompat.engine.isolation;

import java.io.IOException;
import java.util.List;

/**
 * At most one worker JVM started ahead of need, in this JVM: an engine with packs to isolate
 * starts it when it loads them, and the first pack that needs a worker takes it instead of
 * starting one. A worker spends most of its start-up before it knows its pack (the JVM, then
 * Drools' own start, which {@link WorkerMain} does before it reads the engine's hello), so that
 * part runs beside the engine's own start-up and the inventory read instead of after them: a
 * one-shot {@code check} waits for the worker's pack load and one evaluation only. The next
 * worker is started when needed, never ahead, so a spare costs one JVM at most. An untaken spare
 * exits when the engine's JVM does (its input ends), or when {@link #discard} ends it.
 */
final class SpareWorker {

    private static Process spare;
    private static List<String> spareCommand;

    private SpareWorker() {
    }

    /** Starts a spare worker with {@code command}, unless one is waiting. */
    static synchronized void prestart(List<String> command) {
        if (spare != null && spare.isAlive()) {
            return;
        }
        try {
            spare = start(command);
            spareCommand = command;
        } catch (IOException e) {
            spare = null; // the worker is started when needed, and its failure reported then
        }
    }

    /** The spare, if one started with {@code command} is waiting, else a new worker process. */
    static Process take(List<String> command) throws IOException {
        synchronized (SpareWorker.class) {
            if (spare != null && spare.isAlive() && command.equals(spareCommand)) {
                Process p = spare;
                spare = null;
                return p;
            }
        }
        return start(command);
    }

    /** Ends the spare, if one is waiting: its engine closed without needing it. */
    static synchronized void discard() {
        if (spare != null) {
            spare.destroyForcibly();
            spare = null;
        }
    }

    private static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
