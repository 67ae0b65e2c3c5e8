package io.jdlt.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one Jackson mapper jdlt uses for its own documents (schemas, states, package files). */
public final class Json {

    /**
     * How deep jdlt follows nested JSON: 255 levels, orjson's limit and so dlt's. Deeper data (or a cycle) is
     * rejected with an error naming the resource, well before a thread's stack could overflow.
     */
    public static final int MAX_NESTING_DEPTH = 255;

    public static final JsonMapper MAPPER = JsonMapper.builder(factory().build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /**
     * Writes the JSON documents of job files, one per line: the generator puts nothing between root values, its user
     * ends each line ({@code writeRaw('\n')}), so that lines encoded elsewhere can be appended between its own.
     */
    // Schubfach for doubles (the shortest text that reads back as the same double: the JDK writes them that way only
    // from Java 19 on) in job files, which are read back as values; not in MAPPER, whose text row and key hashes are
    // computed from and must not change
    // NaN and the infinities are written as the bare tokens NaN, Infinity and -Infinity (Python's json.dumps does the
    // same): DuckDB's read_json, Python's json and jdlt read them back as doubles, where Jackson's default, a quoted
    // "NaN", would read back as text
    public static final JsonMapper JSONL = JsonMapper.builder(factory().rootValueSeparator((String) null)
            .enable(tools.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(tools.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS).build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private static final JsonMapper PRETTY = MAPPER.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    private static JsonFactoryBuilder factory() {
        return JsonFactory.builder()
                // job files hold NaN and infinities as bare tokens (see JSONL)
                .enable(tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // big strings are data too: accept up to 1 GiB per value instead of Jackson's 20 MB default
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(1 << 30)
                        .maxNestingDepth(MAX_NESTING_DEPTH + 16)
                        .maxNumberLength(10_000)
                        .build())
                // a little room above jdlt's own limit, so that jdlt's check, which names the path, fires first
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH + 16)
                        .build());
    }

    /** Compact JSON with keys sorted at every level: the input of dlt's version hashes. */
    public static byte[] sortedCompactBytes(Object value) {
        return MAPPER.writeValueAsBytes(sortKeys(value));
    }

    public static String toJson(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** A JSON document given as text; dlt's compressed form (base64 of zlib) is read too. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMap(String document) {
        String text = document.strip();
        if (!text.startsWith("{")) {
            text = unzlibBase64(text);
        }
        return MAPPER.readValue(text, Map.class);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMap(Path file) {
        try {
            return MAPPER.readValue(Files.readAllBytes(file), Map.class);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    public static List<Object> readList(Path file) {
        try {
            return MAPPER.readValue(Files.readAllBytes(file), List.class);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /** Typed JSON of a value: decimals, timestamps, dates, times and bytes keep their type (see {@link TypedJson}). */
    public static byte[] toTypedJson(Object value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (tools.jackson.core.JsonGenerator generator = MAPPER.createGenerator(out)) {
            TypedJson.write(generator, value);
        }
        return out.toByteArray();
    }

    /** Reads typed JSON written by {@link #toTypedJson(Object)}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readTypedMap(byte[] typedJson) {
        try (tools.jackson.core.JsonParser parser = MAPPER.createParser(typedJson)) {
            parser.nextToken();
            return (Map<String, Object>) java.util.Objects.requireNonNull(TypedJson.read(parser));
        }
    }

    /** Writes typed JSON to a temporary file and renames it into place. */
    public static void writeTypedAtomically(Path file, Object document) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, toTypedJson(document));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    public static Map<String, Object> readTypedMap(Path file) {
        try {
            return readTypedMap(Files.readAllBytes(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /** Writes the document to a temporary file and renames it into place, so readers never see half a file. */
    public static void writeAtomically(Path file, Object document) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, PRETTY.writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /** dlt's compressed text (state column, large schemas): base64 of zlib at level 9. */
    public static String zlibBase64(String text) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 4 + 64);
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Reverses {@link #zlibBase64(String)}. */
    public static String unzlibBase64(String encoded) {
        Inflater inflater = new Inflater();
        inflater.setInput(Base64.getDecoder().decode(encoded));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated zlib data");
                }
                out.write(buffer, 0, n);
            }
        }
        catch (DataFormatException ex) {
            throw new IllegalArgumentException("not zlib data: " + ex.getMessage(), ex);
        }
        finally {
            inflater.end();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Object sortKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v == null ? null : sortKeys(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(item == null ? null : sortKeys(item));
            }
            return copy;
        }
        return value;
    }
}
