package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packs from a folder, a zip and a jar on the class path: the same content loads alike; hostile archives are refused. */
class PackArchiveTest {

    @TempDir
    Path tmp;

    private Path folder;
    private Map<String, byte[]> files;

    @BeforeEach
    void writePack() throws IOException {
        folder = TestPacks.sameTypeLive(tmp, "zippy", "zip-", 70);
        files = new LinkedHashMap<>();
        files.put("pack.json", Files.readAllBytes(folder.resolve("pack.json")));
        files.put("rules/main.drl", Files.readAllBytes(folder.resolve("rules/main.drl")));
    }

    @Test
    void folderZipAndJarOnTheClassPathGiveTheSamePackAndDigest() throws Exception {
        Path flat = zip("flat.zip", "", files);
        Path nested = zip("nested.zip", "zippy-1.0.0/", files);
        Path jar = zip("pack.jar", "META-INF/vfio-compat/packs/zippy/", files);
        PackInfo fromFolder = only(CompatibilityEngine.builder().packs(folder).build());
        PackInfo fromFlat = only(CompatibilityEngine.builder().packLocations(List.of(flat.toString())).build());
        PackInfo fromNested = only(CompatibilityEngine.builder().packs(nested).build());
        PackInfo fromJar;
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            thread.setContextClassLoader(loader);
            fromJar = only(CompatibilityEngine.builder()
                    .packLocations(List.of("classpath:META-INF/vfio-compat/packs/zippy")).build());
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(fromFolder.digest()).startsWith("sha256:");
        for (PackInfo other : List.of(fromFlat, fromNested, fromJar)) {
            assertThat(other.digest()).as(other.location()).isEqualTo(fromFolder.digest());
            assertThat(other.id()).isEqualTo("zippy");
        }
        assertThat(fromNested.location()).isEqualTo(nested + "!");
        assertThat(fromJar.location()).isEqualTo("classpath:META-INF/vfio-compat/packs/zippy");
        // A changed byte is a changed digest, whatever the form.
        files.put("rules/main.drl", (new String(files.get("rules/main.drl"), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
        PackInfo changed = only(CompatibilityEngine.builder().packs(zip("changed.zip", "", files)).build());
        assertThat(changed.digest()).isNotEqualTo(fromFolder.digest());
    }

    @Test
    void aFolderOfPacksAlsoLoadsTheArchivesInIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shelf"));
        Path z = zip("z.zip", "", files);
        Files.move(z, dir.resolve("zippy.zip"));
        assertThat(only(CompatibilityEngine.builder().packs(dir).build()).location()).endsWith("shelf/zippy.zip!");
    }

    @Test
    void aMissingClassPathPackNamesTheResource() {
        assertThatThrownBy(() -> CompatibilityEngine.builder().packLocations(List.of("classpath:no/such/pack")).build())
                .isInstanceOf(InvalidPackException.class)
                .hasMessage("classpath:no/such/pack/pack.json: no such resource on the class path");
    }

    @Test
    void anEntryThatClimbsOutIsRefused() throws IOException {
        Map<String, byte[]> bad = new LinkedHashMap<>(files);
        bad.put("../evil.drl", new byte[] {1});
        assertRefused(zip("climb.zip", "", bad), "../evil.drl: entry path is absolute or climbs out of the archive");
        Map<String, byte[]> absolute = new LinkedHashMap<>(files);
        absolute.put("/etc/x", new byte[] {1});
        assertRefused(zip("abs.zip", "", absolute), "/etc/x: entry path is absolute or climbs out of the archive");
    }

    @Test
    void aNameTwiceIsRefused() throws IOException {
        Map<String, byte[]> twice = new LinkedHashMap<>(files);
        twice.put("rules/twin.drl", new byte[] {1});
        // ZipOutputStream refuses duplicates, so the second name is patched into the bytes afterwards.
        Path z = zip("twice.zip", "", twice);
        Files.write(z, replace(Files.readAllBytes(z), "rules/twin.drl", "rules/main.drl"));
        assertRefused(z, "rules/main.drl: entry appears twice in the archive");
    }

    @Test
    void aSymbolicLinkIsRefused() throws IOException {
        Map<String, byte[]> linked = new LinkedHashMap<>(files);
        linked.put("rules/link.drl", "/etc/passwd".getBytes(StandardCharsets.UTF_8));
        Path z = zip("link.zip", "", linked);
        Files.write(z, markSymlink(Files.readAllBytes(z), "rules/link.drl"));
        assertRefused(z, "rules/link.drl: entry is a symbolic link; a pack holds regular files only");
    }

    @Test
    void aZipBombIsRefusedWhileInflating() throws IOException {
        Map<String, byte[]> bomb = new LinkedHashMap<>(files);
        bomb.put("tests/zeros.json", new byte[5 * 1024 * 1024]);
        Path z = zip("bomb.zip", "", bomb);
        assertThat(Files.size(z)).isLessThan(64 * 1024);
        assertRefused(z, "tests/zeros.json: entry inflates to more than the limit of 4194304 bytes for one pack file");
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Map<String, byte[]> many = new LinkedHashMap<>(files);
        for (int i = 0; i < 1001; i++) {
            many.put("junk/" + i, new byte[0]);
        }
        assertRefused(zip("many.zip", "", many), "archive holds more than 1000 entries");
    }

    @Test
    void anArchiveWithoutAPackAtItsTopIsRefused() throws IOException {
        Map<String, byte[]> two = new LinkedHashMap<>();
        files.forEach((k, v) -> two.put("a/" + k, v));
        two.put("b/readme", new byte[] {1});
        assertRefused(zip("two.zip", "", two), "holds no pack: no pack.json at the top of the archive or in its one top folder");
    }

    private void assertRefused(Path zip, String message) {
        assertThatThrownBy(() -> CompatibilityEngine.builder().packs(zip).build())
                .isInstanceOf(InvalidPackException.class)
                .satisfies(e -> assertThat(((InvalidPackException) e).problems().toString()).contains(message));
    }

    private static PackInfo only(CompatibilityEngine engine) {
        assertThat(engine.packs()).hasSize(1);
        return engine.packs().get(0);
    }

    private Path zip(String name, String prefix, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(prefix + e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Path file = tmp.resolve(name);
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private static byte[] replace(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + f.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, data, i, t.length);
            }
        }
        return data;
    }

    /** Marks the central-directory entry {@code name} as made on Unix with file mode 0120777 (a symlink). */
    private static byte[] markSymlink(byte[] data, String name) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 < data.length; i++) {
            if (b.getInt(i) == 0x02014b50 && Short.toUnsignedInt(b.getShort(i + 28)) == n.length
                    && java.util.Arrays.equals(data, i + 46, i + 46 + n.length, n, 0, n.length)) {
                data[i + 5] = 3;
                b.putInt(i + 38, 0120777 << 16);
                return data;
            }
        }
        throw new AssertionError("no central directory entry " + name);
    }
}
