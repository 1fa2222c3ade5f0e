package org.vfiocompat.engine.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reading a host tool's recorded output ({@code uname -r > uname-r.txt}, {@code devlink -j ...}):
 * regular files only (a FIFO or a device would block), at most {@link #MAX_BYTES}, strict UTF-8.
 * Every failure is an error naming the file, so the parsers never see a half-read file.
 */
final class ToolOutput {

    /** No tool output this importer reads comes near this; a larger file is not what its name says. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ToolOutput() {
    }

    /** The file's text, or null with an error. */
    static String text(Path file, Warnings warnings) {
        Place place = Place.of(file);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                warnings.error(ProblemCodes.FILE_UNREADABLE, place, "not a regular file");
                return null;
            }
            if (Files.size(file) > MAX_BYTES) {
                warnings.error(ProblemCodes.FILE_TOO_LARGE, place, "larger than " + MAX_BYTES + " bytes");
                return null;
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                warnings.error(ProblemCodes.FILE_NOT_UTF8, place, "not valid UTF-8");
                return null;
            }
        } catch (IOException e) {
            warnings.error(ProblemCodes.FILE_UNREADABLE, place, "cannot be read: " + e.getMessage());
            return null;
        }
    }

    /** The file's lines, or null with an error. */
    static List<String> lines(Path file, Warnings warnings) {
        String text = text(file, warnings);
        return text == null ? null : text.lines().toList();
    }

    /** The file as a JSON tree, or null with an error naming line and column. */
    static JsonNode json(Path file, Warnings warnings) {
        String text = text(file, warnings);
        if (text == null) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || root.isMissingNode()) {
                warnings.error(ProblemCodes.JSON_SYNTAX, Place.of(file), "not valid JSON: empty");
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            warnings.error(ProblemCodes.JSON_SYNTAX, e.getLocation() == null ? Place.of(file)
                    : new Place(Location.line(file.toString(), Math.max(1, e.getLocation().getLineNr()), Math.max(1, e.getLocation().getColumnNr()))),
                    "not valid JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    /** A tool's text value, or null for a missing, empty or {@code N/A} one. */
    static String value(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        return s.isEmpty() || s.equals("N/A") ? null : s;
    }

    /** A JSON pointer step for {@code key}. */
    static String step(String key) {
        return "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** {@code 00000000:41:00.0} (nvidia-smi) or {@code 0000:41:00.0} as {@code 0000:41:00.0}; null when it is no PCI address. */
    static String pciAddress(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9a-f]{1,8}):([0-9a-f]{2}):([0-9a-f]{2})\\.([0-7])").matcher(s);
        if (!m.matches()) {
            return null;
        }
        long domain = Long.parseLong(m.group(1), 16);
        if (domain > 0xffff) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "%04x:%s:%s.%s", domain, m.group(2), m.group(3), m.group(4));
    }
}
