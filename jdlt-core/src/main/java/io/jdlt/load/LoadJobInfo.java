package io.jdlt.load;

import org.jspecify.annotations.Nullable;

/**
 * One job of a load package.
 *
 * @param tableName the table the job loaded into
 * @param fileName the job file's name
 * @param state {@code completed}, {@code failed} or {@code new} (not run because the package was aborted)
 * @param failedMessage why a failed job failed
 */
public record LoadJobInfo(String tableName, String fileName, String state, @Nullable String failedMessage) {

    public boolean isFailed() {
        return "failed".equals(state);
    }
}
