package io.jdlt.load;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.PipelineListener;
import io.jdlt.RunProgress;
import io.jdlt.destination.Destination;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.JobFailedException;
import io.jdlt.destination.StagingArea;
import io.jdlt.schema.Schema;
import io.jdlt.storage.JobFileName;
import io.jdlt.storage.JobState;
import io.jdlt.storage.LoadPackage;
import io.jdlt.storage.PackageStatus;
import io.jdlt.storage.PipelineStorage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load stage: loads every normalized package, oldest first, each in one destination transaction that ends with
 * its {@code _dlt_loads} row. A package whose row already exists was committed by a run that died before its
 * bookkeeping: it is only marked loaded, never loaded twice.
 */
public final class Loader {

    private static final Logger log = LoggerFactory.getLogger(Loader.class);

    private final PipelineStorage storage;
    private final Destination destination;
    private final String datasetName;
    private final boolean raiseOnFailedJobs;
    private final PipelineListener listener;
    private final @Nullable StagingArea staging;
    private final RunProgress progress;

    public Loader(PipelineStorage storage, Destination destination, String datasetName, boolean raiseOnFailedJobs,
            PipelineListener listener, @Nullable StagingArea staging, RunProgress progress) {
        this.progress = progress;
        this.storage = storage;
        this.destination = destination;
        this.datasetName = datasetName;
        this.raiseOnFailedJobs = raiseOnFailedJobs;
        this.listener = listener;
        this.staging = staging;
    }

    public List<LoadPackageInfo> loadPending() {
        List<LoadPackage> pending = storage.normalizedPackages();
        List<LoadPackageInfo> loaded = new ArrayList<>();
        if (pending.isEmpty()) {
            return loaded;
        }
        try (JobClient client = destination.openClient(datasetName)) {
            for (LoadPackage loadPackage : pending) {
                loaded.add(loadPackage(client, loadPackage));
            }
        }
        return loaded;
    }

    private LoadPackageInfo loadPackage(JobClient client, LoadPackage loadPackage) {
        Schema schema = loadPackage.readSchema();
        if (client.isCommitted(loadPackage.loadId())) {
            log.info("Load package {} was committed by an earlier run; completing its bookkeeping only",
                    loadPackage.loadId());
            return complete(loadPackage, schema);
        }
        // nothing of the package was committed: jobs a dead run had started run again, inside the new transaction
        for (JobState state : List.of(JobState.STARTED, JobState.COMPLETED)) {
            for (Path job : loadPackage.jobs(state)) {
                loadPackage.moveJob(job, JobState.NEW);
            }
        }
        List<Path> jobs = loadPackage.jobs(JobState.NEW);
        // a job loaded from the staging area is still the package's job: failures point back to it
        Map<Path, Path> stagedJobs = new HashMap<>();
        try {
            String loadId = loadPackage.loadId();
            OffsetDateTime createdAt = createdAt(loadPackage);
            client.loadPackage(loadId, createdAt, schema, jobs, new JobClient.JobListener() {
                @Override
                public Path started(Path job) {
                    listener.jobStarted(loadId, job.getFileName().toString());
                    progress.jobLoaded();
                    Path started = loadPackage.moveJob(job, JobState.STARTED);
                    if (staging == null) {
                        return started;
                    }
                    Path staged = staging.stage(datasetName, schema.name(), loadId, started, createdAt);
                    stagedJobs.put(staged, started);
                    return staged;
                }

                @Override
                public void followUp(String rootTable, String sql) {
                    listener.followUpStatement(loadId, rootTable, sql);
                }

                @Override
                public void beforeCommit() {
                    listener.beforeLoadCommit(loadId);
                }
            });
            listener.loadCommitted(loadId);
        }
        catch (JobFailedException ex) {
            Path packageJob = stagedJobs.getOrDefault(ex.job(), ex.job());
            return abort(loadPackage, schema, packageJob, ex);
        }
        catch (RuntimeException ex) {
            for (Path job : loadPackage.jobs(JobState.STARTED)) {
                loadPackage.moveJob(job, JobState.NEW);
            }
            throw ex;
        }
        return complete(loadPackage, schema);
    }

