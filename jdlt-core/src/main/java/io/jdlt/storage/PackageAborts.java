package io.jdlt.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jdlt.json.Json;
import io.jdlt.schema.Column;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborting a load package that can never load: it moves, jobs and all, to {@code load/loaded} with
 * {@code package_completed.json} saying {@code aborted} and why, so the next run goes on without it and nothing of
 * it is lost from disk. Its state changes are discarded with it, since {@code state.json} only ever takes the state
 * of a committed package.
 * <p>
 * Each package carries the whole pipeline state as it was when it was extracted, with the hashes of its sources'
 * state before and after ({@link #BASE_SOURCES_HASH}, {@link #SOURCES_HASH}). A pending package extracted on the
 * sources' state an aborted package changed carries those changes: committing it would move cursors past the
 * aborted package's rows. Such packages, and those extracted on theirs in turn, are aborted with it ({@link
 * #withDependents}).
 */
public final class PackageAborts {

    /** The key of a package's {@code load_package_state.json}: the hash of the sources' state it was extracted on. */
    public static final String BASE_SOURCES_HASH = "base_sources_hash";

    /** The key of a package's {@code load_package_state.json}: the hash of the sources' state it carries. */
    public static final String SOURCES_HASH = "sources_hash";

    private static final String REASON = "reason";

    private static final Logger log = LoggerFactory.getLogger(PackageAborts.class);

    private final PipelineStorage storage;

    public PackageAborts(PipelineStorage storage) {
        this.storage = storage;
    }

    /**
     * The package and every pending package extracted on the state changes it made, directly or through another such
     * package: what aborting it must abort. The package first.
     */
    public List<LoadPackage> withDependents(LoadPackage loadPackage) {
        List<LoadPackage> aborted = new ArrayList<>();
        aborted.add(loadPackage);
        // only what was extracted after it can be built on it; an older package may even be one it is built on
        List<LoadPackage> later = new ArrayList<>(storage.pendingPackages());
        later.removeIf(p -> PipelineStorage.compareLoadIds(p.loadId(), loadPackage.loadId()) <= 0);
        Map<String, Object> state = packageState(loadPackage);
        if (!state.containsKey(BASE_SOURCES_HASH)) {
            // written before packages recorded their hashes: every later package whose state is at least as new
            int version = stateVersion(loadPackage);
            if (version > stateVersion(storage.readState().orElse(Map.of()))) {
                later.stream().filter(p -> stateVersion(p) >= version).forEach(aborted::add);
            }
            return aborted;
        }
        String own = hash(state, SOURCES_HASH);
        if (own.equals(hash(state, BASE_SOURCES_HASH))) {
            // it changed no source's state: what was extracted after it does not depend on it
            return aborted;
        }
        Set<String> tainted = new HashSet<>(Set.of(own));
        for (LoadPackage other : later) {
            // in load order: a package is built on the newest state before it
            Map<String, Object> otherState = packageState(other);
            if (tainted.contains(hash(otherState, BASE_SOURCES_HASH))) {
                aborted.add(other);
                tainted.add(hash(otherState, SOURCES_HASH));
            }
        }
        return aborted;
    }

    /**
     * Aborts the packages {@link #withDependents} gave: the first for the reason given, the others for carrying its
     * state changes. What they added to the stored schema goes first and the first package moves last, so that a run
     * that dies in between leaves the first package pending (the next run fails on it and aborts again), never a
     * dependent package that could load with the first one's state.
     *
     * @return the aborted packages, where they are now, in the order given
     */
    public List<LoadPackage> abort(List<LoadPackage> packages, String reason) {
        LoadPackage first = packages.get(0);
        withdrawSchemaUpdates(packages);
        List<LoadPackage> moved = new ArrayList<>(packages.size());
        for (int i = packages.size() - 1; i >= 1; i--) {
            moved.add(0, moveToLoaded(packages.get(i), "it was extracted after load package " + first.loadId()
                    + ", which was aborted, and carries the state changes of that package; loading it would move "
                    + "incremental cursors past rows that were never loaded. Its data is in " + storage.loaded()
                    .resolve(packages.get(i).loadId())));
        }
        moved.add(0, moveToLoaded(first, reason));
        for (LoadPackage aborted : moved) {
            log.error("Load package {} was aborted: nothing of it was loaded and its state changes were discarded; its "
                    + "files are kept in {}. Reason: {}", aborted.loadId(), aborted.root(), reason(aborted));
        }
        return moved;
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

    /**
     * Takes out of the stored schema the columns the aborted packages' normalize added (their {@code
     * schema_updates.json}), unless the newest committed package has them too, so they may exist at the
     * destination: a table wider than the destination allows must not come back with every later package, and a
     * table whose data is fixed must be created from that data. The rest of the stored schema (hints, what other
     * packages added) stays.
     */
    private void withdrawSchemaUpdates(List<LoadPackage> packages) {
        Map<String, Schema> committed = new HashMap<>();
        for (LoadPackage aborted : packages) {
            if (!aborted.hasFile(LoadPackage.SCHEMA_UPDATES_FILE) || !aborted.hasFile(LoadPackage.SCHEMA_FILE)) {
                continue;
            }
            String schemaName = aborted.readSchema().name();
            Schema stored = storage.readSchema(schemaName).orElse(null);
            if (stored == null) {
                continue;
            }
            Schema atDestination = committed.computeIfAbsent(schemaName, this::newestCommittedSchema);
            boolean changed = false;
            for (Object update : Json.readList(aborted.root().resolve(LoadPackage.SCHEMA_UPDATES_FILE))) {
                for (Map.Entry<?, ?> tableUpdates : ((Map<?, ?>) update).entrySet()) {
                    String tableName = String.valueOf(tableUpdates.getKey());
                    Table table = stored.table(tableName);
                    Table known = atDestination == null ? null : atDestination.table(tableName);
                    for (Object partial : (List<?>) tableUpdates.getValue()) {
                        Object columns = ((Map<?, ?>) partial).get("columns");
                        for (Object columnName : columns instanceof Map<?, ?> map ? map.keySet() : Set.of()) {
                            String name = String.valueOf(columnName);
                            Column knownColumn = known == null ? null : known.column(name);
                            boolean kept = knownColumn != null && knownColumn.isComplete();
                            if (table != null && !kept && table.column(name) != null) {
                                table.removeColumn(name);
                                changed = true;
                            }
                        }
                    }
                }
            }
            if (changed) {
                storage.writeSchema(stored);
            }
        }
    }

    /** The schema of the newest package committed at the destination, of this name; null for none. */
    private @Nullable Schema newestCommittedSchema(String schemaName) {
        List<LoadPackage> loaded = storage.loadedPackages();
        for (int i = loaded.size() - 1; i >= 0; i--) {
            LoadPackage candidate = loaded.get(i);
            if (!isAborted(candidate) && candidate.hasFile(LoadPackage.SCHEMA_FILE)) {
                Schema schema = candidate.readSchema();
                if (schema.name().equals(schemaName)) {
                    return schema;
                }
            }
        }
        return null;
    }

    /** One of a package state's hashes of the sources' state; empty for none (or a package from before them). */
    private static String hash(Map<String, Object> packageState, String key) {
        Object hash = packageState.get(key);
        return hash == null ? "" : hash.toString();
    }

    private static int stateVersion(LoadPackage loadPackage) {
        return stateVersion(packageState(loadPackage).get("pipeline_state") instanceof Map<?, ?> state ? state : Map.of());
    }

    private static int stateVersion(Map<?, ?> state) {
        return state.get("_state_version") instanceof Number version ? version.intValue() : 0;
    }

    private static Map<String, Object> packageState(LoadPackage loadPackage) {
        return loadPackage.hasFile(LoadPackage.STATE_FILE) ? loadPackage.readState() : Map.of();
    }
}
