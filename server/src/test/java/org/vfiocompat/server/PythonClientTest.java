package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.RankedTarget;

/**
 * The Python client example (examples/clients/python, a Nova-style scheduler filter) run by
 * python3 against a real server: the hosts it lets pass are those where the engine ranks a
 * compatible target for every device, in the order given, with and without a token.
 */
class PythonClientTest {

    private static final Path SCRIPT = TestServers.ROOT.resolve("examples/clients/python/vfio_compat_filter.py");

    private record Run(int exit, String out, String err) {
    }

    private static Run python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-B", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            throw e;
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** The hosts with a compatible target for every device, as the engine ranks them. */
    private static Set<String> expectedHosts(List<String> devices, List<String> hosts) {
        Set<String> passing = new LinkedHashSet<>(hosts);
        for (String ref : devices) {
            FleetDevice d = TestServers.FLEET.device(ref).orElseThrow();
            Set<String> withTarget = new java.util.HashSet<>();
            for (RankedTarget t : TestServers.engine().rank(d.profile(), TestServers.FLEET.candidatesElsewhere(d.host())).compatible()) {
                withTarget.add(t.candidate().host());
            }
            passing.retainAll(withTarget);
        }
        return passing;
    }

    @Test
    void theFilterPassesTheHostsWhereEveryDeviceHasACompatibleTarget(@TempDir Path dir) throws Exception {
        List<String> hosts = TestServers.FLEET.hosts();
        String second = TestServers.FLEET.assigned().stream().map(FleetDevice::ref)
                .filter(r -> !r.equals(TestServers.SOURCE) && r.startsWith("host-a/")).findFirst().orElseThrow();
        Path tokens = Files.writeString(dir.resolve("tokens"), "python-client-token-42\n");
        try (VfioCompatServer server = TestServers.builder().tokenFile(tokens).build().start()) {
            String url = "http://127.0.0.1:" + server.port();
            List<String> args = new ArrayList<>(List.of("--url", url, "--token-file", tokens.toString(), "--device", TestServers.SOURCE));
            args.addAll(hosts);
            Run one = python(args.toArray(String[]::new));
            assertThat(one.exit()).as(one.err()).isZero();
            Set<String> expected = expectedHosts(List.of(TestServers.SOURCE), hosts);
            assertThat(expected).isNotEmpty().doesNotContain("host-a");
            assertThat(one.out().lines().toList()).containsExactlyElementsOf(expected);
            assertThat(one.err()).contains("decided by sha256:");

            args.addAll(4, List.of("--device", second));
            Run two = python(args.toArray(String[]::new));
            assertThat(two.exit()).as(two.err()).isZero();
            assertThat(two.out().lines().toList()).containsExactlyElementsOf(expectedHosts(List.of(TestServers.SOURCE, second), hosts));

            // Without the token the service refuses, and the filter lets no host pass.
            Run refused = python("--url", url, "--device", TestServers.SOURCE, "host-b", "host-c");
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).contains("401").contains("Authorization: Bearer");
            Run unknown = python("--url", url, "--token-file", tokens.toString(), "--device", "host-a/nothing", "host-b");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("422").contains("(request) at /device");
        }
    }
}
