package org.vfiocompat.engine.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reads {@code lspci -nn -D -vmm -k}: blocks of {@code Tag:<tab>value} lines, one block per PCI
 * function, separated by blank lines. Tags are read by name (their set depends on the device and
 * on the options: {@code Rev} only when non-zero, {@code Driver} only with {@code -k}); ids are
 * the last {@code [xxxx]} of a value, as {@code -nn} prints them. Unknown tags are ignored. A line
 * that is no {@code Tag:} line is an error naming its line.
 */
final class Lspci {

    /**
     * One function; any field but the slot may be null. Ids are four lower-case hex digits.
     *
     * @param slot     {@code 0000:17:00.2}
     * @param classId  {@code 0200}, the class and subclass as {@code -nn} prints them
     * @param progIf   {@code 00}, the programming interface; null when lspci left it out
     * @param revision {@code 30}; {@code 00} when lspci left it out, which it does for revision zero
     * @param driver   the driver in use ({@code -k})
     */
    record Function(String slot, String classId, String progIf, String vendor, String device, String subsystemVendor,
                    String subsystemDevice, String revision, String driver, Place place) {

        /**
         * The whole class code as the kernel's {@code class} attribute holds it ({@code 020000}): class,
         * subclass and programming interface, the three bytes QEMU compares on load. lspci prints
         * {@code ProgIf} only when it is non-zero in some versions, so a missing one is {@code 00}.
         */
        String classCode() {
            if (classId == null || classId.length() != 4) {
                return null;
            }
            return classId + (progIf == null ? "00" : progIf);
        }
    }

    private Lspci() {
    }

    /** The functions, or null with an error. */
    static List<Function> read(Path file, Warnings warnings) {
        List<String> lines = ToolOutput.lines(file, warnings);
        if (lines == null) {
            return null;
        }
        List<Function> out = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    add(out, block, new Place(Location.line(file.toString(), start)), warnings);
                    block.clear();
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                warnings.error(ProblemCodes.IMPORT_MALFORMED, new Place(Location.line(file.toString(), i + 1)),
                        "expected 'Tag:<tab>value' (lspci -vmm output)");
                return null;
            }
            if (block.isEmpty()) {
                start = i + 1;
            }
            block.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return out;
    }

    private static void add(List<Function> out, Map<String, String> b, Place place, Warnings warnings) {
        String slot = ToolOutput.pciAddress(b.get("Slot"));
        if (slot == null) {
            warnings.add(ProblemCodes.IMPORT_LEFT_OUT, place, "no Slot with a PCI domain (lspci -D); function left out");
            return;
        }
        String rev = b.get("Rev");
        out.add(new Function(slot, id(b.get("Class")), PciFacts.byteId(b.get("ProgIf")), id(b.get("Vendor")), id(b.get("Device")), id(b.get("SVendor")),
                id(b.get("SDevice")), rev == null || rev.isBlank() ? "00" : PciFacts.byteId(rev),
                ToolOutput.value(b.get("Driver")), place));
    }

    /** The last {@code [xxxx]} of a value ({@code Mellanox Technologies [15b3]}), else the value if it is an id itself. */
    static String id(String value) {
        if (value == null) {
            return null;
        }
        int close = value.lastIndexOf(']');
        int open = close < 0 ? -1 : value.lastIndexOf('[', close);
        return PciFacts.hexId(open >= 0 ? value.substring(open + 1, close) : value);
    }
}
