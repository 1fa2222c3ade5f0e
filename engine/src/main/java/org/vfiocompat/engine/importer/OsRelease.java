package org.vfiocompat.engine.importer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reads {@code /etc/os-release} (os-release(5)): {@code KEY=value} lines, the value bare or in
 * double or single quotes with backslash escapes; comments and blank lines ignored, keys read by
 * name ({@code ID}, {@code VERSION_ID}), unknown keys kept. A line of another shape is an error
 * naming its line.
 */
final class OsRelease {

    private OsRelease() {
    }

    /** The keys and values, or null with an error. */
    static Map<String, String> read(Path file, Warnings warnings) {
        List<String> lines = ToolOutput.lines(file, warnings);
        if (lines == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq) : "";
            String value = eq > 0 ? unquote(line.substring(eq + 1)) : null;
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*") || value == null) {
                warnings.error(ProblemCodes.IMPORT_MALFORMED, new Place(Location.line(file.toString(), i + 1)),
                        "expected KEY=value (os-release)");
                return null;
            }
            out.putIfAbsent(key, value);
        }
        return out;
    }

    /** A shell-style value: bare, or quoted with backslash escapes; null when a quote is not closed. */
    private static String unquote(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '"' && raw.charAt(0) != '\'') {
            return raw;
        }
        char quote = raw.charAt(0);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && quote == '"' && i + 1 < raw.length()) {
                sb.append(raw.charAt(++i));
            } else if (c == quote) {
                return raw.substring(i + 1).isBlank() ? sb.toString() : null;
            } else {
                sb.append(c);
            }
        }
        return null;
    }
}
