package io.jdlt.storage;

/** The folders a job file moves through inside a load package. */
public enum JobState {
    NEW("new_jobs"), STARTED("started_jobs"), COMPLETED("completed_jobs"), FAILED("failed_jobs");

    private final String folder;

    JobState(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }
}