    /** The package's creation time from its state file; scd2 uses it as the default boundary. */
    private static OffsetDateTime createdAt(LoadPackage loadPackage) {
        Object createdAt = loadPackage.readState().get("created_at");
        return createdAt instanceof String text ? OffsetDateTime.parse(text) : OffsetDateTime.now(ZoneOffset.UTC);
    }

    private LoadPackageInfo complete(LoadPackage loadPackage, Schema schema) {
        for (JobState state : List.of(JobState.NEW, JobState.STARTED)) {
            for (Path job : loadPackage.jobs(state)) {
                loadPackage.moveJob(job, JobState.COMPLETED);
            }
        }
        if (loadPackage.hasFile(LoadPackage.SCHEMA_UPDATES_FILE)) {
            // dlt keeps what the migration applied next to what normalize asked for
            loadPackage.writeFile(LoadPackage.APPLIED_SCHEMA_UPDATES_FILE,
                    io.jdlt.json.Json.readList(loadPackage.root().resolve(LoadPackage.SCHEMA_UPDATES_FILE)));
        }
        loadPackage.writeFile(LoadPackage.COMPLETED_FILE, Map.of("status", PackageStatus.LOADED.dltName()));
        LoadPackage loaded = storage.move(loadPackage, storage.loaded());
        return new LoadPackageInfo(loaded.loadId(), schema.name(), PackageStatus.LOADED, jobInfos(loaded, null));
    }

    private LoadPackageInfo abort(LoadPackage loadPackage, Schema schema, Path failedJob, JobFailedException failure) {
        Path failed = loadPackage.moveJob(failedJob, JobState.FAILED);
        loadPackage.writeFailure(failed, failure.getMessage());
        for (Path job : loadPackage.jobs(JobState.STARTED)) {
            loadPackage.moveJob(job, JobState.NEW);
        }
        loadPackage.writeFile(LoadPackage.COMPLETED_FILE, Map.of("status", PackageStatus.ABORTED.dltName()));
        LoadPackage aborted = storage.move(loadPackage, storage.loaded());
        LoadPackageInfo info = new LoadPackageInfo(aborted.loadId(), schema.name(), PackageStatus.ABORTED,
                jobInfos(aborted, failure.getMessage()));
        log.error("Load package {} was aborted and nothing of it was committed: {}", aborted.loadId(), failure.getMessage());
        if (raiseOnFailedJobs) {
            throw new LoadFailedException(info, failure.getMessage() + ". Load package " + aborted.loadId()
                    + " was aborted: nothing of it was committed.", failure);
        }
        return info;
    }

    /** A package in any stage folder as {@link LoadPackageInfo}, its jobs by the folder they are in. */
    public static LoadPackageInfo describe(LoadPackage loadPackage, PackageStatus status) {
        String schemaName = loadPackage.hasFile(LoadPackage.SCHEMA_FILE) ? loadPackage.readSchema().name() : "";
        return new LoadPackageInfo(loadPackage.loadId(), schemaName, status, jobInfos(loadPackage, null));
    }

    private static List<LoadJobInfo> jobInfos(LoadPackage loadPackage, @Nullable String failedMessage) {
        List<LoadJobInfo> jobs = new ArrayList<>();
        for (JobState state : JobState.values()) {
            for (Path job : loadPackage.jobs(state)) {
                String fileName = job.getFileName().toString();
                String stateName = switch (state) {
                    case NEW -> "new";
                    case STARTED -> "started";
                    case COMPLETED -> "completed";
                    case FAILED -> "failed";
                };
                jobs.add(new LoadJobInfo(JobFileName.parse(fileName).tableName(), fileName, stateName,
                        state == JobState.FAILED ? failedMessage : null));
            }
        }
        return jobs;
    }
}
