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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox allow-list, read from {@code allowlist.txt} beside this class: which classes,
 * methods, fields and bootstraps a pack's generated code may reference. Default deny. The
 * file's header explains the format; this class only applies it.
 */
final class AllowList {

    enum Kind { CALL, FIELD, TYPE, SUPER, BOOTSTRAP, MODEL, DEFINE, DENY }

    private record Entry(Kind kind, String owner, String member) {

        boolean ownerMatches(String className) {
            // regionMatches is false for a name shorter than the prefix: no length check of ours.
            if (owner.endsWith("/**")) {
                int prefix = owner.length() - 2; // up to and with the last '/'
                return className.regionMatches(0, owner, 0, prefix);
            }
            if (owner.endsWith("/*")) {
                int pkg = owner.length() - 1; // up to and with the package's '/'
                return className.regionMatches(0, owner, 0, pkg) && className.indexOf('/', pkg) == -1;
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

    /** How many decisions {@link #allows} keeps: a build's references are a few thousand distinct ones. */
    static final int MAX_DECISIONS = 65_536;

    private final List<Entry> entries;

    /**
     * Decisions made, by reference. {@link #allows} is a function of the reference and of this
     * list, which never changes, so a kept answer is the answer; the verifier asks the same few
     * thousand references of every pack (the DSL's calls, the JDK's), and the three scans of the
     * list were most of its time. Bounded: past {@link #MAX_DECISIONS} (a hostile build of many
     * distinct names) answers are computed, not kept.
     */
    private final Map<Reference, Boolean> decisions = new ConcurrentHashMap<>();

    private record Reference(Kind kind, String owner, String name, String descriptor) {
    }

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
        Reference reference = new Reference(kind, owner, name, descriptor);
        Boolean decided = decisions.get(reference);
        if (decided != null) {
            return decided;
        }
        boolean allowed = decide(kind, owner, name, descriptor);
        if (decisions.size() < MAX_DECISIONS) {
            decisions.put(reference, allowed);
        }
        return allowed;
    }

    /** Number of decisions kept, for the tests. */
    int decisionsKept() {
        return decisions.size();
    }

    private boolean decide(Kind kind, String owner, String name, String descriptor) {
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
