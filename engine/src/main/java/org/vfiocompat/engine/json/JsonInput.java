package org.vfiocompat.engine.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reads the project's JSON files (inventories, pack manifests, test vectors) strictly: unknown
 * fields, missing required fields, wrong types, trailing content and duplicate keys are errors,
 * and every error becomes a {@link Problem} naming the file, the JSON pointer and the line.
 */
public final class JsonInput {

    /**
     * Enum values exactly as written: Jackson's own enum reading trims ({@code " PHYS\t"} was
     * taken as PHYS). Anything but an exact constant name is an error listing the names.
     */
    private static final com.fasterxml.jackson.databind.Module EXACT_ENUMS = new com.fasterxml.jackson.databind.module.SimpleModule()
            .setDeserializerModifier(new com.fasterxml.jackson.databind.deser.BeanDeserializerModifier() {
                @Override
                public com.fasterxml.jackson.databind.JsonDeserializer<?> modifyEnumDeserializer(
                        com.fasterxml.jackson.databind.DeserializationConfig config, com.fasterxml.jackson.databind.JavaType type,
                        com.fasterxml.jackson.databind.BeanDescription description,
                        com.fasterxml.jackson.databind.JsonDeserializer<?> deserializer) {
                    return new ExactEnum(type.getRawClass());
                }
            });

    /** Reads one enum type by exact constant name. */
    private static final class ExactEnum extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<Object> {
        private static final long serialVersionUID = 1L;

        ExactEnum(Class<?> type) {
            super(type);
        }

