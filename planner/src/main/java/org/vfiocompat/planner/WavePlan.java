package org.vfiocompat.planner;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * The waves of a rolling upgrade: which hosts are upgraded together, in order. As a file: one
 * wave per line, hosts separated by spaces or commas, {@code #} starts a comment, blank lines
 * are skipped. A host may be in one wave only.
 *
 * @param file  how errors name the waves' source
 * @param waves the hosts of each wave, in order, none empty
 * @param lines the line each wave came from (1 for waves made from values)
 */
public record WavePlan(String file, List<List<String>> waves, List<Integer> lines) {

    /** Longest waves file read. */
    static final long MAX_BYTES = 1 << 20;

    public WavePlan {
        Objects.requireNonNull(file, "file");
        waves = waves.stream().map(List::copyOf).toList();
        lines = List.copyOf(lines);
        if (waves.size() != lines.size()) {
            throw new IllegalArgumentException("one line per wave");
        }
    }

    /** Waves from values, checked as a file's would be. */
    public static WavePlan of(List<List<String>> waves) {
        List<Integer> lines = new ArrayList<>();
        waves.forEach(w -> lines.add(lines.size() + 1));
        WavePlan plan = new WavePlan("<waves>", waves, lines);
        plan.check();
        return plan;
    }

    /**
     * Reads a waves file.
     *
     * @throws PlanningInputException naming the file and line of the first problem
     */
    public static WavePlan read(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw problem(ProblemCodes.FILE_TOO_LARGE, Location.file(name), "a waves file is at most " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(ProblemCodes.FILE_NOT_FOUND, Location.file(name), "no such file");
        } catch (IOException e) {
            throw problem(ProblemCodes.FILE_UNREADABLE, Location.file(name), "cannot be read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw problem(ProblemCodes.FILE_NOT_UTF8, Location.file(name), "is not valid UTF-8");
        }
        List<List<String>> waves = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            List<String> hosts = new ArrayList<>();
            for (String h : line.trim().split("[\\s,]+")) {
                if (!h.isEmpty()) {
                    hosts.add(h);
                }
            }
            if (!hosts.isEmpty()) {
                waves.add(hosts);
                lines.add(i + 1);
            }
        }
        WavePlan plan = new WavePlan(name, waves, lines);
        plan.check();
        return plan;
    }

    private void check() {
        if (waves.isEmpty()) {
            throw problem(ProblemCodes.PLAN_WAVES_INVALID, Location.file(file), "names no host: write one wave per line");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int w = 0; w < waves.size(); w++) {
            for (String h : waves.get(w)) {
                Integer before = seen.putIfAbsent(h, w);
                if (before != null) {
                    throw problem(ProblemCodes.PLAN_WAVES_INVALID, Location.line(file, lines.get(w)), "host " + h
                            + " is already in wave " + (before + 1) + " (line " + lines.get(before) + "); a host is upgraded once");
                }
            }
        }
    }

    /** Every host of every wave, in order. */
    public List<String> hosts() {
        return waves.stream().flatMap(List::stream).toList();
    }

    private static PlanningInputException problem(String code, Location at, String message) {
        return new PlanningInputException(List.of(new Problem(code, at, message)));
    }
}
