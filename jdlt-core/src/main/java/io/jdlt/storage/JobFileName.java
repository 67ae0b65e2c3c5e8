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

    /**
     * A new file of the table. Its id is hex, as dlt's, but sorts by creation: 7 digits of a sequence of this JVM,
     * then 8 random ones (layouts without the load id put files of many runs in one folder). A package's files of one table are then read in the order they were written,
     * so the first value of a column types it whatever the file names' luck (with random ids, a later file's text
     * could type a column that earlier files fill with numbers).
     */
    public static JobFileName newFile(String tableName, String format, boolean compressed) {
        long sequence = FILE_SEQUENCE.getAndIncrement() & 0xFFFFFFFL;
        String id = String.format(java.util.Locale.ROOT, "%07x", sequence) + Digests.uniqueHexId(4);
        return new JobFileName(tableName, id, 0, format, compressed);
    }

    // starts anywhere in the lower half of its range, so a JVM does not wrap around in 2^27 files
    private static final java.util.concurrent.atomic.AtomicLong FILE_SEQUENCE = new java.util.concurrent.atomic
            .AtomicLong(new java.security.SecureRandom().nextInt(1 << 27));

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
