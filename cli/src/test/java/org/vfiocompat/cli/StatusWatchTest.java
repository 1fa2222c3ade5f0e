package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --watch}: the long-running mode. The command stays up, the engine reloads its
 * packs when they change, and each reload is reported — a broken change as a failed reload that
 * keeps the last good packs.
 */
class StatusWatchTest {

    @TempDir
    Path dir;

    @Test
    void watchReportsAGoodReloadThenARefusedUpdateThatKeepsTheLastGoodVersion() throws Exception {
        assertThat(CliRun.run("pack", "init", "watched", "--namespace", "watched-", "-C", dir.toString()).exitCode())
                .isZero();
        Path manifest = dir.resolve("watched/pack.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> Main.run(new String[] {
            "status", "--watch", "1", "--watch-reloads", "2", "--format", "json", "--packs", dir.resolve("watched").toString(),
            "--pack-cache", dir.resolve("cache").toString()}, new PrintWriter(out, true), new PrintWriter(err, true)));
        awaitOutput(out, "\"lastLoad\"", running);

        Files.writeString(manifest, Files.readString(manifest).replace("\"version\": \"0.1.0\"", "\"version\": \"0.1.1\""));
        awaitOutput(out, "\"type\":\"reload\"", running);
        Files.writeString(manifest, Files.readString(manifest).replace("\"namespaces\"", "\"namespace\""));

        assertThat(running.get(120, TimeUnit.SECONDS)).as(err.toString()).isZero();
        String text = out.toString();
        List<JsonNode> reloads = text.lines().filter(l -> l.startsWith("{\"type\":\"reload\"")).map(StatusWatchTest::json).toList();
        assertThat(reloads).hasSize(2);
        assertThat(reloads.get(0).path("ok").asBoolean()).isTrue();
        assertThat(reloads.get(0).path("generation").asLong()).isEqualTo(2);
        // The broken update is refused alone (issue 13, class 7): the reload goes on, keeps the
        // pack's last good version, and says why the update was refused.
        assertThat(reloads.get(1).path("ok").asBoolean()).isTrue();
        assertThat(reloads.get(1).path("packDigests")).as("the last good version kept").isEqualTo(reloads.get(0).path("packDigests"));
        assertThat(reloads.get(1).toString()).contains("watched").contains("pack.json").contains("namespace");
    }

    @Test
    void watchNeedsAtLeastOneSecond() {
        CliRun r = CliRun.run("status", "--watch", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--watch needs at least 1 second");
    }

    private static void awaitOutput(StringWriter out, String marker, CompletableFuture<Integer> running) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!out.toString().contains(marker)) {
            if (running.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + marker + "' in the output: " + out);
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
