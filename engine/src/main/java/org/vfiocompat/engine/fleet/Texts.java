package org.vfiocompat.engine.fleet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A list of strings held as bytes in pages, not as {@code String} objects: a device id or VM name
 * costs its bytes, a header byte and an int, where a {@code String} costs about 60 bytes more.
 * A canonical lower-case UUID (what mdev ids are) is packed into 16 bytes. Each string reads back
 * exactly as appended. Append-only; not thread-safe while appended to, safe to read after.
 *
 * <p>An entry is a varint header {@code length << 2 | form}, then its bytes: form
 * {@value #LATIN1} one byte per char (every char below 256: ids, host and VM names),
 * {@value #UTF16} two bytes per char, {@value #UUID} the UUID's 16 bytes. Entries never cross a
 * page, so an entry's place is one int: page number in the high bits, offset in the low
 * {@value #PAGE_BITS}.
 */
final class Texts {

    static final int LATIN1 = 0;
    static final int UTF16 = 1;
    static final int UUID = 2;
    private static final int PAGE_BITS = 20;
    private static final int PAGE = 1 << PAGE_BITS;
    /** Pages at most: the page number has the remaining 12 bits of the int. */
    private static final int MAX_PAGES = 1 << (32 - PAGE_BITS);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The UUID {@link #readUuid} read last: its first 16 hex digits and its last 16. */
    private long uuidHigh;
    private long uuidLow;
    private byte[][] pages = new byte[4][];
    private int pageCount;
    /** Bytes used in the last page. */
    private int used;
    /** Each entry's place: {@code page << PAGE_BITS | offset}. */
    private int[] places = new int[16];
    private int size;

    int size() {
        return size;
    }

    /** Appends {@code s}. */
    void add(String s) {
        int n = s.length();
        // The string's chars as bytes, through String's own encoder (one array copy for the
        // Latin-1 strings ids and names are), then read as bytes: a charAt a char, to check, to
        // pack and to copy, was most of this method under the launcher's C1 code. A char past
        // Latin-1 comes out as '?', so only a string holding a '?' is looked at char by char.
        byte[] latin = s.getBytes(StandardCharsets.ISO_8859_1);
        boolean isLatin1 = !holdsQuestionMark(latin) || latin1(s);
        int form = isLatin1 && readUuid(latin) ? UUID : isLatin1 ? LATIN1 : UTF16;
        int length = form == UUID ? 0 : n;
        int bytes = form == UUID ? 16 : form == LATIN1 ? n : 2 * n;
        int header = (length << 2) | form;
        int at = reserve(varintSize(header) + bytes);
        byte[] page = pages[pageCount - 1];
        int o = writeVarint(page, at & (PAGE - 1), header);
        switch (form) {
            case UUID -> {
                writeLong(page, o, uuidHigh);
                writeLong(page, o + 8, uuidLow);
            }
            case LATIN1 -> System.arraycopy(latin, 0, page, o, n); // below 256: the byte is the char
            default -> {
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    page[o++] = (byte) (c >>> 8);
                    page[o++] = (byte) c;
                }
            }
        }
        place(at);
    }

    /** Appends entry {@code i} of {@code other}, bytes copied as they are. */
    void addFrom(Texts other, int i) {
        int from = other.places[i];
        byte[] src = other.pages[from >>> PAGE_BITS];
        int o = from & (PAGE - 1);
        int header = readVarint(src, o);
        int length = varintSize(header) + payload(header);
        int at = reserve(length);
        System.arraycopy(src, o, pages[pageCount - 1], at & (PAGE - 1), length);
        place(at);
    }

    /** Entry {@code i}, as a new String. */
    String get(int i) {
        int at = places[i];
        byte[] page = pages[at >>> PAGE_BITS];
        int o = at & (PAGE - 1);
        int header = readVarint(page, o);
        o += varintSize(header);
        int length = header >>> 2;
        switch (header & 3) {
            case LATIN1:
                return new String(page, o, length, StandardCharsets.ISO_8859_1);
            case UUID:
                return unpackUuid(page, o);
            default:
                char[] chars = new char[length];
                for (int c = 0; c < length; c++) {
                    chars[c] = (char) (((page[o + 2 * c] & 0xFF) << 8) | (page[o + 2 * c + 1] & 0xFF));
                }
                return new String(chars);
        }
    }

    /** Whether entry {@code i} is the empty string. */
    boolean isEmpty(int i) {
        int at = places[i];
        return pages[at >>> PAGE_BITS][at & (PAGE - 1)] == 0; // header 0: LATIN1 of length 0
    }

    private void place(int at) {
        if (size == places.length) {
            places = Arrays.copyOf(places, size + (size >> 1));
        }
        places[size++] = at;
    }

    /**
     * The place of {@code n} more bytes, in the last page or a new one. The last page grows by
     * doubling up to a full page, so a small list (a part of a fleet read in parallel) holds a
     * few kilobytes, not a megabyte; an entry longer than a page gets a page of its own.
     */
    private int reserve(int n) {
        if (pageCount > 0) {
            byte[] last = pages[pageCount - 1];
            if (used + n <= last.length) {
                int at = ((pageCount - 1) << PAGE_BITS) | used;
                used += n;
                return at;
            }
            if (used + n <= PAGE && last.length < PAGE) {
                pages[pageCount - 1] = Arrays.copyOf(last, Math.min(PAGE, Math.max(2 * last.length, used + n)));
                int at = ((pageCount - 1) << PAGE_BITS) | used;
                used += n;
                return at;
            }
        }
        if (pageCount == MAX_PAGES) {
            throw new IllegalStateException("more than " + ((long) MAX_PAGES << PAGE_BITS >> 30) + " GiB of ids and names");
        }
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, 2 * pageCount);
        }
        pages[pageCount++] = new byte[Math.max(n, pageCount == 1 ? 4096 : Math.min(PAGE, 64 << 10))];
        used = n;
        return (pageCount - 1) << PAGE_BITS;
    }

    private static int payload(int header) {
        int length = header >>> 2;
        return switch (header & 3) {
            case LATIN1 -> length;
            case UUID -> 16;
            default -> 2 * length;
        };
    }

    private static boolean holdsQuestionMark(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '?') {
                return true;
            }
        }
        return false;
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static int writeVarint(byte[] page, int o, int v) {
        while ((v & ~0x7F) != 0) {
            page[o++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        page[o++] = (byte) v;
        return o;
    }

    private static int readVarint(byte[] page, int o) {
        int v = 0;
        int shift = 0;
        byte b;
        do {
            b = page[o++];
            v |= (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return v;
    }

    /** Whether {@code s} is {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} in lower-case hex, so packing it loses nothing. */
    static boolean isUuid(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            if (i != 8 && i != 13 && i != 18 && i != 23 && hex(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The value of lower-case hex digit {@code c}, or -1. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /**
     * Reads {@code s}, a Latin-1 string's chars one byte each, into {@link #uuidHigh} and
     * {@link #uuidLow} when it is a UUID as {@link #isUuid} says; false, and the fields left as they were, when it is not. One pass:
     * checking an id first and packing it after read each of a million ids twice.
     */
    private boolean readUuid(byte[] s) {
        if (s.length != 36) {
            return false;
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 36; i++) {
            char c = (char) (s[i] & 0xFF);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
                continue;
            }
            int v = hex(c);
            if (v < 0) {
                return false;
            }
            // The first 16 digits end at index 17, before the third dash.
            if (i < 18) {
                high = high << 4 | v;
            } else {
                low = low << 4 | v;
            }
        }
        uuidHigh = high;
        uuidLow = low;
        return true;
    }

    /** Writes {@code v} as 8 bytes, most significant first: the hex digits' order, two to a byte. */
    private static void writeLong(byte[] page, int o, long v) {
        for (int b = 0; b < 8; b++) {
            page[o + b] = (byte) (v >>> (56 - 8 * b));
        }
    }

    private static String unpackUuid(byte[] page, int o) {
        byte[] out = new byte[36];
        int w = 0;
        for (int b = 0; b < 16; b++) {
            if (b == 4 || b == 6 || b == 8 || b == 10) {
                out[w++] = '-';
            }
            out[w++] = HEX[(page[o + b] >>> 4) & 0xF];
            out[w++] = HEX[page[o + b] & 0xF];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
