package org.vfiocompat.engine.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sandbox allow-list, read from {@code allowlist.txt} beside this class: which classes,
 * methods, fields and bootstraps a pack's generated code may reference. Default deny. The
 * file's header explains the format; this class only applies it.
 */
final class AllowList {

    enum Kind { CALL, FIELD, TYPE, SUPER, BOOTSTRAP, MODEL, DEFINE, DENY }

    private record Entry(Kind kind, String owner, String member) {

        boolean ownerMatches(String className) {
            if (owner.endsWith("/**")) {
                return className.startsWith(owner.substring(0, owner.length() - 2));
            }
            if (owner.endsWith("/*")) {
                String pkg = owner.substring(0, owner.length() - 1);
                return className.startsWith(pkg) && className.indexOf('/', pkg.length()) < 0;
            }
            return className.equals(owner);
        }

        boolean exact() {
            return !owner.endsWith("*");
        }

        boolean memberMatches(String name, String descriptor) {
            return member.equals("*") || member.equals("-") || member.equals(name) || member.equals(name + descriptor);
        }
    }

    static final String RESOURCE = "allowlist.txt";

    private final List<Entry> entries;

    private AllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The allow-list shipped with the engine. */
    static AllowList standard() {
        try (InputStream in = AllowList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the sandbox allow-list " + RESOURCE + " is missing from the engine");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AllowList parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 3) {
                throw new IllegalStateException(RESOURCE + " line " + (i + 1) + ": expected KIND OWNER MEMBER, got '" + line + "'");
            }
            entries.add(new Entry(kind(parts[0], i + 1), parts[1], parts[2]));
        }
        return new AllowList(entries);
    }

    /** A line's KIND column; a typo names its line, like every other error in the file. */
    private static Kind kind(String column, int lineNumber) {
        for (Kind k : Kind.values()) {
            if (k.name().equalsIgnoreCase(column)) {
                return k;
            }
        }
        throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": unknown kind '" + column + "', expected one of "
                + String.join(", ", Arrays.stream(Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /** Whether code may make a reference of {@code kind} to {@code owner.name descriptor}. */
    boolean allows(Kind kind, String owner, String name, String descriptor) {
        for (Entry e : entries) {
            if (e.kind == Kind.DENY && e.ownerMatches(owner) && e.memberMatches(name, descriptor)) {
                return false;
            }
        }
        // Once a class is named exactly (for this kind), only its exact lines decide.
        boolean named = false;
        for (Entry e : entries) {
            if (e.kind == kind && e.exact() && e.ownerMatches(owner)) {
                named = true;
                if (e.memberMatches(name, descriptor)) {
                    return true;
                }
            }
        }
        if (named) {
            return false;
        }
        for (Entry e : entries) {
            if (e.kind == kind && !e.exact() && e.ownerMatches(owner) && e.memberMatches(name, descriptor)) {
                return true;
            }
        }
        return false;
    }
}
