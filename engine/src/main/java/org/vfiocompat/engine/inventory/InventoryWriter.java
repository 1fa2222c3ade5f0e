package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an inventory in its canonical form, the same bytes for the same content: hosts sorted
 * by name, parents and devices by id, types by migration type, every object's keys sorted, absent
 * optional fields left out, two-space indentation, {@code \n} line ends and one final newline.
 * Canonical output is what lets a collected inventory be diffed and kept under version control.
 */
public final class InventoryWriter {

    private static final ObjectWriter WRITER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build()
            .writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("").withObjectEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private InventoryWriter() {
    }

    /** {@code inventory} as canonical JSON text, ending in a newline. */
    public static String write(InventoryJson inventory) {
        try {
            return WRITER.writeValueAsString(canonical(inventory)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an inventory of records and strings always serializes", e);
        }
    }

    /** The same inventory with every list in its canonical order. */
    static InventoryJson canonical(InventoryJson inventory) {
        List<InventoryJson.HostJson> hosts = inventory.hosts().stream()
                .map(h -> new InventoryJson.HostJson(h.name(),
                        sorted(h.devices(), Comparator.comparing(InventoryJson.DeviceJson::id)),
                        sorted(h.mdevParents().stream().map(p -> new InventoryJson.ParentJson(p.id(), p.model(),
                                        sorted(p.types(), Comparator.comparing(InventoryJson.TypeJson::migrationType)),
                                        p.pci())).toList(),
                                Comparator.comparing(InventoryJson.ParentJson::id)), h.software()))
                .sorted(Comparator.comparing(InventoryJson.HostJson::name))
                .toList();
        return new InventoryJson(inventory.version(), hosts);
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        return list.stream().sorted(order).toList();
    }

    /** Attributes in key order, or null (left out) when there are none. */
    public static Map<String, String> attributes(Map<String, String> attributes) {
        return attributes == null || attributes.isEmpty() ? null : new TreeMap<>(attributes);
    }
}
