package io.jdlt.state;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.json.Json;
import io.jdlt.schema.Digests;
import io.jdlt.storage.LoadPackage;
import io.jdlt.storage.PipelineStorage;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline state (reference §5.2): kept in {@code state.json} in the working dir, and sent to the destination
 * as a {@code _dlt_pipeline_state} row, in the same package as the data, whenever its content changed. It holds the
 * state of every source and resource: {@code sources.<source>.resources.<resource>}, with incremental cursors under
 * {@code incremental.<cursor path>}.
 */
public final class PipelineState {

    /** dlt's {@code PIPELINE_STATE_ENGINE_VERSION}. */
    public static final int ENGINE_VERSION = 4;
    private static final String LOCAL = "_local";

    private final Map<String, Object> state;

    private PipelineState(Map<String, Object> state) {
        this.state = state;
    }

    /** The state from the working dir, or a new one for a pipeline that never ran there. */
    public static PipelineState load(PipelineStorage storage, String pipelineName) {
        Map<String, Object> stored = storage.readState().orElse(null);
        if (stored != null) {
            return new PipelineState(new LinkedHashMap<>(stored));
        }
        Map<String, Object> fresh = new LinkedHashMap<>();
        fresh.put("_state_version", 0);
        fresh.put("_state_engine_version", ENGINE_VERSION);
        fresh.put("pipeline_name", pipelineName);
        fresh.put("sources", new LinkedHashMap<>());
        Map<String, Object> local = new LinkedHashMap<>();
        local.put("first_run", true);
        fresh.put(LOCAL, local);
        return new PipelineState(fresh);
    }

