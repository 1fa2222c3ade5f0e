package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A location prints exactly the text problems always had, whichever parts it has. */
class LocationTest {

    @Test
    void eachFormPrintsAsBefore() {
        assertThat(Location.file("pack.json")).hasToString("pack.json");
        assertThat(Location.pointer("fleet.json", "/hosts/3/devices/0/kind")).hasToString("fleet.json at /hosts/3/devices/0/kind");
        assertThat(Location.line("a/rules/main.drl", 12, 5)).hasToString("a/rules/main.drl at line 12:5");
        assertThat(Location.line("a/rules/main.drl", 14)).hasToString("a/rules/main.drl at line 14");
        assertThat(Location.pointer("pack.json", "/namespaces").withLine(17, 1)).hasToString("pack.json at /namespaces (line 17:1)");
        assertThat(Location.part("a.zip", "a/pack.json")).hasToString("a.zip at a/pack.json");
        assertThat(Location.part("nodedev.xml", "device mdev_x").withPart("device mdev_x type t1").child("/availableInstances"))
                .hasToString("nodedev.xml at device mdev_x type t1/availableInstances");
    }

    @Test
    void theWholeFileHasNoPlace() {
        Location whole = Location.pointer("fleet.json", "");
        assertThat(whole).isEqualTo(Location.file("fleet.json"));
        assertThat(whole.wholeFile()).isTrue();
        assertThat(whole.where()).isEmpty();
        assertThat(whole.pointer()).isEmpty();
        assertThat(whole.line()).isEmpty();
    }

    @Test
    void partsAreValues() {
        Location at = Location.pointer("fleet.json", "/hosts/0").child("/name").withLine(4, 9);
        assertThat(at.file()).isEqualTo("fleet.json");
        assertThat(at.pointer()).hasValue("/hosts/0/name");
        assertThat(at.line()).hasValue(4);
        assertThat(at.column()).hasValue(9);
        assertThat(at.where()).isEqualTo("/hosts/0/name (line 4:9)");
    }

    @Test
    void aColumnNeedsALine() {
        assertThatThrownBy(() -> new Location("f", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.OptionalInt.empty(), java.util.OptionalInt.of(3))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProblemPrintsItsLocationAndMessage() {
        Problem p = new Problem(ProblemCodes.JSON_NULL, Location.pointer("fleet.json", "/hosts/0"), "a host must be an object, not null");
        assertThat(p).hasToString("fleet.json at /hosts/0: a host must be an object, not null");
        assertThat(p.file()).isEqualTo("fleet.json");
        assertThat(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file("x.json"), "no such file")).hasToString("x.json: no such file");
    }
}
