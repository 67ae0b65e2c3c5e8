package io.jdlt.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.jdlt.json.Json;
import io.jdlt.schema.Schema;

/**
 * One load package on disk: a folder named by its load id with {@code schema.json},
 * {@code load_package_state.json} and the job folders. Moving a job between folders is an atomic rename, so a
 * crash leaves every job in exactly one state.
 */
public final class LoadPackage {

    public static final String SCHEMA_FILE = "schema.json";
    public static final String STATE_FILE = "load_package_state.json";
    public static final String SCHEMA_UPDATES_FILE = "schema_updates.json";
    public static final String APPLIED_SCHEMA_UPDATES_FILE = "applied_schema_updates.json";
    public static final String COMPLETED_FILE = "package_completed.json";
    /** jdlt's own: why the last attempt to normalize or load a package that stays pending failed, and when. */
    public static final String PENDING_FAILURE_FILE = "pending_failure.json";
    /**
     * jdlt's own: the longest line of each CSV job, in bytes, by job file name, so that a loader can size its reader
     * to the data instead of to the largest row possible.
     */
    public static final String CSV_LINE_BYTES_FILE = "csv_line_bytes.json";

    private final String loadId;
    private final Path root;

    public LoadPackage(String loadId, Path root) {
        this.loadId = loadId;
        this.root = root;
    }

    public String loadId() {
        return loadId;
    }

    public Path root() {
        return root;
    }

    public Path folder(JobState state) {
        return root.resolve(state.folder());
    }

    public Schema readSchema() {
        return Schema.fromDocument(Json.readMap(root.resolve(SCHEMA_FILE)));
    }

    public void writeSchema(Schema schema) {
        Json.writeAtomically(root.resolve(SCHEMA_FILE), schema.toDocument());
    }

    /** The package state, in typed JSON: the pipeline state in it keeps its cursor values' types. */
    public Map<String, Object> readState() {
        return Json.readTypedMap(root.resolve(STATE_FILE));
    }

    public void writeState(Map<String, Object> state) {
        Json.writeTypedAtomically(root.resolve(STATE_FILE), state);
    }

    public boolean hasFile(String name) {
        return Files.exists(root.resolve(name));
    }

    public void writeFile(String name, Object document) {
        Json.writeAtomically(root.resolve(name), document);
    }

    /** Job files in a state, sorted by name so that jobs run in a stable order. */
    public List<Path> jobs(JobState state) {
        Path folder = folder(state);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".exception")).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + folder, ex);
        }
    }

    /** Every job file of the package, whatever its state. */
    public List<Path> allJobs() {
        List<Path> all = new ArrayList<>();
        for (JobState state : JobState.values()) {
            all.addAll(jobs(state));
        }
        return all;
    }

    /** Moves a job file to another state's folder and returns its new path. */
    public Path moveJob(Path job, JobState to) {
        Path target = folder(to).resolve(job.getFileName());
        try {
            Files.createDirectories(target.getParent());
            return Files.move(job, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot move job " + job + " to " + to.folder(), ex);
        }
    }

    /** Records why a job failed next to it, as dlt's {@code <job>.exception} files. */
    public void writeFailure(Path failedJob, String message) {
        try {
            Files.writeString(failedJob.resolveSibling(failedJob.getFileName() + ".exception"), message,
                    StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write failure of " + failedJob, ex);
        }
    }

    /**
     * Records why an attempt failed on a package that stays pending, for operators who ask why it waits. Best effort:
     * the failure being recorded (a full disk) may keep it from being written, and that must not hide it.
     */
    public void recordPendingFailure(RuntimeException failure) {
        try {
            // attempts are counted: a package that fails the same way run after run is one for an operator to drop
            Object attempts = hasFile(PENDING_FAILURE_FILE) ? Json.readMap(root.resolve(PENDING_FAILURE_FILE))
                    .get("attempts") : null;
            writeFile(PENDING_FAILURE_FILE, Map.of("failed_at", OffsetDateTime.now(ZoneOffset.UTC).toString(),
                    "attempts", (attempts instanceof Number n ? n.longValue() : 0L) + 1,
                    "reason", String.valueOf(failure.getMessage())));
        }
        catch (RuntimeException notRecorded) {
            failure.addSuppressed(notRecorded);
        }
    }

    /** Why the attempts on this pending package failed, if one did: how many, when the last one, and why. */
    public Optional<String> pendingFailure() {
        if (!hasFile(PENDING_FAILURE_FILE)) {
            return Optional.empty();
        }
        Map<String, Object> failure = Json.readMap(root.resolve(PENDING_FAILURE_FILE));
        return Optional.of(failure.get("attempts") + " failed attempt(s), the last at " + failure.get("failed_at")
                + ": " + failure.get("reason"));
    }

    /** Why a failed job failed, as {@link #writeFailure} recorded it. */
    public Optional<String> readFailure(Path failedJob) {
        Path file = failedJob.resolveSibling(failedJob.getFileName() + ".exception");
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the failure of " + failedJob, ex);
        }
    }

    public List<JobFileName> jobNames(JobState state) {
        List<JobFileName> names = new ArrayList<>();
        for (Path job : jobs(state)) {
            names.add(JobFileName.parse(job.getFileName().toString()));
        }
        return names;
    }
}
