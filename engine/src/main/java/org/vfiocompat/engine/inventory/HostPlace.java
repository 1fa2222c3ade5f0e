package org.vfiocompat.engine.inventory;

import org.vfiocompat.engine.Location;

/**
 * Where one host is in its input, so that a problem inside it can be located: the host's own
 * JSON pointer in the file ({@code /hosts/3} in an inventory document, {@code ""} for a line of
 * NDJSON, where each line is a document of its own) and, when the pointer alone does not say
 * which host (NDJSON, or a second concatenated document), the line the host starts on.
 *
 * @param line the host's first line, 0 when the pointer says enough
 */
record HostPlace(String file, String pointer, int line) {

    /** The value at {@code inner} (a pointer inside the host; {@code ""} is the host). */
    Location at(String inner) {
        Location l = Location.pointer(file, pointer + inner);
        return line > 0 ? l.withLine(line) : l;
    }
}
