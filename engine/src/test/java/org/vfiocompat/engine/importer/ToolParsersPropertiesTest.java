package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assertions;
import org.vfiocompat.engine.InvalidInventoryException;

/**
 * Random bytes and mutated fixture files never make a tool-output parser throw anything but the
 * importer's located error ({@link InvalidInventoryException}, every problem naming the file), and
 * never make it hang.
 */
class ToolParsersPropertiesTest {

    private static final Map<String, BiFunction<Path, Warnings, Object>> PARSERS = Map.of(
            "nvidia-smi-q-x.xml", NvidiaSmiXml::read,
            "nvidia-smi-vgpu-q.txt", NvidiaSmiVgpu::read,
            "devlink-dev-info.json", (p, w) -> {
                Devlink.read(p, w, Devlink.Facts.empty());
                return null;
            },
            "lspci-nn-D-vmm-k.txt", Lspci::read,
            "uname-r.txt", KernelRelease::read,
            "os-release", OsRelease::read,
            "virsh-version.txt", VirshVersion::read);

    /** Which fixture each parser's mutations start from. */
    private static final Map<String, String> SEED_HOST = Map.of("nvidia-smi-q-x.xml", "host-1", "nvidia-smi-vgpu-q.txt", "host-1",
            "devlink-dev-info.json", "host-2", "lspci-nn-D-vmm-k.txt", "host-3", "uname-r.txt", "host-3", "os-release", "host-3",
            "virsh-version.txt", "host-2");

    record Mutation(int kind, double at, int length, String text) {
    }

    @Provide
    Arbitrary<String> parsers() {
        return Arbitraries.of(new ArrayList<>(PARSERS.keySet()).stream().sorted().toList());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("N/A", "<", ">", "</gpu>", "<gpu id=\"x\">", "\n", "\t", ":", "=", "\"", "{", "}", "[", "]", ",",
                        "<!DOCTYPE a SYSTEM \"b\">", "<!DOCTYPE a [", "&x;", "\uFFFD", "null", "\"pci/0000:17:00.0\":1", "vGPU ID : 1"));
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 400), text).as(Mutation::new);
        return one.list().ofMaxSize(6);
    }

    @Property(tries = 300)
    void mutatedFixturesGiveValuesOrLocatedErrors(@ForAll("parsers") String parser, @ForAll("mutations") List<Mutation> mutations)
            throws IOException {
        if (!Files.isDirectory(SharedHosts.HOSTS)) {
            // No seeds in a checkout without the shared fixtures beside it (CI has them): a jqwik
            // property cannot be skipped by a JUnit assumption, and 300 rejections fail it.
            return;
        }
        Path seed = SharedHosts.host(SEED_HOST.get(parser)).resolve(parser);
        StringBuilder text = new StringBuilder(Files.readString(seed, StandardCharsets.UTF_8));
        for (Mutation m : mutations) {
            int at = (int) (m.at() * text.length());
            int end = Math.min(text.length(), at + m.length());
            switch (m.kind()) {
                case 0 -> text.delete(at, end);
                case 1 -> text.insert(at, m.text());
                case 2 -> text.insert(at, text.substring(at, end));
                case 3 -> text.setLength(at);
                default -> text.replace(at, end, m.text());
            }
        }
        check(parser, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 200)
    void randomBytesGiveValuesOrLocatedErrors(@ForAll("parsers") String parser,
                                              @ForAll byte[] bytes) throws IOException {
        check(parser, bytes);
    }

    private static void check(String parser, byte[] content) throws IOException {
        Path dir = Files.createTempDirectory("tool-output");
        Path file = dir.resolve(parser);
        try {
            Files.write(file, content);
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Warnings warnings = new Warnings();
                PARSERS.get(parser).apply(file, warnings);
                try {
                    warnings.throwErrors();
                } catch (InvalidInventoryException e) {
                    assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
                }
                assertThat(warnings.list()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
            });
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
