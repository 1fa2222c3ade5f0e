package org.vfiocompat.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a {@link Problem} is: a file, and inside it, when known, a named part, a JSON pointer,
 * a line and a column. Only the file is always there; an absent part means "the whole file".
 *
 * <p>{@link #toString()} is the text the CLI prints before a problem's message, and it is kept
 * byte for byte as it always was:
 * <ul>
 *   <li>{@code pack.json} (the whole file);</li>
 *   <li>{@code inventory.json at /hosts/3/devices/0/kind} (a JSON pointer);</li>
 *   <li>{@code acme/rules/main.drl at line 12:5} or {@code at line 12} (a line, with the column when known);</li>
 *   <li>{@code pack.json at /namespaces (line 17:1)} (a pointer with its line);</li>
 *   <li>{@code acme.zip at acme/pack.json}, {@code nodedev.xml at device mdev_x type i915-GVTg_V5_4}
 *       (a named part: an archive entry, an XML element), optionally followed by a pointer into it.</li>
 * </ul>
 *
 * @param file    the file as the user named it, a pack-relative path, or a name in parentheses
 *                such as {@code (configuration)} when no file is at fault
 * @param part    a named part of the file that is neither a JSON value nor a line: an archive
 *                entry, an XML element ({@code device pci_0000_00_02_0}, {@code domain vm1})
 * @param pointer an RFC 6901 JSON pointer into the file (or into the part)
 * @param line    the line, from 1
 * @param column  the column on that line; only with a line
 */
public record Location(String file, Optional<String> part, Optional<String> pointer, OptionalInt line,
                       OptionalInt column) {

    public Location {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(column, "column");
        if (column.isPresent() && line.isEmpty()) {
            throw new IllegalArgumentException("a column needs a line");
        }
    }

    /** The whole of {@code file}. */
    public static Location file(String file) {
        return new Location(file, Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    /** The value at JSON {@code pointer} in {@code file}; the empty pointer (the whole document) is the whole file. */
    public static Location pointer(String file, String pointer) {
        return file(file).withPointer(pointer);
    }

    /** Line {@code line} of {@code file}. */
    public static Location line(String file, int line) {
        return file(file).withLine(line);
    }

    /** Line {@code line}, column {@code column} of {@code file}. */
    public static Location line(String file, int line, int column) {
        return file(file).withLine(line, column);
    }

    /** A named part of {@code file}: an archive entry, an XML element. */
    public static Location part(String file, String part) {
        return file(file).withPart(part);
    }

    /** This location with {@code pointer} as its JSON pointer; the empty pointer removes it. */
    public Location withPointer(String pointer) {
        Objects.requireNonNull(pointer, "pointer");
        return new Location(file, part, pointer.isEmpty() ? Optional.empty() : Optional.of(pointer), line, column);
    }

    /** This location with {@code suffix} appended to its JSON pointer: {@code /hosts/0} becomes {@code /hosts/0/name}. */
    public Location child(String suffix) {
        return withPointer(pointer.orElse("") + suffix);
    }

    /** This location with {@code part} as its named part. */
    public Location withPart(String part) {
        Objects.requireNonNull(part, "part");
        return new Location(file, part.isEmpty() ? Optional.empty() : Optional.of(part), pointer, line, column);
    }

    /** This location at line {@code line}, with no column. */
    public Location withLine(int line) {
        return new Location(file, part, pointer, OptionalInt.of(line), OptionalInt.empty());
    }

    /** This location at line {@code line}, column {@code column}. */
    public Location withLine(int line, int column) {
        return new Location(file, part, pointer, OptionalInt.of(line), OptionalInt.of(column));
    }

    /** True when no place inside the file is known: the whole file is meant. */
    public boolean wholeFile() {
        return part.isEmpty() && pointer.isEmpty() && line.isEmpty();
    }

    /**
     * The place inside the file as text, {@code ""} for the whole file: {@code /hosts/3/kind},
     * {@code line 12:5}, {@code /namespaces (line 17:1)}. This is what came after " at " in the
     * problem's one-line form, and what the CLI's JSON outputs call {@code location}.
     */
    public String where() {
        String named = part.orElse("") + pointer.orElse("");
        if (line.isEmpty()) {
            return named;
        }
        String at = "line " + line.getAsInt() + (column.isPresent() ? ":" + column.getAsInt() : "");
        return named.isEmpty() ? at : named + " (" + at + ")";
    }

    /** {@code file} or {@code file at where}: the text the CLI prints. */
    public String describe() {
        String where = where();
        return where.isEmpty() ? file : file + " at " + where;
    }

    /** The same as {@link #describe()}. */
    @Override
    public String toString() {
        return describe();
    }
}
