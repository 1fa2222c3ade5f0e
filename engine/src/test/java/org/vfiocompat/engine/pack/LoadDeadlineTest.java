package org.vfiocompat.engine.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.ProblemCodes;

/** The deadline on one pack's build and KieBase creation (issue 13, class 1). */
class LoadDeadlineTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(LoadDeadline.PROPERTY);
        LoadDeadline.stopsThreads = true;
    }

    @Test
    void aBuildThatNeverFinishesIsRefusedAtTheDeadlineAndStopped() {
        System.setProperty(LoadDeadline.PROPERTY, "0.3");
        AtomicReference<Thread> builder = new AtomicReference<>();
        LoadDeadline deadline = LoadDeadline.start("spin", "spin/pack.json");
        assertThatThrownBy(() -> deadline.run("KieBase creation", () -> {
            builder.set(Thread.currentThread());
            long n = 0;
            while (n >= 0) {
                n = (n + 1) % 1_000_000; // spins, ignoring interrupts, as a pack's endless code would
            }
            return n;
        })).isInstanceOfSatisfying(PackProblems.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(ProblemCodes.PACK_LOAD_DEADLINE);
                assertThat(p.file()).isEqualTo("spin/pack.json");
                assertThat(p.message()).isEqualTo("the pack's KieBase creation did not finish within the load deadline of 300 ms; "
                        + "the build was stopped and the pack refused");
            });
        });
        // Java 17 still stops the thread: nothing keeps burning a core after the refusal.
        Thread t = builder.get();
        try {
            t.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void aStoppedBuildHasEndedAndCalledItsAbandonedActionWithNothingBeforeTheRefusal() {
        System.setProperty(LoadDeadline.PROPERTY, "0.2");
        CompletableFuture<Optional<Object>> abandoned = new CompletableFuture<>();
        LoadDeadline deadline = LoadDeadline.start("spin", "spin/pack.json");
        assertThatThrownBy(() -> deadline.run("build", () -> {
            long n = 0;
            while (n >= 0) {
                n = (n + 1) % 1_000_000;
            }
            return (Object) n;
        }, late -> abandoned.complete(Optional.ofNullable(late)))).isInstanceOf(PackProblems.class);
        // Done by the time the refusal is thrown: a reload holding its lock sees the undoing done.
        assertThat(abandoned).isCompletedWithValue(Optional.empty());
    }

    @Test
    void aBuildThatFinishesAfterItsRefusalHandsItsResultToTheAbandonedAction() throws Exception {
        // As on a JVM without Thread.stop() (Java 20 and later): the build runs on to its end.
        LoadDeadline.stopsThreads = false;
        System.setProperty(LoadDeadline.PROPERTY, "0.2");
        CompletableFuture<Object> abandoned = new CompletableFuture<>();
        CountDownLatch refused = new CountDownLatch(1);
        LoadDeadline deadline = LoadDeadline.start("slow", "slow/pack.json");
        assertThatThrownBy(() -> deadline.run("build", () -> {
            // Ignores its interrupt, as a build deep in a compiler does, and finishes after the refusal.
            while (true) {
                try {
                    refused.await();
                    return "built late";
                } catch (InterruptedException e) {
                    // not a reason to stop here
                }
            }
        }, abandoned::complete)).isInstanceOfSatisfying(PackProblems.class,
                e -> assertThat(e.problems().get(0).code()).isEqualTo(ProblemCodes.PACK_LOAD_DEADLINE));
        assertThat(abandoned).isNotDone();
        refused.countDown();
        assertThat(abandoned.get(30, TimeUnit.SECONDS)).isEqualTo("built late");
    }

    @Test
    void aBuildWithinTheDeadlineGivesItsResultAndItsExceptionsUnchanged() {
        LoadDeadline deadline = LoadDeadline.start("ok", "ok/pack.json");
        assertThat(deadline.run("build", () -> "built", late -> {
            throw new AssertionError("a build within its deadline is not abandoned: " + late);
        })).isEqualTo("built");
        IllegalStateException thrown = new IllegalStateException("generator failed");
        assertThatThrownBy(() -> deadline.run("build", () -> {
            throw thrown;
        })).isSameAs(thrown);
        StackOverflowError overflow = new StackOverflowError();
        assertThatThrownBy(() -> deadline.run("build", () -> {
            throw overflow;
        })).isSameAs(overflow);
    }

    @Test
    void theDeadlineComesFromItsPropertyOrIsTheDefault() {
        assertThat(LoadDeadline.configured()).isEqualTo(LoadDeadline.DEFAULT);
        System.setProperty(LoadDeadline.PROPERTY, "2.5");
        assertThat(LoadDeadline.configured()).isEqualTo(Duration.ofMillis(2500));
        for (String bad : new String[] {"-1", "0", "soon", "1e9"}) {
            System.setProperty(LoadDeadline.PROPERTY, bad);
            assertThat(LoadDeadline.configured()).as(bad).isEqualTo(LoadDeadline.DEFAULT);
        }
    }
}
