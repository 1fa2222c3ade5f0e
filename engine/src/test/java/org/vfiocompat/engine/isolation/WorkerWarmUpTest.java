package org.vfiocompat.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The warm-up swallows its failures (it is only a head start), so this is what says that it still
 * builds and fires: after a Drools upgrade that broke its rule it would return 0 and every worker
 * would silently lose its head start.
 */
class WorkerWarmUpTest {

    @Test
    void itsRuleIsBuiltAndFiresOnce() {
        assertThat(WorkerWarmUp.run()).isEqualTo(1);
    }

    @Test
    void itRunsOnADaemonThreadThatNeverHoldsAWorkerJvmOpen() throws InterruptedException {
        Thread t = WorkerWarmUp.start();
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("vfio-compat-worker-warm-up");
        t.join();
    }
}
