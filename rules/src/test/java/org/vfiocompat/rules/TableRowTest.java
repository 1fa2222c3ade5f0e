package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableRowTest {

    private static TableRow row() {
        return TableRow.of("managerMatrix", Map.of("source", "535.104.05", "score", "90", "live", "true", "note", ""));
    }

    @Test
    void gettersReadCellsByColumnAndAnAbsentColumnIsEmpty() {
        TableRow r = row();
        assertThat(r.getTable()).isEqualTo("managerMatrix");
        assertThat(r.get("source")).isEqualTo("535.104.05");
        assertThat(r.get("nope")).isEmpty();
        assertThat(r.get(null)).isEmpty();
        assertThat(r.number("score")).isEqualTo(90);
        assertThat(r.number("source")).isEqualTo(-1);
        assertThat(r.number("nope")).isEqualTo(-1);
        assertThat(r.flag("live")).isTrue();
        assertThat(r.flag("note")).isFalse();
        assertThat(r.getCells().keySet()).containsExactly("live", "note", "score", "source");
    }

    @Test
    void rowsAreValuesAndImmutable() {
        Map<String, String> cells = new HashMap<>(Map.of("a", "1"));
        TableRow r = TableRow.of("t", cells);
        cells.put("a", "2");
        assertThat(r.get("a")).isEqualTo("1");
        assertThat(r).isEqualTo(TableRow.of("t", Map.of("a", "1"))).hasSameHashCodeAs(TableRow.of("t", Map.of("a", "1")));
        assertThat(r).isNotEqualTo(TableRow.of("u", Map.of("a", "1"))).isNotEqualTo(TableRow.of("t", Map.of("a", "2")));
        assertThatThrownBy(() -> r.getCells().put("b", "3")).isInstanceOf(UnsupportedOperationException.class);
    }
}
