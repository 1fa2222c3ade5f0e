package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Output shown in README.md and docs/*.md outside the tutorial (which {@link TutorialTest} checks),
 * marked in the doc's source before the fenced block:
 * <ul>
 * <li>{@code <!-- golden: NAME -->}: the block is exactly the golden file
 *     {@code cli/src/test/resources/golden/NAME}, which a golden test pins to the real output;</li>
 * <li>{@code <!-- output: ARGS -->}: the block is what {@code vfio-compat ARGS} prints (paths relative to
 *     the repository root), where {@code ...} in a line of the block stands for text the doc leaves out.</li>
 * </ul>
 */
class DocOutputsTest {

    private static final Pattern MARKED = Pattern.compile("<!-- (golden|output): ([^\\n]+?) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void markedOutputBlocksAreWhatTheCommandsPrint() throws IOException {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path doc : DocsTest.userDocs()) {
            Matcher m = MARKED.matcher(Files.readString(doc));
            while (m.find()) {
                checked++;
                String name = CliRun.ROOT.relativize(doc) + " (" + m.group(1) + ": " + m.group(2) + ")";
                String shown = m.group(3);
                if (m.group(1).equals("golden")) {
                    String golden = Files.readString(CliRun.ROOT.resolve("cli/src/test/resources/golden").resolve(m.group(2)));
                    if (!golden.equals(shown)) {
                        wrong.add(name + ": differs from the golden file:\n" + golden);
                    }
                    continue;
                }
                List<String> args = new ArrayList<>();
                for (String arg : m.group(2).split(" ")) {
                    args.add(!arg.startsWith("-") && Files.exists(CliRun.ROOT.resolve(arg)) ? CliRun.ROOT.resolve(arg).toString() : arg);
                }
                CliRun run = CliRun.run(args.toArray(String[]::new));
                String out = run.out().replace(CliRun.ROOT + "/", "");
                if (!elided(shown).matcher(out).matches()) {
                    wrong.add(name + ": the command printed (exit " + run.exitCode() + "):\n" + out + run.err());
                }
            }
        }
        assertThat(checked).as("marked output blocks").isGreaterThanOrEqualTo(2);
        assertThat(wrong).as("doc output blocks against the real output").isEmpty();
    }

    /** The shown block as a pattern: every {@code ...} matches any text within its line. */
    private static Pattern elided(String shown) {
        StringBuilder regex = new StringBuilder();
        for (String part : shown.split("\\.\\.\\.", -1)) {
            if (regex.length() > 0) {
                regex.append("[^\\n]*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