    /** The pipeline state a load package carries (as it was when the package was extracted), or {@code null}. */
    @SuppressWarnings("unchecked")
    public static @Nullable Map<String, Object> packaged(LoadPackage loadPackage) {
        Object packaged = loadPackage.hasFile(LoadPackage.STATE_FILE) ? loadPackage.readState().get("pipeline_state")
                : null;
        return packaged instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /**
     * Makes the state a committed package carries the pipeline's state ({@code state.json}) when it is newer. Safe to
     * do again: a run that died between a commit and this finds the package committed and promotes it then.
     *
     * @return whether {@code state.json} changed
     */
    public static boolean promote(PipelineStorage storage, LoadPackage committed, String datasetName) {
        Map<String, Object> packaged = packaged(committed);
        if (packaged == null) {
            return false;
        }
        PipelineState state = load(storage, String.valueOf(packaged.get("pipeline_name")));
        if (!state.restore(packaged, datasetName)) {
            return false;
        }
        state.save(storage);
        return true;
    }

    /** Records where the pipeline loads and which schemas it has. */
    public void describe(String datasetName, String destinationType, String defaultSchemaName) {
        state.put("dataset_name", datasetName);
        state.put("destination_type", destinationType);
        state.put("default_schema_name", state.getOrDefault("default_schema_name", defaultSchemaName));
        @SuppressWarnings("unchecked")
        List<String> names = new ArrayList<>((List<String>) state.getOrDefault("schema_names", List.of()));
        if (!names.contains(defaultSchemaName)) {
            names.add(defaultSchemaName);
        }
        state.put("schema_names", names);
    }

    /**
     * The hash of the sources' and resources' state (cursors, resource and source state), without the pipeline's own
     * entries (dataset and schema names): what a later extract reads and builds on. Empty while there is none.
     */
    public String sourcesHash() {
        Object sources = state.get("sources");
        if (!(sources instanceof Map<?, ?> map)) {
            return "";
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> content = withoutEmptyMaps((Map<String, Object>) map);
        return content.isEmpty() ? "" : Digests.sha3_256Base64(Json.sortedCompactBytes(content));
    }

    public int version() {
        return ((Number) state.getOrDefault("_state_version", 0)).intValue();
    }

    public boolean isFirstRun() {
        return Boolean.TRUE.equals(local().get("first_run"));
    }

    @SuppressWarnings("unchecked")
    public List<String> schemaNames() {
        return List.copyOf((List<String>) state.getOrDefault("schema_names", List.of()));
    }

    /** The mutable state of a source, {@code sources.<source>}. */
    public Map<String, Object> sourceState(String sourceName) {
        return child(child(state, "sources"), sourceName);
    }

    /** The mutable state of a resource, {@code sources.<source>.resources.<resource>}. */
    public Map<String, Object> resourceState(String sourceName, String resourceName) {
        return child(child(sourceState(sourceName), "resources"), resourceName);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object existing = parent.get(key);
        if (existing instanceof Map<?, ?> map && !(map instanceof LinkedHashMap<?, ?>)) {
            existing = new LinkedHashMap<>((Map<String, Object>) map);
            parent.put(key, existing);
        }
        if (existing == null) {
            existing = new LinkedHashMap<String, Object>();
            parent.put(key, existing);
        }
        return (Map<String, Object>) existing;
    }

    /**
     * If the state changed since it was last extracted, moves it to the next version and returns the
     * {@code _dlt_pipeline_state} row to load with the package; otherwise returns {@code null}.
     */
    public @Nullable Map<String, Object> nextStateRow() {
        String hash = contentHash();
        if (hash.equals(local().get("_last_extracted_hash"))) {
            return null;
        }
        state.put("_state_version", version() + 1);
        state.put("_version_hash", hash);
        local().put("_last_extracted_hash", hash);
        local().put("_last_extracted_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("version", (long) version());
        row.put("engine_version", (long) ENGINE_VERSION);
        row.put("pipeline_name", state.get("pipeline_name"));
        row.put("state", encode(syncedPart()));
        row.put("created_at", OffsetDateTime.now(ZoneOffset.UTC));
        row.put("version_hash", hash);
        return row;
    }

    /** The state without its local part, as the package and the destination store it. */
    public Map<String, Object> syncedPart() {
        Map<String, Object> synced = new LinkedHashMap<>(state);
        synced.remove(LOCAL);
        return synced;
    }

    /**
     * Takes the state restored from the destination (dlt's {@code sync_destination}) when it is at least as new as
     * this one and differs: the local part stays, and it counts as extracted so that it is not sent back.
     *
     * @return whether the local state was replaced
     */
    public boolean restore(Map<String, Object> remote, String datasetName) {
        int remoteVersion = ((Number) remote.getOrDefault("_state_version", 0)).intValue();
        Object remoteHash = remote.get("_version_hash");
        if (remoteVersion < version() || (remoteHash != null && remoteHash.equals(state.get("_version_hash")))) {
            return false;
        }
        Map<String, Object> local = local();
        state.clear();
        state.putAll(remote);
        state.put("dataset_name", datasetName);
        local.put("_last_extracted_hash", remoteHash);
        state.put(LOCAL, local);
        return true;
    }

    public void markRunDone() {
        local().put("first_run", false);
    }

    public void save(PipelineStorage storage) {
        storage.writeState(state);
    }

    /** dlt's {@code compress_state}: base64 of the zlib-compressed (typed) JSON of the state without {@code _local}. */
    public static String encode(Map<String, Object> synced) {
        return Json.zlibBase64(new String(Json.toTypedJson(synced), StandardCharsets.UTF_8));
    }

    /** Reverses {@link #encode}; like dlt, plain JSON that is not base64 is read as it is. */
    public static Map<String, Object> decode(String stored) {
        try {
            return Json.readTypedMap(Json.unzlibBase64(stored).getBytes(StandardCharsets.UTF_8));
        }
        catch (IllegalArgumentException notCompressed) {
            return Json.readTypedMap(stored.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** SHA3-256 of the sorted JSON, without the local part and the version fields. */
    private String contentHash() {
        Map<String, Object> content = withoutEmptyMaps(syncedPart());
        content.remove("_state_version");
        content.remove("_state_engine_version");
        content.remove("_version_hash");
        return Digests.sha3_256Base64(Json.sortedCompactBytes(content));
    }

    /**
     * A copy without the empty maps a resource's first run leaves ({@code resources.<name>: {}} before it stores
     * anything): an empty state is no state, and counting it as a change would make the package that carries it look
     * like one later packages depend on.
     */
    private static Map<String, Object> withoutEmptyMaps(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> pruned = withoutEmptyMaps((Map<String, Object>) nested);
                if (!pruned.isEmpty()) {
                    copy.put(key, pruned);
                }
            }
            else {
                copy.put(key, value);
            }
        });
        return copy;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> local() {
        return (Map<String, Object>) state.computeIfAbsent(LOCAL, k -> new LinkedHashMap<>());
    }
}
