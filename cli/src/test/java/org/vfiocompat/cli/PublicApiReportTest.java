package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The public API report: every public type of the two exported packages with every public and
 * protected member, generated from the compiled classes and kept in docs/architecture.md between
 * {@code <!-- public-api:start -->} and {@code <!-- public-api:end -->}. Any change to the public
 * surface fails this test until the report is regenerated ({@code -Dgolden.update=true}), so it
 * shows in review.
 */
class PublicApiReportTest {

    @Test
    void theReportInArchitectureMdIsThePublicSurfaceAsBuilt() throws Exception {
        String report = "```text\n" + report(CompatibilityEngine.class) + "\n" + report(DeviceProfile.class) + "```\n";
        GeneratedDocSection.check("docs/architecture.md", "public-api", report);
    }

    /** The planner's public API (its own module, so not in architecture.md's report): docs/planning.md keeps it. */
    @Test
    void thePlannersApiInPlanningMdIsItsPublicSurfaceAsBuilt() throws Exception {
        GeneratedDocSection.check("docs/planning.md", "planner-api", "```text\n" + report(org.vfiocompat.planner.Planner.class) + "```\n");
    }

    /** Every public type of the package of {@code anchor} (nested ones included), sorted, each with its members. */
    static String report(Class<?> anchor) throws IOException, URISyntaxException, ClassNotFoundException {
        String pkg = anchor.getPackageName();
        StringBuilder out = new StringBuilder("package " + pkg + "\n");
        for (String name : classNames(anchor)) {
            Class<?> c = Class.forName(name, false, anchor.getClassLoader());
            if (!Modifier.isPublic(c.getModifiers()) || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
                continue;
            }
            out.append('\n').append(typeLine(c)).append('\n');
            TreeSet<String> members = new TreeSet<>();
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    members.add(f.toGenericString());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    members.add(k.toGenericString());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    members.add(m.toGenericString());
                }
            }
            members.forEach(m -> out.append("  ").append(m.replace(pkg + ".", "").replace("java.lang.", "")).append('\n'));
        }
        return out.toString();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String typeLine(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isEnum() ? "enum" : c.isRecord() ? "record"
                : c.isInterface() ? "interface" : "class";
        int mods = c.getModifiers() & (Modifier.PUBLIC | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT);
        if (c.isInterface()) {
            mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        }
        if (c.isEnum() || c.isRecord()) {
            mods &= ~(Modifier.FINAL | Modifier.STATIC);
        }
        StringBuilder line = new StringBuilder(Modifier.toString(mods)).append(' ').append(kind).append(' ')
                .append(c.getName().substring(c.getPackageName().length() + 1).replace('$', '.'));
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            line.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        List<String> interfaces = new ArrayList<>();
        for (var i : c.getGenericInterfaces()) {
            interfaces.add(i.getTypeName());
        }
        if (!interfaces.isEmpty()) {
            line.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        return line.toString().replace(c.getPackageName() + ".", "").replace("java.lang.", "");
    }

    /** Binary names of every class file directly in the package of {@code anchor}, from a folder or a jar. */
    private static List<String> classNames(Class<?> anchor) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        String folder = anchor.getPackageName().replace('.', '/');
        TreeSet<String> names = new TreeSet<>();
        if (Files.isDirectory(root)) {
            collect(root.resolve(folder), anchor.getPackageName(), names);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                collect(jar.getPath(folder), anchor.getPackageName(), names);
            }
        }
        return List.copyOf(names);
    }

    private static void collect(Path dir, String pkg, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
                    .forEach(n -> names.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
        }
    }
}
