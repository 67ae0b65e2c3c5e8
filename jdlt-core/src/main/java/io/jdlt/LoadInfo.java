package io.jdlt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.jdlt.load.LoadFailedException;
import io.jdlt.load.LoadJobInfo;
import io.jdlt.load.LoadPackageInfo;
import io.jdlt.storage.PackageStatus;

/**
 * What a run or a load step did: the packages it loaded, their jobs, and the rows normalized per table.
 *
 * @param pipelineName the pipeline
 * @param destinationName the destination type, e.g. {@code duckdb}
 * @param destinationLocation where the data went (a file or a server, never a secret)
 * @param datasetName the dataset (schema) loaded into
 * @param loadPackages the packages, oldest first
 * @param rowCounts rows normalized per table in this run
 * @param startedAt when the step began
 * @param finishedAt when it ended
 */
public record LoadInfo(String pipelineName, String destinationName, String destinationLocation, String datasetName,
        List<LoadPackageInfo> loadPackages, Map<String, Long> rowCounts, Instant startedAt, Instant finishedAt) {

    public LoadInfo {
        loadPackages = List.copyOf(loadPackages);
        rowCounts = Map.copyOf(rowCounts);
    }

    /** Whether a job failed or a package was aborted: either way, some data of this run was not loaded. */
    public boolean hasFailedJobs() {
        return loadPackages.stream().anyMatch(p -> p.status() == PackageStatus.ABORTED || !p.failedJobs().isEmpty());
    }

    public List<String> loadIds() {
        return loadPackages.stream().map(LoadPackageInfo::loadId).toList();
    }

    /**
     * Throws if any job failed (for pipelines built with {@code raiseOnFailedJobs(false)}, which return instead of
     * throwing).
     */
    public void raiseOnFailedJobs() {
        for (LoadPackageInfo loadPackage : loadPackages) {
            List<LoadJobInfo> failed = loadPackage.failedJobs();
            if (!failed.isEmpty()) {
                LoadJobInfo first = failed.get(0);
                throw new LoadFailedException(loadPackage, "Load package " + loadPackage.loadId() + " has " + failed.size()
                        + " failed job(s); first: " + first.fileName() + ": " + first.failedMessage(), null);
            }
            if (loadPackage.status() == PackageStatus.ABORTED) {
                throw new LoadFailedException(loadPackage, "Load package " + loadPackage.loadId() + " was aborted: "
                        + loadPackage.failure(), null);
            }
        }
    }

    @Override
    public String toString() {
        double seconds = Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
        StringBuilder text = new StringBuilder();
        text.append("Pipeline ").append(pipelineName).append(" load step completed in ")
                .append(String.format(Locale.ROOT, "%.2f", seconds)).append(" seconds\n");
        long loaded = loadPackages.stream().filter(p -> p.status() == PackageStatus.LOADED).count();
        text.append(loaded).append(" load package(s) were loaded to destination ").append(destinationName)
                .append(" and into dataset ").append(datasetName).append('\n');
        text.append("The ").append(destinationName).append(" destination used ").append(destinationLocation)
                .append(" location to store data\n");
        for (LoadPackageInfo loadPackage : loadPackages) {
            List<LoadJobInfo> failed = loadPackage.failedJobs();
            text.append("Load package ").append(loadPackage.loadId()).append(" is ")
                    .append(loadPackage.status().name()).append(" and contains ")
                    .append(failed.isEmpty() ? "no failed jobs" : failed.size() + " FAILED job(s)!").append('\n');
            if (failed.isEmpty() && loadPackage.failure() != null) {
                text.append("\tAborted: ").append(loadPackage.failure()).append('\n');
            }
            for (LoadJobInfo job : failed) {
                text.append("\tJob ").append(job.fileName()).append(" failed: ").append(job.failedMessage()).append('\n');
            }
        }
        if (!rowCounts.isEmpty()) {
            text.append("Rows normalized: ").append(rowCounts.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        return text.toString().stripTrailing();
    }
}
