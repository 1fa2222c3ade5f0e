package org.vfiocompat.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library example of docs/planning.md ("The library"), compiled as it stands in the doc and
 * run on the checkout's packs and planning fleet: it must compile against the planner's public
 * API (it lives in another package, so nothing package-private helps it) and print exactly the
 * text block that follows it. The one change made to it: {@code Path.of("x")} becomes a path
 * under the checkout root, since the doc runs from the root and a test runs from the module.
 */
class PlanningDocExampleTest {

    private static final String JAVA = "```java\n";
    private static final String TEXT = "```text\n";
    private static final String END = "```\n";

    @Test
    void theLibraryExampleCompilesAndPrintsWhatTheDocShows(@TempDir Path dir) throws Exception {
        String doc = Files.readString(TestFleets.ROOT.resolve("docs/planning.md"), StandardCharsets.UTF_8);
        int from = doc.indexOf(JAVA, doc.indexOf("### The library"));
        assertThat(from).as("docs/planning.md has a java block under 'The library'").isPositive();
        String code = doc.substring(from + JAVA.length(), doc.indexOf(END, from + JAVA.length()));
        int out = doc.indexOf(TEXT, from + JAVA.length() + code.length());
        String expected = doc.substring(out + TEXT.length(), doc.indexOf(END, out + TEXT.length()));

        Path src = dir.resolve("example/PlanningExample.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, String.join("\n",
                "package example;",
                "import java.nio.file.Path;",
                "import java.time.Duration;",
                "import java.util.List;",
                "import org.vfiocompat.engine.*;",
                "import org.vfiocompat.planner.*;",
                "public final class PlanningExample {",
                "    public static void run(Path root) throws Exception {",
                code.replace("Path.of(\"", "root.resolve(\""),
                "    }",
                "}", ""));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-Xlint:all", "-Werror", "-proc:none", "-d", dir.toString(),
                "-classpath", System.getProperty("java.class.path"), src.toString());
        assertThat(status).as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass("example.PlanningExample").getMethod("run", Path.class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            run.invoke(null, TestFleets.ROOT);
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(List.of(expected.split("\n"))).as("the example shows every call").anyMatch(l -> l.startsWith("place "))
                .anyMatch(l -> l.startsWith("drain ")).anyMatch(l -> l.startsWith("cannot drain ")).anyMatch(l -> l.startsWith("wave "));
    }
}