        @Override
        public Object deserialize(JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            String text = p.getText();
            for (Object constant : handledType().getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(text)) {
                    return constant;
                }
            }
            return ctxt.handleWeirdStringValue(handledType(), text, "not one of the values");
        }
    }

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .addModule(EXACT_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // "3" where a number belongs, or a number or boolean where a string belongs, is a
            // wrong type, not a value to convert.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private JsonInput() {
    }

    /**
     * Reads {@code file} as {@code type}.
     *
     * @param displayName the file's name as errors should show it
     * @param error       makes the exception to throw from the problems found
     */
    public static <T> T read(Path file, String displayName, Class<T> type,
                             Function<List<Problem>, ? extends RuntimeException> error) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw error.apply(List.of(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file(displayName), "no such file")));
        } catch (IOException e) {
            throw error.apply(List.of(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(displayName), "cannot be read: " + e.getMessage())));
        }
        return read(bytes, displayName, type, error);
    }

    /** Reads {@code bytes}, the content of the file errors call {@code displayName}, as {@code type}. */
    public static <T> T read(byte[] bytes, String displayName, Class<T> type,
                             Function<List<Problem>, ? extends RuntimeException> error) {
        Problem notUtf8 = strictUtf8(bytes, displayName);
        if (notUtf8 != null) {
            throw error.apply(List.of(notUtf8));
        }
        try {
            T value = STRICT.readValue(bytes, type);
            if (value == null) {
                throw error.apply(List.of(new Problem(ProblemCodes.JSON_WRONG_TYPE, Location.file(displayName), "the file holds JSON null, not an object")));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw error.apply(List.of(problemOf(displayName, e, bytes)));
        } catch (IOException e) {
            throw error.apply(List.of(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(displayName), "cannot be read: " + e.getMessage())));
        }
    }

    /**
     * A parser over {@code in} with the strict reader's features (duplicate keys refused,
     * source in locations), for input read value by value rather than whole; check the bytes
     * with {@link StrictUtf8Input} first.
     */
    public static JsonParser parser(InputStream in) throws IOException {
        return STRICT.getFactory().createParser(in);
    }

    /**
     * {@link #parser(InputStream)} over bytes held whole: the parser reads them in place, with no
     * copying into buffers of its own; check them with {@link StrictUtf8Input#check} first.
     */
    public static JsonParser parser(byte[] bytes) throws IOException {
        return STRICT.getFactory().createParser(bytes);
    }

    /**
     * A reader binding values of {@code type} from a {@link #parser} at its current token,
     * strictly, as {@link #read} binds a whole file. Keep it: making one is not free.
     */
    public static com.fasterxml.jackson.databind.ObjectReader reader(Class<?> type) {
        return STRICT.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The problem a Jackson exception describes for a value bound from the middle of a larger
     * input (one host of an inventory), located in the whole input.
     *
     * @param valueBytes    the input from the value's first byte on (at least to where the error was found)
     * @param valueStart    where that first byte is in the whole input
     * @param pointerPrefix the value's own JSON pointer in the input ({@code /hosts/3}, or {@code ""}
     *                      for a value that is a document of its own, a line of NDJSON)
     */
    public static Problem problemIn(String displayName, JsonProcessingException e, byte[] valueBytes, JsonLocation valueStart,
                                    String pointerPrefix) {
        boolean syntaxError = e instanceof JsonParseException || e.getCause() instanceof JsonParseException;
        Problem p = problemOf(displayName, e, valueBytes);
        if (syntaxError || !(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            // Syntax errors come from the parser over the whole input: already placed in it.
            JsonLocation at = e.getLocation();
            Location where = at == null || at.getLineNr() < 1 ? Location.file(displayName)
                    : Location.line(displayName, at.getLineNr(), at.getColumnNr());
            return new Problem(p.code(), syntaxError ? where : where.withPointer(pointerPrefix), p.message());
        }
        // Located within the value's bytes: shift to the whole input.
        Location inner = p.location();
        Location where = inner.line().isEmpty() ? Location.pointer(displayName, pointerPrefix + inner.pointer().orElse(""))
                : Location.line(displayName, valueStart.getLineNr() + inner.line().getAsInt() - 1,
                        inner.line().getAsInt() == 1 ? valueStart.getColumnNr() + inner.column().orElse(1) - 1 : inner.column().orElse(1))
                    .withPointer(pointerPrefix + inner.pointer().orElse(""));
        return new Problem(p.code(), where, p.message());
    }

    /**
     * A problem when {@code bytes} are not strict UTF-8, naming the line, column and byte of the
     * first bad sequence; null when they are. Jackson's own decoder takes overlong forms (an
     * overlong {@code /} came back as {@code /}) and encoded surrogates; the JDK's decoder refuses
     * both, and code points above U+10FFFF.
     */
    static Problem strictUtf8(byte[] bytes, String displayName) {
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
        while (true) {
            java.nio.charset.CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                int at = in.position();
                int line = 1;
                int lineStart = 0;
                for (int i = 0; i < at; i++) {
                    if (bytes[i] == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                return new Problem(ProblemCodes.FILE_NOT_UTF8, Location.line(displayName, line, at - lineStart + 1),
                        "not valid UTF-8 at byte " + at);
            }
            if (r.isUnderflow()) {
                return null;
            }
            out.clear();
        }
    }

    /** The problem a Jackson exception describes, located by JSON pointer and line:column. */
    static Problem problemOf(String displayName, JsonProcessingException e, byte[] bytes) {
        JsonLocation at = e.getLocation();
        boolean syntaxError = e instanceof JsonParseException || e.getCause() instanceof JsonParseException;
        if (!syntaxError && e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            // Records are bound through their constructor, so Jackson reports errors at the end of
            // the object; find where the pointer's value really is.
            JsonLocation exact = locate(bytes, pointerOf(m.getPath()));
            if (exact != null) {
                at = exact;
            }
        }
        Location where = at == null || at.getLineNr() < 1 ? Location.file(displayName)
                : Location.line(displayName, at.getLineNr(), at.getColumnNr());
        if (syntaxError) {
            JsonProcessingException syntax = e instanceof JsonParseException ? e : (JsonProcessingException) e.getCause();
            return new Problem(ProblemCodes.JSON_SYNTAX, where, "not valid JSON: " + firstLine(syntax.getOriginalMessage()));
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return new Problem(codeOf(m), where.withPointer(pointerOf(m.getPath())), describe(m));
        }
        return new Problem(ProblemCodes.JSON_SYNTAX, where, "not valid JSON: " + firstLine(e.getOriginalMessage()));
    }

    /** Where the member or element at {@code pointer} starts in {@code bytes}, or null if absent. */
    static JsonLocation locate(byte[] bytes, String pointer) {
        try (JsonParser p = STRICT.getFactory().createParser(bytes)) {
            while (p.nextToken() != null) {
                if (p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    // For an object member, point at its value rather than its name.
                    if (p.currentToken() == JsonToken.FIELD_NAME) {
                        p.nextToken();
                    }
                    return p.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The RFC 6901 pointer of a Jackson reference path. */
    static String pointerOf(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            sb.append('/');
            if (ref.getFieldName() != null) {
                sb.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else {
                sb.append(ref.getIndex());
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** The kind of binding error, as {@link #describe} words it. */
    private static String codeOf(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return ProblemCodes.JSON_UNKNOWN_FIELD;
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return ProblemCodes.JSON_WRONG_TYPE;
        }
        if (e instanceof MismatchedInputException mi) {
            String msg = mi.getOriginalMessage();
            if (msg != null && msg.startsWith("Missing required creator property")) {
                return ProblemCodes.JSON_MISSING_FIELD;
            }
            if (mi instanceof com.fasterxml.jackson.databind.exc.InvalidNullException) {
                return ProblemCodes.JSON_NULL;
            }
            if (mi.getTargetType() != null) {
                return ProblemCodes.JSON_WRONG_TYPE;
            }
        }
        return ProblemCodes.JSON_INVALID;
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? ""
                    : u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                        .collect(Collectors.joining(", ", " (known fields: ", ")"));
            return "unknown field '" + u.getPropertyName() + "'" + known;
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String allowed = Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return "expected one of " + allowed + ", got " + quote(f.getValue());
        }
        if (e instanceof MismatchedInputException mi) {
            String msg = mi.getOriginalMessage();
            if (msg != null && msg.startsWith("Missing required creator property")) {
                int q1 = msg.indexOf('\'');
                int q2 = msg.indexOf('\'', q1 + 1);
                String name = q1 >= 0 && q2 > q1 ? msg.substring(q1 + 1, q2) : "?";
                return "missing required field '" + name + "'";
            }
            if (mi instanceof com.fasterxml.jackson.databind.exc.InvalidNullException) {
                return "must not be null";
            }
            if (mi.getTargetType() != null) {
                // In our words: what was expected and what the file holds there, never Jackson's
                // class names or its configuration advice.
                String found = found(mi);
                return "expected " + kindOf(mi.getTargetType()) + (found == null ? "" : ", got " + found);
            }
        }
        return firstLine(e.getOriginalMessage());
    }

    /** What the input holds where a mismatch was found ({@code a string ("3")}), or null when unknown. */
    private static String found(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p) || p.currentToken() == null) {
            return null;
        }
        try {
            return switch (p.currentToken()) {
                case VALUE_STRING -> "a string (" + quote(p.getText()) + ")";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + p.getText() + ")";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + p.getText() + ")";
                case VALUE_NULL -> "null";
                case START_ARRAY -> "an array";
                case START_OBJECT -> "an object";
                default -> null;
            };
        } catch (IOException ex) {
            return null;
        }
    }

    private static String kindOf(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return type.getSimpleName();
    }

    private static String quote(Object value) {
        if (value instanceof String s) {
            String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            return "\"" + cut + "\"";
        }
        return String.valueOf(value);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        if (line.startsWith("Trailing token")) {
            // Jackson names its binding target and its configuration flag here.
            return "content after the end of the JSON value";
        }
        // Jackson's advice about its own configuration means nothing to someone fixing a file.
        int advice = line.indexOf(" (but could if coercion");
        line = advice < 0 ? line : line.substring(0, advice);
        // Nor does its description of where the value began ("(for root starting at [Source:
        // (byte[])"..."; line: 1, column: 0])"): the problem's location says where, in our words.
        int source = line.indexOf(" starting at [Source: ");
        int open = source < 0 ? -1 : line.lastIndexOf(" (for ", source);
        return open < 0 ? line : line.substring(0, open);
    }
}
