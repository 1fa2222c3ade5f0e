package org.vfiocompat.engine.importer;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads libvirt's XML with the JDK's parser, safely: no DTDs, no external entities, no XInclude
 * (so a hostile file can neither read local files nor make the parser fetch anything). One file
 * may hold several root elements, as the concatenated output of {@code virsh nodedev-dumpxml}
 * or {@code virsh dumpxml} for many devices or domains does.
 */
final class SafeXml {

    private static final java.util.regex.Pattern SYSTEM_DOCTYPE =
            java.util.regex.Pattern.compile("<!DOCTYPE[ \\t]+[A-Za-z_][A-Za-z0-9_.-]*[ \\t]+SYSTEM[ \\t]+\"[^\"<>\\[\\]\\n%&]*\"[ \\t]*>");

    private SafeXml() {
    }

    /** The XML files of {@code path}: the file itself, or a folder's {@code *.xml} files, sorted. */
    static List<Path> files(Path path, Warnings warnings) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*.xml")) {
            for (Path entry : entries) {
                // Only regular files: a FIFO (or a link to one) would block the read forever.
                if (Files.isRegularFile(entry)) {
                    out.add(entry);
                } else {
                    warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(entry), "not a regular file; left out");
                }
            }
        } catch (IOException e) {
            warnings.error(ProblemCodes.FILE_UNREADABLE, Place.of(path), "cannot be listed: " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /** The root elements of {@code file}; none, with an error naming file and line, when it does not parse. */
    static List<Element> roots(Path file, Warnings warnings) {
        return roots(file, warnings, false);
    }

    /**
     * As {@link #roots(Path, Warnings)}; with {@code systemDoctype}, a DOCTYPE that only names an
     * external DTD ({@code <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v12.dtd">}, as nvidia-smi
     * writes) is blanked out and never read. One with an internal subset is still refused.
     */
    static List<Element> roots(Path file, Warnings warnings, boolean systemDoctype) {
        String text;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            // Bounded: endless input (/dev/zero) is refused instead of read into memory whole.
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                warnings.error(ProblemCodes.FILE_TOO_LARGE, Place.of(file), "larger than " + MAX_FILE_BYTES
                        + " bytes; node-device and domain XML files are a few KiB");
                return List.of();
            }
            text = strictUtf8(bytes, file, warnings);
            if (text == null) {
                return List.of();
            }
        } catch (IOException e) {
            warnings.error(ProblemCodes.FILE_UNREADABLE, Place.of(file), "cannot be read: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return List.of();
        }
        // Several documents one after another: drop their XML declarations (keeping every line
        // and column where it was) and wrap them in one element on the first line.
        int doctype = text.indexOf("<!DOCTYPE");
        if (doctype >= 0 && systemDoctype) {
            java.util.regex.Matcher m = SYSTEM_DOCTYPE.matcher(text);
            if (m.find(doctype) && m.start() == doctype) {
                text = text.substring(0, doctype) + " ".repeat(m.end() - doctype) + text.substring(m.end());
                doctype = text.indexOf("<!DOCTYPE");
            }
        }
        if (doctype >= 0) {
            // libvirt never writes one; refusing it outright also shuts out entity tricks.
            int line = (int) text.substring(0, doctype).chars().filter(c -> c == '\n').count() + 1;
            warnings.error(ProblemCodes.XML_DOCTYPE, new Place(Location.line(file.toString(), line)), "not accepted: a DOCTYPE (no DTDs, no entities)");
            return List.of();
        }
        String body = blankDeclarations(text);
        List<Element> out = new ArrayList<>();
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(null);
            Element wrapper = builder.parse(new InputSource(new StringReader("<vfio-compat-wrapper>" + body
                    + "</vfio-compat-wrapper>"))).getDocumentElement();
            if (depth(wrapper) > MAX_DEPTH + 1) {
                warnings.error(ProblemCodes.XML_SYNTAX, Place.of(file), "elements nested deeper than " + MAX_DEPTH
                        + " levels; libvirt writes a few");
                return List.of();
            }
            for (Node n = wrapper.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    out.add(e);
                }
            }
        } catch (SAXParseException e) {
            int column = e.getLineNumber() == 1 ? Math.max(1, e.getColumnNumber() - "<vfio-compat-wrapper>".length())
                    : e.getColumnNumber();
            warnings.error(ProblemCodes.XML_SYNTAX, new Place(Location.line(file.toString(), e.getLineNumber(), column)),
                    "not valid XML: " + e.getMessage());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            warnings.error(ProblemCodes.XML_SYNTAX, Place.of(file), "not valid XML: " + e.getMessage());
        }
        return out;
    }

    /** The largest XML file read: node-device and domain documents are a few KiB. */
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    /** The deepest element nesting accepted: libvirt's documents nest fewer than ten levels. */
    static final int MAX_DEPTH = 64;

    /** The text of {@code bytes} as strict UTF-8, or null with an error naming the byte offset. */
    private static String strictUtf8(byte[] bytes, Path file, Warnings warnings) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            warnings.error(ProblemCodes.FILE_NOT_UTF8, Place.of(file), "not valid UTF-8 at byte " + in.position());
            return null;
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** How deep elements nest below {@code root} (1 for a leaf), walked without recursion. */
    private static int depth(Element root) {
        int deepest = 0;
        java.util.ArrayDeque<Node> nodes = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        while (!nodes.isEmpty()) {
            Node n = nodes.pop();
            int d = depths.pop();
            deepest = Math.max(deepest, d);
            if (deepest > MAX_DEPTH + 1) {
                return deepest;
            }
            for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element) {
                    nodes.push(c);
                    depths.push(d + 1);
                }
            }
        }
        return deepest;
    }

    private static String blankDeclarations(String text) {
        StringBuilder sb = new StringBuilder(text);
        int from = 0;
        while (true) {
            int start = sb.indexOf("<?xml", from);
            if (start < 0) {
                return sb.toString();
            }
            int end = sb.indexOf("?>", start);
            if (end < 0) {
                return sb.toString();
            }
            for (int i = start; i < end + 2; i++) {
                if (sb.charAt(i) != '\n') {
                    sb.setCharAt(i, ' ');
                }
            }
            from = end + 2;
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }

    /** The direct children of {@code parent} named {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first direct child named {@code name}, or null. */
    static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    /** The trimmed text of the first child named {@code name}, or null when absent or empty. */
    static String text(Element parent, String name) {
        Element c = child(parent, name);
        if (c == null) {
            return null;
        }
        // The element's own text only (not getTextContent, which recurses through every
        // descendant): every value read here is a leaf.
        StringBuilder own = new StringBuilder();
        for (Node n = c.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof org.w3c.dom.CharacterData d && !(n instanceof org.w3c.dom.Comment)) {
                own.append(d.getData());
            }
        }
        String t = own.toString().strip();
        return t.isEmpty() ? null : t;
    }

    /** The attribute's value, or null when absent. */
    static String attr(Element e, String name) {
        return e != null && e.hasAttribute(name) ? e.getAttribute(name) : null;
    }
}
