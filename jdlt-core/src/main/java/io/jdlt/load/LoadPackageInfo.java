package io.jdlt.load;

import java.util.List;

import io.jdlt.storage.PackageStatus;

/**
 * A load package after the load step.
 *
 * @param loadId the package's id, also in {@code _dlt_loads} and in every root row's {@code _dlt_load_id}
 * @param schemaName the schema the package belongs to
 * @param status {@code LOADED} when committed, {@code ABORTED} when a job failed and nothing was committed
 * @param jobs the package's jobs
 */
public record LoadPackageInfo(String loadId, String schemaName, PackageStatus status, List<LoadJobInfo> jobs) {

    public List<LoadJobInfo> failedJobs() {
        return jobs.stream().filter(LoadJobInfo::isFailed).toList();
    }
}
