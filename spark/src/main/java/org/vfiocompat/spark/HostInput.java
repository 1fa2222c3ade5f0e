package org.vfiocompat.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The hosts of the inputs, read by the engine's reader many rows at a time and as if row by
 * row ({@link HostChunks}), as {@link ReadChunk}s. An input is a file or a folder of them (files whose names start with
 * {@code _} or {@code .} are skipped, as Spark's own readers do); each file's form is told by
 * its first bytes: Parquet ({@code PAR1}), an inventory document (a JSON object whose first
 * member is {@code version} or {@code hosts}), or NDJSON (one host per line; {@code .gz}
 * and the other Hadoop codecs are unpacked by name). Lines are read as bytes, not as decoded
 * text, so the reader's strict UTF-8 check sees what the file holds, and placed by their split
 * and their ordinal in it ({@link RowNumbers} makes that the line in the file, from 1); Parquet
 * rows are numbered from 1 per file, from the file's own row index.
 */
final class HostInput {

    private HostInput() {
    }

    /** The chunks read from every input ({@link ReadChunk}), and what numbers the lines of its NDJSON files. */
    record Hosts(JavaRDD<ReadChunk> chunks, RowNumbers numbers) {
    }

    static Hosts read(SparkSession spark, List<String> inputs) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> parquet = new ArrayList<>();
        RowNumbers numbers = new RowNumbers();
        JavaRDD<ReadChunk> chunks = jsc.emptyRDD();
        for (String file : files(conf, inputs)) {
            String form = sniff(conf, file);
            switch (form) {
                case "parquet" -> parquet.add(file);
                case "document" -> chunks = chunks.union(jsc.binaryFiles(file).map(f ->
                        ReadChunk.of(HostParser.parse(file, 0, 0, f._2().toArray(), HostParser.Form.DOCUMENT))));
                default -> {
                    JavaPairRDD<LongWritable, Text> lines = jsc.newAPIHadoopFile(file, TextInputFormat.class, LongWritable.class, Text.class, conf);
                    numbers.add(file, lines.keys());
                    // A line's place is its split and its ordinal there: no pass that numbers the lines first.
                    chunks = chunks.union(lines.mapPartitionsWithIndex((part, it) -> HostChunks.chunks(new Iterator<HostChunks.Line>() {
                        private long row;

                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public HostChunks.Line next() {
                            // Hadoop reuses the Text: its bytes are copied.
                            return new HostChunks.Line(file, part, ++row, it.next()._2().copyBytes());
                        }
                    }, HostParser.Form.NDJSON), true));
                }
            }
        }
        if (!parquet.isEmpty()) {
            Dataset<Row> hosts = spark.read().parquet(parquet.toArray(String[]::new));
            Column[] columns = java.util.Arrays.stream(hosts.columns()).map(functions::col).toArray(Column[]::new);
            Dataset<Row> json = hosts.select(functions.col("_metadata.file_path"), functions.col("_metadata.row_index"),
                    functions.to_json(functions.struct(columns)));
            chunks = chunks.union(json.javaRDD().mapPartitions(it -> HostChunks.chunks(new Iterator<HostChunks.Line>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public HostChunks.Line next() {
                    Row r = it.next();
                    return new HostChunks.Line(r.getString(0), 0, r.getLong(1) + 1, r.getString(2).getBytes(StandardCharsets.UTF_8));
                }
            }, HostParser.Form.PARQUET)));
        }
        return new Hosts(chunks, numbers);
    }

    /** Every data file of the inputs, in a stable order. */
    private static List<String> files(Configuration conf, List<String> inputs) {
        List<String> out = new ArrayList<>();
        try {
            for (String input : inputs) {
                Path path = new Path(input);
                FileSystem fs = path.getFileSystem(conf);
                FileStatus status = fs.getFileStatus(path);
                if (!status.isDirectory()) {
                    out.add(input); // named as the user named it
                    continue;
                }
                List<String> found = new ArrayList<>();
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
                while (it.hasNext()) {
                    LocatedFileStatus f = it.next();
                    String name = f.getPath().getName();
                    if (f.isFile() && !name.startsWith("_") && !name.startsWith(".") && !hidden(path, f.getPath())) {
                        found.add(f.getPath().toString());
                    }
                }
                found.sort(null);
                out.addAll(found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether a folder between {@code root} and {@code file} is hidden ({@code _temporary}, {@code .spark-staging}). */
    private static boolean hidden(Path root, Path file) {
        for (Path p = file.getParent(); p != null && !p.toUri().getPath().equals(root.toUri().getPath()); p = p.getParent()) {
            if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** {@code parquet}, {@code document} or {@code ndjson}, from the file's first bytes. */
    private static String sniff(Configuration conf, String file) {
        Path path = new Path(file);
        try (InputStream raw = path.getFileSystem(conf).open(path)) {
            byte[] head = raw.readNBytes(4);
            if (head.length == 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
                return "parquet";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        org.apache.hadoop.io.compress.CompressionCodec codec = new org.apache.hadoop.io.compress.CompressionCodecFactory(conf).getCodec(path);
        try (InputStream raw = path.getFileSystem(conf).open(path);
             InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.UTF_8).stripLeading();
            if (head.startsWith("{")) {
                String rest = head.substring(1).stripLeading();
                if (rest.startsWith("\"version\"") || rest.startsWith("\"hosts\"") || rest.startsWith("}")) {
                    return "document";
                }
            }
            return "ndjson";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
