package io.jdlt.load;

import java.util.List;

import io.jdlt.storage.PackageStatus;
import org.jspecify.annotations.Nullable;

/**
 * A load package after the load step.
 *
 * @param loadId the package's id, also in {@code _dlt_loads} and in every root row's {@code _dlt_load_id}
 * @param schemaName the schema the package belongs to
 * @param status {@code EXTRACTED} or {@code NORMALIZED} while pending, {@code LOADED} when committed, {@code ABORTED}
 *        when it could never load and nothing of it was committed
 * @param jobs the package's jobs
 * @param failure why the package was aborted (its jobs and files stay in {@code load/loaded/<load_id>}), or why
 *        the last attempt on a pending package failed; {@code null} when nothing failed
 */
public record LoadPackageInfo(String loadId, String schemaName, PackageStatus status, List<LoadJobInfo> jobs,
        @Nullable String failure) {

    public LoadPackageInfo {
        jobs = List.copyOf(jobs);
    }

    public List<LoadJobInfo> failedJobs() {
        return jobs.stream().filter(LoadJobInfo::isFailed).toList();
    }
}
