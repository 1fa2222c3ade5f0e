package org.vfiocompat.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kie.api.runtime.KieSession;

/** The watchdog outlives any error a halted session throws at it (issue 13, class 4). */
class WatchdogTest {

    /** A session whose {@code halt()} runs {@code onHalt}; nothing else of it is used by the watchdog. */
    private static KieSession session(Runnable onHalt) {
        return (KieSession) Proxy.newProxyInstance(KieSession.class.getClassLoader(), new Class<?>[] {KieSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("halt")) {
                        onHalt.run();
                        return null;
                    }
                    if (method.getName().equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    if (method.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anOutOfMemoryErrorWhileHaltingDoesNotStopTheWatchdog() throws InterruptedException {
        survives(new OutOfMemoryError("Java heap space (thrown by the test)"));
    }

    @Test
    void aStackOverflowWhileHaltingDoesNotStopTheWatchdog() throws InterruptedException {
        survives(new StackOverflowError("thrown by the test"));
    }

    /** A session whose halt throws {@code error} is halted, and a later overrun is still halted too. */
    private static void survives(Error error) throws InterruptedException {
        CountDownLatch thrown = new CountDownLatch(1);
        Watchdog.Ticket failing = Watchdog.INSTANCE.start(session(() -> {
            thrown.countDown();
            throw error;
        }), 0);
        assertThat(thrown.await(5, TimeUnit.SECONDS)).as("the overrun session was halted").isTrue();
        Watchdog.INSTANCE.finish(failing);

        CountDownLatch halted = new CountDownLatch(1);
        Watchdog.Ticket later = Watchdog.INSTANCE.start(session(halted::countDown), 0);
        try {
            assertThat(halted.await(5, TimeUnit.SECONDS)).as("a later overrun is still halted").isTrue();
            assertThat(later.overran).isTrue();
        } finally {
            Watchdog.INSTANCE.finish(later);
        }
    }
}
