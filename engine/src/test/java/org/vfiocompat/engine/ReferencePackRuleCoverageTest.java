package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule of every reference pack fires in at least one of the pack's pair vectors: a rule no
 * vector exercises is a rule nobody has seen decide anything.
 */
class ReferencePackRuleCoverageTest {

    /** The pack folders under vendor-packs/, each with its manifest. */
    private static List<Path> packDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(ReferencePacks.DIR)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pack.json"))).sorted().toList();
        }
    }

    /** The names of every rule in the DRL files {@code dir}'s manifest lists. */
    private static Set<String> ruleNames(Path dir, JsonNode manifest) throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode rel : manifest.get("rules")) {
            DrlParser parser = new DrlParser();
            PackageDescr pkg = parser.parse(false, new StringReader(Files.readString(dir.resolve(rel.asText()))));
            assertThat(parser.hasErrors()).as("%s parses", rel.asText()).isFalse();
            for (RuleDescr rule : pkg.getRules()) {
                names.add(rule.getName());
            }
        }
        return names;
    }

    @TestFactory
    List<DynamicTest> everyRuleOfEveryReferencePackFiresInSomeVector() throws Exception {
        List<VectorResult> results = PackTools.test(ReferencePacks.engine()).vectors();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : packDirs()) {
            JsonNode manifest = new ObjectMapper().readTree(dir.resolve("pack.json").toFile());
            String id = manifest.get("id").asText();
            Set<String> rules = ruleNames(dir, manifest);
            tests.add(DynamicTest.dynamicTest(id, () -> {
                Set<String> fired = new TreeSet<>();
                results.stream().filter(r -> r.packId().equals(id)).forEach(r -> fired.addAll(r.rules()));
                assertThat(rules).as("rules of %s", id).isNotEmpty();
                Set<String> neverFired = new TreeSet<>(rules);
                neverFired.removeAll(fired);
                assertThat(neverFired).as("rules of pack %s that no vector fires", id).isEmpty();
            }));
        }
        return tests;
    }

    @Test
    void everyPackFolderIsLoadedByTheReferenceEngine() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path dir : packDirs()) {
            ids.add(new ObjectMapper().readTree(dir.resolve("pack.json").toFile()).get("id").asText());
        }
        assertThat(ReferencePacks.engine().packs()).extracting(PackInfo::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ids).hasSizeGreaterThanOrEqualTo(2);
    }
}
