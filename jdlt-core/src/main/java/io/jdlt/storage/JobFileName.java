package io.jdlt.storage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jdlt.schema.Digests;

/**
 * dlt's job file name {@code <table>.<file_id>.<retry_count>.<format>[.gz]}, e.g.
 * {@code github_events.1a2b3c4d5e.0.jsonl.gz}.
 *
 * @param tableName the table the file's rows go to
 * @param fileId 10 hex characters
 * @param retryCount how often loading this file was retried
 * @param format {@code typed-jsonl}, {@code jsonl}, …
 * @param compressed whether the file is gzip-compressed
 */
public record JobFileName(String tableName, String fileId, int retryCount, String format, boolean compressed) {

    private static final Pattern NAME = Pattern.compile("^(.+)\\.([0-9a-f]+)\\.(\\d+)\\.([a-z_-]+?)(\\.gz)?$");

    public static JobFileName newFile(String tableName, String format, boolean compressed) {
        return new JobFileName(tableName, Digests.uniqueHexId(5), 0, format, compressed);
    }

    public static JobFileName parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + fileName + "' is not a job file name "
                    + "(<table>.<file_id>.<retry_count>.<format>[.gz])");
        }
        return new JobFileName(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4), m.group(5) != null);
    }

    /** The job id: the file name without its retry count. */
    public String jobId() {
        return tableName + "." + fileId + "." + format;
    }

    public JobFileName withRetry(int retry) {
        return new JobFileName(tableName, fileId, retry, format, compressed);
    }

    @Override
    public String toString() {
        return tableName + "." + fileId + "." + retryCount + "." + format + (compressed ? ".gz" : "");
    }
}
