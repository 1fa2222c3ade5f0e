package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The problem codes are one list, each code once, and docs/errors.md lists exactly them. */
class ProblemCodesTest {

    private static final Pattern DOC_ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\| (.+) \\|$");

    @Test
    void everyCodeIsAStringConstantOfTheFormAreaDotKind() throws IllegalAccessException {
        for (Field f : constants()) {
            assertThat(f.getType()).as(f.getName()).isEqualTo(String.class);
            assertThat((String) f.get(null)).as(f.getName()).matches("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+");
        }
    }

    @Test
    void noTwoConstantsShareACode() throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field f : constants()) {
            values.add((String) f.get(null));
        }
        assertThat(values).doesNotHaveDuplicates();
        assertThat(ProblemCodes.all()).containsExactlyInAnyOrderElementsOf(values);
    }

    @Test
    void theDocListsEveryCodeOnceAndNothingElse() throws IOException {
        String doc = Files.readString(root().resolve("docs").resolve("errors.md"));
        List<String> listed = new ArrayList<>();
        Matcher m = DOC_ROW.matcher(doc);
        while (m.find()) {
            listed.add(m.group(1));
            assertThat(m.group(2).strip()).as("meaning of %s", m.group(1)).isNotEmpty();
        }
        assertThat(listed).as("codes in docs/errors.md").doesNotHaveDuplicates();
        Set<String> documented = new TreeSet<>(listed);
        assertThat(documented).as("codes in docs/errors.md, against ProblemCodes")
                .containsExactlyElementsOf(ProblemCodes.all());
    }

    private static List<Field> constants() {
        List<Field> fields = new ArrayList<>();
        for (Field f : ProblemCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                assertThat(Modifier.isPublic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()))
                        .as("%s is a public constant", f.getName()).isTrue();
                fields.add(f);
            }
        }
        assertThat(fields).isNotEmpty();
        return fields;
    }

    /** The repository root: the nearest folder above the working directory with pom.xml and docs/. */
    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder with pom.xml and docs/ above " + Path.of("").toAbsolutePath());
    }
}
