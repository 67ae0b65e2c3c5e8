package io.jdlt.destination;

import java.nio.file.Path;

/**
 * The destination rejected a job's data; the message names the table and the file, and gives the cause. The job
 * fails and its package is aborted.
 */
public class JobFailedException extends PackageRefusedException {

    private static final long serialVersionUID = 1L;

    private final transient Path job;
    private final String tableName;

    public JobFailedException(String tableName, Path job, String message, Throwable cause) {
        super("Loading table '" + tableName + "' from " + job.getFileName() + " failed: " + message, cause);
        this.job = job;
        this.tableName = tableName;
    }

    public Path job() {
        return job;
    }

    public String tableName() {
        return tableName;
    }
}
