package org.vfiocompat.engine.importer;

import java.nio.file.Path;
import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;

/** Reads {@code uname -r}: one line, the kernel release ({@code 6.17.0-14-generic}). */
final class KernelRelease {

    private KernelRelease() {
    }

    /** The release; null with a warning when the file is empty, null with an error when it is no release. */
    static String read(Path file, Warnings warnings) {
        List<String> lines = ToolOutput.lines(file, warnings);
        if (lines == null) {
            return null;
        }
        String release = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (release != null || !line.chars().allMatch(c -> c > ' ' && c < 127)) {
                warnings.error(ProblemCodes.IMPORT_MALFORMED, new Place(Location.line(file.toString(), i + 1)),
                        "expected one line, the kernel release (uname -r)");
                return null;
            }
            release = line;
        }
        if (release == null) {
            warnings.add(ProblemCodes.IMPORT_MISSING, Place.of(file), "empty: no kernel release");
        }
        return release;
    }
}
