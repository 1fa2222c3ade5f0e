package org.vfiocompat.engine.isolation;

import java.io.IOException;

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

    private static WorkerLaunch.Started spare;
    private static WorkerLaunch spareLaunch;

    private SpareWorker() {
    }

    /** Starts a spare worker as {@code launch} says, unless one is waiting. */
    static synchronized void prestart(WorkerLaunch launch) {
        if (spare != null && spare.process().isAlive()) {
            return;
        }
        try {
            spare = launch.start();
            spareLaunch = launch;
        } catch (IOException e) {
            spare = null; // the worker is started when needed, and its failure reported then
        }
    }

    /** The spare, if one started with the same command as {@code launch} is waiting, else a new worker. */
    static WorkerLaunch.Started take(WorkerLaunch launch) throws IOException {
        synchronized (SpareWorker.class) {
            if (spare != null && spare.process().isAlive() && launch.command().equals(spareLaunch.command())) {
                WorkerLaunch.Started taken = spare;
                spare = null;
                return taken;
            }
        }
        return launch.start();
    }

    /** Ends the spare, if one is waiting: its engine closed without needing it. */
    static synchronized void discard() {
        if (spare != null) {
            spare.process().destroyForcibly();
            if (spare.recording() != null) {
                spare.recording().finish(false); // it loaded no pack: its class list would make a poor archive
            }
            spare = null;
        }
    }
}
