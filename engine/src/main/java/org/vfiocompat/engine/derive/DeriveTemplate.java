package org.vfiocompat.engine.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A string template of a pack's {@code derive} mapping, such as
 * {@code "{vendor}-{device}-{type}-{module.kvmgt|module.i915|=0}"}: literal text with
 * placeholders in braces. A placeholder lists alternatives separated by {@code |}; the first one
 * the host knows is used, and a last alternative {@code =text} is a default. Placeholder names
 * come from a closed set ({@link #NAMES}, {@code description.KEY}, {@code module.NAME},
 * {@code attr.KEY} for a fact a host tool gave about the device or its parent, such as
 * {@code attr.devlink.fw.psid}, and {@code host.NAME} for the host's software, {@link #HOST_NAMES}).
 *
 * <p>Why it is safe to take from an untrusted pack: it is data, not code. Parsing and expansion
 * are single left-to-right passes over at most {@link #MAX_LENGTH} characters, there are no
 * regular expressions, no nesting and no recursion, and an expansion is cut off at
 * {@link #MAX_EXPANDED} characters.
 */
public final class DeriveTemplate {

    /** Longest template text a manifest may hold. */
    public static final int MAX_LENGTH = 512;
    /** Longest expanded value: the engine refuses longer profile strings anyway (InputBounds). */
    public static final int MAX_EXPANDED = 1024;
    /** Longest key after {@code description.} or {@code module.}. */
    static final int MAX_KEY = 64;

    /** The names after {@code host.}: the host's software as the inventory's {@code software} holds it. */
    public static final Set<String> HOST_NAMES = Set.of("kernel", "qemu", "libvirt", "osId", "osVersion");

    /** The plain placeholder names; see docs/pack-authoring.md for what each one holds. */
    public static final Set<String> NAMES = Set.of("vendor", "device", "subsystem_vendor", "subsystem_device",
            "driver", "type", "name");

    private final String text;
    /** Literal strings and placeholders (each a list of alternatives), in order. */
    private final List<Object> parts;

    private DeriveTemplate(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** The outcome of an expansion: the value, or the placeholders the host could not fill. */
    public record Expansion(String value, List<String> missing, List<String> defaulted) {

        public boolean complete() {
            return value != null;
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong, for the manifest check to report
     */
    public static DeriveTemplate parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a template must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a template has at most " + MAX_LENGTH + " characters, this one "
                    + text.length());
        }
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = text.indexOf('}', i);
            if (close >= 0 && (open < 0 || close < open)) {
                throw new IllegalArgumentException("'}' at " + close + " closes no placeholder");
            }
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            if (close < 0) {
                throw new IllegalArgumentException("'{' at " + open + " is never closed");
            }
            String inner = text.substring(open + 1, close);
            if (inner.indexOf('{') >= 0) {
                throw new IllegalArgumentException("placeholders do not nest: '{" + inner + "}'");
            }
            parts.add(alternatives(inner));
            i = close + 1;
        }
        return new DeriveTemplate(text, List.copyOf(parts));
    }

    private static List<String> alternatives(String inner) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int bar = inner.indexOf('|', start);
            String alt = bar < 0 ? inner.substring(start) : inner.substring(start, bar);
            if (alt.startsWith("=")) {
                if (bar >= 0) {
                    throw new IllegalArgumentException("a default ('" + alt + "') must be the last alternative in '{" + inner + "}'");
                }
            } else if (!knownName(alt)) {
                throw new IllegalArgumentException("unknown placeholder '" + alt + "' (known: " + String.join(", ",
                        NAMES.stream().sorted().toList()) + ", description.KEY, module.NAME, attr.KEY, host."
                        + String.join("|", HOST_NAMES.stream().sorted().toList()) + ")");
            }
            out.add(alt);
            if (bar < 0) {
                return List.copyOf(out);
            }
            start = bar + 1;
        }
    }

    private static boolean knownName(String name) {
        if (NAMES.contains(name)) {
            return true;
        }
        if (name.startsWith("host.")) {
            return HOST_NAMES.contains(name.substring("host.".length()));
        }
        for (String prefix : List.of("description.", "module.", "attr.")) {
            if (name.startsWith(prefix)) {
                String key = name.substring(prefix.length());
                return !key.isEmpty() && key.length() <= MAX_KEY && key.chars().allMatch(DeriveTemplate::keyChar);
            }
        }
        return false;
    }

    private static boolean keyChar(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
    }

    /** Every placeholder name the template may ask for, defaults left out. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> alts) {
                alts.stream().map(String.class::cast).filter(a -> !a.startsWith("=")).forEach(names::add);
            }
        }
        return names;
    }

    /**
     * Fills the placeholders from {@code lookup}, which returns null for a fact the host does not
     * have. Values are used verbatim.
     */
    public Expansion expand(Function<String, String> lookup) {
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        List<String> defaulted = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof String literal) {
                out.append(literal);
                continue;
            }
            List<?> alts = (List<?>) part;
            String value = null;
            for (Object o : alts) {
                String alt = (String) o;
                if (alt.startsWith("=")) {
                    value = alt.substring(1);
                    defaulted.add(String.join("|", alts.stream().map(String.class::cast)
                            .filter(a -> !a.startsWith("=")).toList()));
                    break;
                }
                value = lookup.apply(alt);
                if (value != null) {
                    break;
                }
            }
            if (value == null) {
                missing.add(String.join("|", alts.stream().map(String.class::cast).toList()));
            } else {
                out.append(value);
            }
            if (out.length() > MAX_EXPANDED) {
                return new Expansion(null, List.of("(expansion longer than " + MAX_EXPANDED + " characters)"), defaulted);
            }
        }
        return missing.isEmpty() ? new Expansion(out.toString(), List.of(), List.copyOf(defaulted))
                : new Expansion(null, List.copyOf(missing), List.copyOf(defaulted));
    }

    @Override
    public String toString() {
        return text;
    }
}
