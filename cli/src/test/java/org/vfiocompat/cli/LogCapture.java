package org.vfiocompat.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Captures what the command's libraries log to {@code System.err} while it runs, as the launcher
 * would show it. The tests' {@code simplelogger.properties} silences Drools' build errors and the
 * engine's warnings and prints log lines as {@code [main] WARN logger.name - message}; the CLI's own
 * configuration logs every warning as {@code [WARN] message}. So, while a capture is open, every
 * logger that exists is set to the CLI's level (warn), and {@link #text()} rewrites the tests' line
 * prefix into the CLI's. The loggers' levels are restored on close.
 */
final class LogCapture implements AutoCloseable {

    private static final int WARN = 30; // slf4j-simple's LOG_LEVEL_WARN
    private static final Pattern TEST_PREFIX = Pattern.compile("(?m)^\\[[^\\]\\n]*\\] (ERROR|WARN|INFO|DEBUG|TRACE) \\S+ - ");

    private final PrintStream saved = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Map<Object, Integer> levels = new HashMap<>();

    LogCapture() {
        try {
            Object factory = Class.forName("org.slf4j.LoggerFactory").getMethod("getILoggerFactory").invoke(null);
            Field mapField = factory.getClass().getDeclaredField("loggerMap");
            mapField.setAccessible(true);
            Map<?, ?> loggers = (Map<?, ?>) mapField.get(factory);
            Field level = Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
            level.setAccessible(true);
            for (Object logger : loggers.values()) {
                levels.put(logger, level.getInt(logger));
                level.setInt(logger, WARN);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot raise slf4j-simple's log levels (has the logging backend changed?)", e);
        }
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    /** What was logged, with each line's prefix as the CLI's logging configuration writes it. */
    String text() {
        System.err.flush();
        return TEST_PREFIX.matcher(bytes.toString(StandardCharsets.UTF_8)).replaceAll("[$1] ");
    }

    @Override
    public void close() {
        System.setErr(saved);
        try {
            Field level = Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
            level.setAccessible(true);
            for (Map.Entry<Object, Integer> e : levels.entrySet()) {
                level.setInt(e.getKey(), e.getValue());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
