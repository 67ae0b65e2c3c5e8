package io.jdlt.load;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jdlt.common.PipelineListener;
import io.jdlt.common.RunProgress;
import io.jdlt.destination.Destination;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.JobFailedException;
import io.jdlt.destination.PackageRefusedException;
import io.jdlt.destination.StagingArea;
import io.jdlt.schema.Schema;
import io.jdlt.storage.JobFileName;
import io.jdlt.storage.JobState;
import io.jdlt.storage.LoadPackage;
import io.jdlt.state.PipelineState;
import io.jdlt.storage.PackageAborts;
import io.jdlt.storage.PackageStatus;
import io.jdlt.storage.PipelineStorage;
import io.jdlt.storage.StageContext;
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

    public Loader(StageContext context, Destination destination, String datasetName, boolean raiseOnFailedJobs,
            @Nullable StagingArea staging) {
        this.progress = context.progress();
        this.storage = context.storage();
        this.destination = destination;
        this.datasetName = datasetName;
        this.raiseOnFailedJobs = raiseOnFailedJobs;
        this.listener = context.listener();
        this.staging = staging;
    }


    public List<LoadPackageInfo> loadPending() {
        List<LoadPackage> pending = storage.normalizedPackages();
        List<LoadPackageInfo> loaded = new ArrayList<>();
        if (pending.isEmpty()) {
            return loaded;
        }
        Set<String> done = new HashSet<>();
        try (JobClient client = destination.openClient(datasetName)) {
            for (LoadPackage loadPackage : pending) {
                // a package aborted with one before it (it carried that one's state changes) is listed already
                if (done.add(loadPackage.loadId())) {
                    for (LoadPackageInfo info : loadPackage(client, loadPackage)) {
                        done.add(info.loadId());
                        loaded.add(info);
                    }
                }
            }
        }
        return loaded;
    }

    /** Loads one package; returns it, and the packages aborted with it when it was aborted. */
    private List<LoadPackageInfo> loadPackage(JobClient client, LoadPackage loadPackage) {
        Schema schema = loadPackage.readSchema();
        if (client.isCommitted(loadPackage.loadId())) {
            log.info("Load package {} was committed by an earlier run; completing its bookkeeping only",
                    loadPackage.loadId());
            return List.of(complete(loadPackage, schema));
        }
        List<Path> failedJobs = loadPackage.jobs(JobState.FAILED);
        if (!failedJobs.isEmpty()) {
            // a run refused a job and died before the package was aborted: loading the rest would lose that job's rows
            return abort(client, loadPackage, new PackageRefusedException(loadPackage.readFailure(failedJobs.get(0))
                    .orElse("job " + failedJobs.get(0).getFileName() + " was refused by the destination")));
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
        String loadId = loadPackage.loadId();
        try {
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
        }
        catch (JobFailedException ex) {
            Path packageJob = stagedJobs.getOrDefault(ex.job(), ex.job());
            Path failed = loadPackage.moveJob(packageJob, JobState.FAILED);
            loadPackage.writeFailure(failed, String.valueOf(ex.getMessage()));
            return abort(client, loadPackage, ex);
        }
        catch (PackageRefusedException ex) {
            // refused as a whole (a table wider than the destination allows, a hint naming a column the data lacks):
            // the same package fails the same way every time
            return abort(client, loadPackage, ex);
        }
        catch (RuntimeException ex) {
            // transient, a cause outside the package (credentials, privileges: terminal, but the package is not to
            // blame), or one not known here: nothing was committed and the package waits for the next run
            for (Path job : loadPackage.jobs(JobState.STARTED)) {
                loadPackage.moveJob(job, JobState.NEW);
            }
            loadPackage.recordPendingFailure(ex);
            throw ex;
        }
        // committed: a failure from here on (a listener, a crash) leaves the bookkeeping to the next run, which finds
        // the _dlt_loads row; it never aborts the package
        listener.loadCommitted(loadId);
        return List.of(complete(loadPackage, schema));
    }

    /** The package's creation time from its state file; scd2 uses it as the default boundary. */
    public static OffsetDateTime createdAt(LoadPackage loadPackage) {
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
        // the package's state becomes the pipeline's now that it is committed; before the move, since a run that dies
        // in between completes the package again
        PipelineState.promote(storage, loadPackage, datasetName);
        loadPackage.writeFile(LoadPackage.COMPLETED_FILE, Map.of("status", PackageStatus.LOADED.dltName()));
        LoadPackage loaded = storage.move(loadPackage, storage.loaded());
        return new LoadPackageInfo(loaded.loadId(), schema.name(), PackageStatus.LOADED, jobInfos(loaded, null), null);
    }

    private List<LoadPackageInfo> abort(JobClient client, LoadPackage loadPackage, PackageRefusedException failure) {
        for (Path job : loadPackage.jobs(JobState.STARTED)) {
            loadPackage.moveJob(job, JobState.NEW);
        }
        List<LoadPackageInfo> infos = abort(storage, client, loadPackage, String.valueOf(failure.getMessage()));
        if (raiseOnFailedJobs) {
            throw new LoadFailedException(infos.get(0), failure.getMessage() + ". Load package " + loadPackage.loadId()
                    + " was aborted: nothing of it was committed and its state changes were discarded; run the "
                    + "pipeline again once the cause is fixed.", failure);
        }
        return infos;
    }

    /**
     * Aborts a pending package and the pending packages extracted on its state changes ({@link PackageAborts}), after
     * removing what attempts to load them left at the destination (with a client: the package is normalized).
     *
     * @return the aborted packages, this one first
     */
    public static List<LoadPackageInfo> abort(PipelineStorage storage, @Nullable JobClient client,
            LoadPackage loadPackage, String reason) {
        PackageAborts aborts = new PackageAborts(storage);
        List<LoadPackage> packages = aborts.withDependents(loadPackage);
        for (LoadPackage each : packages) {
            // an extracted package never reached the destination
            if (client != null && each.root().startsWith(storage.normalized())) {
                client.discardPackage(each.loadId(), createdAt(each), each.readSchema(), each.allJobs());
            }
        }
        List<LoadPackageInfo> infos = new ArrayList<>();
        for (LoadPackage aborted : aborts.abort(packages, reason)) {
            infos.add(describe(aborted, PackageStatus.ABORTED));
        }
        return infos;
    }

    /** A package in any stage folder as {@link LoadPackageInfo}, its jobs by the folder they are in. */
    public static LoadPackageInfo describe(LoadPackage loadPackage, PackageStatus status) {
        String schemaName = loadPackage.hasFile(LoadPackage.SCHEMA_FILE) ? loadPackage.readSchema().name() : "";
        String reason = switch (status) {
            case ABORTED -> PackageAborts.reason(loadPackage);
            case EXTRACTED, NORMALIZED -> loadPackage.pendingFailure().orElse(null);
            case LOADED -> null;
        };
        return new LoadPackageInfo(loadPackage.loadId(), schemaName, status, jobInfos(loadPackage, reason), reason);
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
                        state == JobState.FAILED ? loadPackage.readFailure(job).orElse(failedMessage) : null));
            }
        }
        return jobs;
    }
}
