package io.jdlt.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * Aborting a load package that can never load: it moves, jobs and all, to {@code load/loaded} with
 * {@code package_completed.json} saying {@code aborted} and why, so the next run goes on without it and nothing of
 * it is lost from disk. Its state changes are discarded with it, since {@code state.json} only ever takes the state
 * of a committed package.
 * <p>
 * Each package carries the whole pipeline state as it was when it was extracted, so a package extracted after one
 * that changed the state also carries those changes: committing it would move cursors past the aborted package's
 * rows. Such packages are aborted too, with a reason that names the package they were built on.
 */
public final class PackageAborts {

    /** The key of {@code package_completed.json} that holds why a package was aborted. */
    public static final String REASON = "reason";

    private final PipelineStorage storage;

    public PackageAborts(PipelineStorage storage) {
        this.storage = storage;
    }

    /**
     * Aborts a package that waits for normalize or load (or is being loaded), then every pending package built on
     * the state it changed.
     *
     * @return the aborted packages, where they are now, this one first
     */
    public List<LoadPackage> abort(LoadPackage loadPackage, String reason) {
        int committedVersion = stateVersion(storage.readState().orElse(Map.of()));
        int abortedVersion = packageStateVersion(loadPackage);
        List<LoadPackage> aborted = new ArrayList<>();
        aborted.add(moveToLoaded(loadPackage, reason));
        if (abortedVersion > committedVersion) {
            for (LoadPackage later : pendingAfter(loadPackage.loadId())) {
                if (packageStateVersion(later) >= abortedVersion) {
                    aborted.add(moveToLoaded(later, "it was extracted after load package " + loadPackage.loadId()
                            + ", which was aborted, and carries the state changes of that package; loading it would "
                            + "move incremental cursors past rows that were never loaded. Run the pipeline again to "
                            + "extract its data anew"));
                }
            }
        }
        for (LoadPackage each : aborted) {
            if (each.hasFile(LoadPackage.SCHEMA_FILE)) {
                revertSchema(each.readSchema().name());
            }
        }
        return aborted;
    }

    /**
     * The stored schema goes back to that of the newest package still headed for the destination, or already there:
     * the tables and columns only the aborted package brought (a table wider than the destination allows, say) must
     * not come back with every later package. Without such a package the stored schema is removed, and the next run
     * restores it from the destination or infers it anew.
     */
    private void revertSchema(String schemaName) {
        List<LoadPackage> candidates = new ArrayList<>(storage.normalizedPackages());
        for (LoadPackage loaded : storage.loadedPackages()) {
            if (!isAborted(loaded)) {
                candidates.add(loaded);
            }
        }
        candidates.sort((a, b) -> PipelineStorage.compareLoadIds(b.loadId(), a.loadId()));
        for (LoadPackage candidate : candidates) {
            if (candidate.hasFile(LoadPackage.SCHEMA_FILE)) {
                io.jdlt.schema.Schema schema = candidate.readSchema();
                if (schema.name().equals(schemaName)) {
                    storage.writeSchema(schema);
                    return;
                }
            }
        }
        storage.deleteSchema(schemaName);
    }

    /** Whether a package in {@code load/loaded} was aborted rather than committed. */
    public static boolean isAborted(LoadPackage loadPackage) {
        return PackageStatus.ABORTED.dltName().equals(completion(loadPackage).get("status"));
    }

    /** Why a package in {@code load/loaded} was aborted, or {@code null}. */
    public static @Nullable String reason(LoadPackage loadPackage) {
        Object reason = completion(loadPackage).get(REASON);
        return reason == null ? null : reason.toString();
    }

    private static Map<String, Object> completion(LoadPackage loadPackage) {
        return loadPackage.hasFile(LoadPackage.COMPLETED_FILE)
                ? Json.readMap(loadPackage.root().resolve(LoadPackage.COMPLETED_FILE)) : Map.of();
    }

    private LoadPackage moveToLoaded(LoadPackage loadPackage, String reason) {
        Path target = storage.loaded().resolve(loadPackage.loadId());
        if (Files.exists(target)) {
            // a copy a dead run left behind after its package was already finished: the finished one stands
            PipelineStorage.deleteRecursively(loadPackage.root());
            return new LoadPackage(loadPackage.loadId(), target);
        }
        Map<String, Object> completed = new LinkedHashMap<>();
        completed.put("status", PackageStatus.ABORTED.dltName());
        completed.put(REASON, reason);
        loadPackage.writeFile(LoadPackage.COMPLETED_FILE, completed);
        return storage.move(loadPackage, storage.loaded());
    }

    private List<LoadPackage> pendingAfter(String loadId) {
        List<LoadPackage> later = new ArrayList<>();
        for (LoadPackage pending : storage.pendingPackages()) {
            if (PipelineStorage.compareLoadIds(pending.loadId(), loadId) > 0) {
                later.add(pending);
            }
        }
        return later;
    }

    /** The version of the pipeline state a package carries; 0 for a package without one. */
    public static int packageStateVersion(LoadPackage loadPackage) {
        if (!loadPackage.hasFile(LoadPackage.STATE_FILE)) {
            return 0;
        }
        Object state = loadPackage.readState().get("pipeline_state");
        return state instanceof Map<?, ?> map ? stateVersion(map) : 0;
    }

    private static int stateVersion(Map<?, ?> state) {
        return state.get("_state_version") instanceof Number version ? version.intValue() : 0;
    }
}
