package io.jdlt.destination.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import io.jdlt.destination.JobClient;
import io.jdlt.json.Json;
import io.jdlt.schema.Schema;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.storage.IoErrors;
import io.jdlt.storage.JobFileName;
import io.jdlt.storage.LoadIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes packages as files (reference §12): job files copied as they are by the layout, dlt's own tables as one
 * JSON file per record ({@code _dlt_loads/}, {@code _dlt_version/}, {@code _dlt_pipeline_state/}), and the
 * {@code _dlt_loads} file last, which commits the package. Replace removes a table's older files only after the new
 * ones are written, so a failed load never leaves a table empty.
 */
final class FilesystemJobClient implements JobClient {

    private static final Logger log = LoggerFactory.getLogger(FilesystemJobClient.class);
    private static final String LOADS = Schema.LOADS_TABLE + "/";
    private static final String VERSIONS = Schema.VERSION_TABLE + "/";
    private static final String STATES = Schema.PIPELINE_STATE_TABLE + "/";

    private final FileStore store;
    private final FileLayout layout;

    FilesystemJobClient(FileStore store, FileLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    @Override
    public boolean isCommitted(String loadId) {
        return store.list(LOADS).stream().anyMatch(key -> key.endsWith("__" + loadId + ".jsonl"));
    }

    @Override
    public Optional<String> latestState(String pipelineName) {
        Set<String> committed = new LinkedHashSet<>();
        for (String key : store.list(LOADS)) {
            String name = key.substring(LOADS.length(), key.length() - ".jsonl".length());
            committed.add(name.substring(name.lastIndexOf("__") + 2));
        }
        String newest = null;
        String newestLoadId = "";
        for (String key : store.list(STATES + pipelineName + "__")) {
            String[] parts = key.substring(STATES.length()).split("__");
            String loadId = parts.length > 1 ? parts[1] : "";
            // only states of committed packages count, as with _dlt_loads.status = 0 in SQL
            if (committed.contains(loadId) && loadId.compareTo(newestLoadId) > 0) {
                newest = key;
                newestLoadId = loadId;
            }
        }
        return newest == null ? Optional.empty()
                : store.readText(newest).map(text -> (String) Json.readMap(text).get("state"));
    }

    @Override
    public Optional<String> latestSchema(String schemaName) {
        List<String> versions = store.list(VERSIONS + schemaName + "__");
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return store.readText(versions.get(versions.size() - 1)).map(text -> (String) Json.readMap(text).get("schema"));
    }

    @Override
    public void loadPackage(String loadId, OffsetDateTime createdAt, Schema schema, List<Path> jobs,
            JobListener listener) {
        if (store.readText("init").isEmpty()) {
            // dlt's marker of the layout version, written once per dataset
            store.putText("init", "{\"initial_version\":2,\"current_version\":2}");
        }
        writeVersion(schema);
        Map<String, Set<String>> written = new LinkedHashMap<>();
        Set<String> replacedRoots = new LinkedHashSet<>();
        for (Path job : jobs) {
            Path running = listener.started(job);
            JobFileName name = JobFileName.parse(running.getFileName().toString());
            if (name.tableName().equals(Schema.PIPELINE_STATE_TABLE)) {
                writeState(loadId, schema, running);
                continue;
            }
            String ext = name.format() + (name.compressed() ? ".gz" : "");
            String key = layout.render(schema.name(), name.tableName(), loadId, name.fileId(), ext, createdAt);
            if (!isEmpty(running)) {
                store.put(key, running);
                written.computeIfAbsent(name.tableName(), t -> new LinkedHashSet<>()).add(key);
            }
            if (schema.isKind(name.tableName(), WriteDisposition.Kind.REPLACE)) {
                replacedRoots.add(schema.rootTable(name.tableName()).name());
            }
            else if (schema.isKind(name.tableName(), WriteDisposition.Kind.MERGE)) {
                log.warn("Table '{}': the filesystem destination appends merge loads (as dlt does without a table "
                        + "format)", name.tableName());
            }
        }
        // replace: the older files go only once the new ones are there
        for (String root : replacedRoots) {
            for (var table : schema.tableChain(root)) {
                Set<String> keep = written.getOrDefault(table.name(), Set.of());
                for (String key : store.list(layout.tableFolder(schema.name(), table.name()))) {
                    if (!keep.contains(key)) {
                        store.delete(key);
                    }
                }
            }
        }
        listener.beforeCommit();
        Map<String, Object> loadRecord = new LinkedHashMap<>();
        loadRecord.put("load_id", loadId);
        loadRecord.put("schema_name", schema.name());
        loadRecord.put("status", 0);
        loadRecord.put("inserted_at", Instant.now().toString());
        loadRecord.put("schema_version_hash", schema.versionHash());
        store.putText(LOADS + schema.name() + "__" + loadId + ".jsonl", Json.toJson(loadRecord));
    }

    /**
     * The files a package that never committed may have left: a run that died half-way wrote some of them, and a
     * reader of the folder would take their rows for loaded ones.
     */
    @Override
    public void discardPackage(String loadId, OffsetDateTime createdAt, Schema schema, List<Path> jobs) {
        for (Path job : jobs) {
            JobFileName name = JobFileName.parse(job.getFileName().toString());
            if (name.tableName().equals(Schema.PIPELINE_STATE_TABLE)) {
                continue;
            }
            String key = layout.render(schema.name(), name.tableName(), loadId, name.fileId(),
                    name.format() + (name.compressed() ? ".gz" : ""), createdAt);
            if (!layout.dependsOnClock()) {
                store.delete(key);
                continue;
            }
            // written at another time than now: found by its file id, unique to the job file (or its load id)
            String mark = layout.pattern().contains("{file_id}") ? name.fileId() : loadId;
            for (String written : store.list(layout.tableFolder(schema.name(), name.tableName()))) {
                if (written.contains(mark)) {
                    store.delete(written);
                }
            }
        }
        for (String key : store.list(STATES)) {
            if (key.contains("__" + loadId + "__")) {
                store.delete(key);
            }
        }
    }

    /** dlt's {@code _dlt_version/<schema>__<precise time>__<hex of the version hash>.jsonl}, once per hash. */
    private void writeVersion(Schema schema) {
        String hashHex = HexFormat.of().formatHex(Base64.getDecoder().decode(schema.versionHash()));
        if (store.list(VERSIONS + schema.name() + "__").stream().anyMatch(k -> k.endsWith("__" + hashHex + ".jsonl"))) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("version_hash", schema.versionHash());
        record.put("schema_name", schema.name());
        record.put("version", schema.version());
        record.put("engine_version", Schema.ENGINE_VERSION);
        record.put("inserted_at", Instant.now().toString());
        record.put("schema", Json.toJson(schema.toDocument()));
        store.putText(VERSIONS + schema.name() + "__" + LoadIds.next() + "__" + hashHex + ".jsonl", Json.toJson(record));
    }

    /** The state row of the package becomes {@code _dlt_pipeline_state/<pipeline>__<load_id>__<schema hash>.jsonl}. */
    private void writeState(String loadId, Schema schema, Path job) {
        String line = firstLine(job);
        if (line == null) {
            return;
        }
        Map<String, Object> row = Json.readMap(line);
        row.remove(Schema.ROW_ID);
        String hashHex = HexFormat.of().formatHex(Base64.getDecoder().decode(schema.versionHash()));
        store.putText(STATES + row.get("pipeline_name") + "__" + loadId + "__" + hashHex + ".jsonl", Json.toJson(row));
    }

    /**
     * Whether the job has no content but whitespace: an empty replace job. Read only until the first other byte, not
     * through the file: a job file can be hundreds of megabytes.
     */
    private static boolean isEmpty(Path job) {
        try (InputStream in = open(job)) {
            int b;
            while ((b = in.read()) != -1) {
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }
        catch (IOException ex) {
            throw IoErrors.workingDirFailure("reading job file " + job, ex);
        }
    }

    private static @Nullable String firstLine(Path job) {
        try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(open(job),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    return line;
                }
            }
            return null;
        }
        catch (IOException ex) {
            throw IoErrors.workingDirFailure("reading job file " + job, ex);
        }
    }

    private static InputStream open(Path job) throws IOException {
        InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(job), 8192);
        return job.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    }

    @Override
    public void close() {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            }
            catch (Exception ex) {
                log.warn("Closing the file store at {} failed: {}", store.location(), ex.getMessage());
            }
        }
    }
}
