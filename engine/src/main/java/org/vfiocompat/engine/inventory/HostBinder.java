package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.rules.DeviceKind;

/**
 * Binds one well-formed host straight from the parser's tokens into the {@link InventoryJson}
 * records, as Jackson's databind would, without its machinery: a million devices are bound in a
 * fraction of databind's time (its property buffers, creator calls and map deserializers were
 * most of the read). It knows only the happy path. At the first thing it does not expect (an
 * unknown field, a wrong type, a missing required field, any {@code null}) it gives up with
 * {@link Mismatch}, and the caller binds the host again with databind, which words and places
 * the error exactly as it always has (or, where databind takes what this binder does not, binds
 * it). So this class may be stricter than databind, never looser: whatever it binds, databind
 * binds to equal records.
 */
final class HostBinder {

    /** The host is not one this binder reads: bind it with databind. */
    static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Mismatch() {
            super("not a host the streaming binder reads", null, false, false);
        }
    }

    private static final Mismatch MISMATCH = new Mismatch();
    private static final DeviceKind[] KINDS = DeviceKind.values();
    private static final InventoryJson.VersionSource[] SOURCES = InventoryJson.VersionSource.values();

    /** The members of a {@code pci} and a {@code software} object, in their records' order. */
    private static final String[] PCI_FIELDS = {"vendor", "device", "subsystemVendor", "subsystemDevice", "driver", "physfn"};
    private static final String[] SOFTWARE_FIELDS = {"kernel", "qemu", "libvirt", "osId", "osVersion"};

    private final JsonParser p;
    private final RepeatedStrings strings;

    private HostBinder(JsonParser p, RepeatedStrings strings) {
        this.p = p;
        this.strings = strings;
    }

    /**
     * The host at the parser's current token, its {@code START_OBJECT} or (the first host of
     * NDJSON, read ahead to tell the format) its first member; the parser is left at the host's
     * {@code END_OBJECT}.
     *
     * @param strings where the values hosts repeat are made once (the reader's own, kept from host to host)
     * @throws Mismatch when the host is not plainly valid; the parser is then anywhere inside it
     */
    static InventoryJson.HostJson bind(JsonParser p, RepeatedStrings strings) throws IOException {
        return new HostBinder(p, strings).host();
    }

    private InventoryJson.HostJson host() throws IOException {
        JsonToken t = p.currentToken() == JsonToken.START_OBJECT ? p.nextToken() : p.currentToken();
        String name = null;
        List<InventoryJson.DeviceJson> devices = null;
        List<InventoryJson.ParentJson> parents = null;
        InventoryJson.SoftwareJson software = null;
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "name" -> name = once(name, string(v));
                case "devices" -> devices = once(devices, list(v, this::device));
                case "mdevParents" -> parents = once(parents, list(v, this::parent));
                case "software" -> software = once(software, software(v));
                default -> throw MISMATCH;
            }
        }
        if (name == null) {
            throw MISMATCH;
        }
        return new InventoryJson.HostJson(name, devices, parents, software);
    }

    private InventoryJson.DeviceJson device() throws IOException {
        String id = null;
        DeviceKind kind = null;
        String parent = null;
        String deviceApi = null;
        String migrationType = null;
        String migrationVersion = null;
        Map<String, String> attributes = null;
        String assignedTo = null;
        String owner = null;
        InventoryJson.VersionSource versionFrom = null;
        InventoryJson.PciJson pci = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "id" -> id = once(id, string(v));
                case "kind" -> kind = once(kind, constant(v, KINDS));
                case "parent" -> parent = once(parent, repeated(v));
                case "deviceApi" -> deviceApi = once(deviceApi, repeated(v));
                case "migrationType" -> migrationType = once(migrationType, repeated(v));
                case "migrationVersion" -> migrationVersion = once(migrationVersion, repeated(v));
                case "attributes" -> attributes = once(attributes, attributes(v));
                case "assignedTo" -> assignedTo = once(assignedTo, string(v));
                case "owner" -> owner = once(owner, repeated(v));
                case "versionFrom" -> versionFrom = once(versionFrom, constant(v, SOURCES));
                case "pci" -> pci = once(pci, pci(v));
                default -> throw MISMATCH;
            }
        }
        // Required fields: each read as a string or a constant, never null, so null means missing.
        if (id == null || kind == null || deviceApi == null || migrationType == null || migrationVersion == null) {
            throw MISMATCH;
        }
        return new InventoryJson.DeviceJson(id, kind, parent, deviceApi, migrationType, migrationVersion, attributes,
                assignedTo, owner, versionFrom, pci);
    }

    private InventoryJson.ParentJson parent() throws IOException {
        String id = null;
        String model = null;
        List<InventoryJson.TypeJson> types = null;
        InventoryJson.PciJson pci = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "id" -> id = once(id, repeated(v));
                case "model" -> model = once(model, repeated(v));
                case "types" -> types = once(types, list(v, this::type));
                case "pci" -> pci = once(pci, pci(v));
                default -> throw MISMATCH;
            }
        }
        if (id == null || model == null) {
            throw MISMATCH;
        }
        return new InventoryJson.ParentJson(id, model, types, pci);
    }

    private InventoryJson.TypeJson type() throws IOException {
        String migrationType = null;
        String deviceApi = null;
        int availableInstances = -1;
        String migrationVersion = null;
        Map<String, String> attributes = null;
        String name = null;
        String description = null;
        String owner = null;
        InventoryJson.VersionSource versionFrom = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "migrationType" -> migrationType = once(migrationType, repeated(v));
                case "deviceApi" -> deviceApi = once(deviceApi, repeated(v));
                case "availableInstances" -> availableInstances = onceCount(availableInstances, count(v));
                case "migrationVersion" -> migrationVersion = once(migrationVersion, repeated(v));
                case "attributes" -> attributes = once(attributes, attributes(v));
                case "name" -> name = once(name, repeated(v));
                case "description" -> description = once(description, repeated(v));
                case "owner" -> owner = once(owner, repeated(v));
                case "versionFrom" -> versionFrom = once(versionFrom, constant(v, SOURCES));
                default -> throw MISMATCH;
            }
        }
        if (migrationType == null || deviceApi == null || availableInstances < 0 || migrationVersion == null) {
            throw MISMATCH;
        }
        return new InventoryJson.TypeJson(migrationType, deviceApi, availableInstances, migrationVersion, attributes,
                name, description, owner, versionFrom);
    }

    private InventoryJson.PciJson pci(JsonToken t) throws IOException {
        String[] v = strings(t, PCI_FIELDS);
        return new InventoryJson.PciJson(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    private InventoryJson.SoftwareJson software(JsonToken t) throws IOException {
        String[] v = strings(t, SOFTWARE_FIELDS);
        return new InventoryJson.SoftwareJson(v[0], v[1], v[2], v[3], v[4]);
    }

    /** An object of optional string members, each one of {@code fields}: their values, in that order. */
    private String[] strings(JsonToken t, String[] fields) throws IOException {
        require(t, JsonToken.START_OBJECT);
        String[] values = new String[fields.length];
        for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
            int i = indexOf(fields, p.currentName());
            values[i] = once(values[i], repeated(p.nextToken()));
        }
        return values;
    }

    private static int indexOf(String[] fields, String field) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(field)) {
                return i;
            }
        }
        throw MISMATCH;
    }

    /** One element of an array, its START_OBJECT current. */
    private interface Element<E> {
        E read() throws IOException;
    }

    /** An array of objects, each read by {@code element}. */
    private <E> List<E> list(JsonToken t, Element<E> element) throws IOException {
        require(t, JsonToken.START_ARRAY);
        List<E> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            require(e, JsonToken.START_OBJECT);
            list.add(element.read());
        }
        return list;
    }

    /** An attribute map; one member (the common case) is a one-entry immutable map. */
    private Map<String, String> attributes(JsonToken t) throws IOException {
        require(t, JsonToken.START_OBJECT);
        JsonToken f = p.nextToken();
        if (f == JsonToken.END_OBJECT) {
            return Map.of();
        }
        String firstKey = p.currentName();
        String firstValue = repeated(p.nextToken());
        f = p.nextToken();
        if (f == JsonToken.END_OBJECT) {
            return Map.of(firstKey, firstValue);
        }
        Map<String, String> map = new LinkedHashMap<>();
        map.put(firstKey, firstValue);
        for (; f == JsonToken.FIELD_NAME; f = p.nextToken()) {
            String key = p.currentName();
            if (map.put(key, repeated(p.nextToken())) != null) {
                throw MISMATCH;
            }
        }
        return map;
    }

    /** A string value; anything else (null too) is for databind to judge. */
    private String string(JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw MISMATCH;
        }
        return p.getText();
    }

    /** A string value that hosts repeat (a type, a version, a model): the one instance of its characters. */
    private String repeated(JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw MISMATCH;
        }
        return strings.of(p);
    }

    /** An exact constant name, as the strict reader's enums take them. */
    private <E extends Enum<E>> E constant(JsonToken v, E[] constants) throws IOException {
        String text = repeated(v);
        for (E e : constants) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        throw MISMATCH;
    }

    /** A count: an integer that fits an int, 0 or more (a negative one is FleetIndex's to report, after databind). */
    private int count(JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw MISMATCH;
        }
        int n = p.getIntValue();
        if (n < 0) {
            throw MISMATCH;
        }
        return n;
    }

    /**
     * {@code value}, for a member seen for the first time ({@code previous} null). A parser that
     * does not refuse duplicate members (a part of an NDJSON file read in parallel, where
     * Jackson's per-object sets of names were a tenth of the read) relies on this: a member twice
     * is a host for databind, whose strict parser words the error.
     */
    private static <T> T once(T previous, T value) {
        if (previous != null) {
            throw MISMATCH;
        }
        return value;
    }

    /** {@link #once} for the count, -1 until read. */
    private static int onceCount(int previous, int value) {
        if (previous >= 0) {
            throw MISMATCH;
        }
        return value;
    }

    private static void require(JsonToken t, JsonToken expected) {
        if (t != expected) {
            throw MISMATCH;
        }
    }
}
