package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An optional field that may be left out but not be {@code null}: {@code "devices": null} is
 * refused where it stands ("must not be null", by JSON pointer), while a missing field stays
 * missing. Jackson's own {@code @JsonSetter(nulls = FAIL)} cannot tell the two apart for a
 * record's fields: it refuses a missing one too.
 */
abstract class RefuseNull<T> extends StdDeserializer<T> {

    private static final long serialVersionUID = 1L;

    private final transient JavaType type;

    RefuseNull(JavaType type) {
        super(type);
        this.type = type;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return ctxt.readValue(p, type);
    }

    /** An explicit {@code null}. */
    @Override
    public T getNullValue(DeserializationContext ctxt) throws InvalidNullException {
        throw InvalidNullException.from(ctxt, PropertyName.NO_NAME, type);
    }

    /** A field left out: the record makes it empty. */
    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
        return null;
    }

    static final class Devices extends RefuseNull<List<InventoryJson.DeviceJson>> {
        private static final long serialVersionUID = 1L;

        Devices() {
            super(com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance()
                    .constructCollectionType(List.class, InventoryJson.DeviceJson.class));
        }
    }

    static final class Parents extends RefuseNull<List<InventoryJson.ParentJson>> {
        private static final long serialVersionUID = 1L;

        Parents() {
            super(com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance()
                    .constructCollectionType(List.class, InventoryJson.ParentJson.class));
        }
    }

    static final class Types extends RefuseNull<List<InventoryJson.TypeJson>> {
        private static final long serialVersionUID = 1L;

        Types() {
            super(com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance()
                    .constructCollectionType(List.class, InventoryJson.TypeJson.class));
        }
    }

    static final class Attributes extends RefuseNull<Map<String, String>> {
        private static final long serialVersionUID = 1L;

        Attributes() {
            super(com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance()
                    .constructMapType(Map.class, String.class, String.class));
        }
    }
}
