package org.vfiocompat.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a refusal points in the DRL: the first line outside comments, package and imports naming the member. */
class DrlLineTest {

    @Test
    void commentsPackageAndImportsAreSkipped() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.drl", "package packs.p;\nimport java.lang.Runtime;\n// Runtime at the start of a line\n  x; // Runtime after code\n"
                + "then Runtime.getRuntime();\n");
        assertThat(DrlLine.find(files, "Runtime")).isEqualTo(new DrlLine("a.drl", 5));
    }

    @Test
    void theFirstFileAndLineThatNamesItWin() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.drl", "rule \"r\" when\nthen\nend\n");
        files.put("b.drl", "one\ntwo hashCode\nthree hashCode\n");
        assertThat(DrlLine.find(files, "hashCode")).isEqualTo(new DrlLine("b.drl", 2));
        assertThat(DrlLine.find(files, "absent")).isNull();
        assertThat(DrlLine.find(files, " ")).isNull();
        assertThat(DrlLine.find(files, null)).isNull();
    }
}
