package io.jdlt.destination.filesystem;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dlt's file layout of the filesystem destination: a path with placeholders, by default
 * {@code {table_name}/{load_id}.{file_id}.{ext}}. Placeholders: {@code schema_name, table_name, load_id, file_id,
 * ext, curr_date, timestamp, timestamp_ms, load_package_timestamp, load_package_timestamp_ms} and the date tokens
 * {@code YYYY YY MMMM MMM MM M DD D dddd ddd HH H mm m ss s Q} of the load package's creation time (lower-cased, as
 * dlt writes them).
 */
public final class FileLayout {

    public static final String DEFAULT = "{table_name}/{load_id}.{file_id}.{ext}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
    private static final java.util.Set<String> KNOWN = java.util.Set.of("schema_name", "table_name", "load_id",
            "file_id", "ext", "curr_date", "timestamp", "timestamp_ms", "load_package_timestamp",
            "load_package_timestamp_ms", "YYYY", "YY", "MMMM", "MMM", "MM", "M", "DD", "D", "dddd", "ddd", "HH", "H", "mm",
            "m", "ss", "s", "Q");

    private final String pattern;

    private FileLayout(String pattern) {
        this.pattern = pattern;
    }

    /** Checks the layout as dlt does: known placeholders, and the table first (only the schema may come before it). */
    public static FileLayout of(String pattern) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            if (!KNOWN.contains(m.group(1))) {
                throw new IllegalArgumentException("layout '" + pattern + "': unknown placeholder {" + m.group(1)
                        + "}; known: " + new java.util.TreeSet<>(KNOWN));
            }
        }
        if (!pattern.startsWith("{table_name}/") && !pattern.startsWith("{schema_name}/{table_name}/")) {
            throw new IllegalArgumentException("layout '" + pattern + "' must start with {table_name}/ (or "
                    + "{schema_name}/{table_name}/) so that each table has a folder of its own");
        }
        return new FileLayout(pattern);
    }

    public String pattern() {
        return pattern;
    }

    /**
     * Whether a file's key depends on when it was written ({@code curr_date}, {@code timestamp}, {@code
     * timestamp_ms}), so that it cannot be rendered again later.
     */
    public boolean dependsOnClock() {
        return pattern.contains("{curr_date}") || pattern.contains("{timestamp}") || pattern.contains("{timestamp_ms}");
    }

    /** The folder of a table's files: what the layout renders before the file name parts. */
    public String tableFolder(String schemaName, String tableName) {
        return pattern.startsWith("{schema_name}/") ? schemaName + "/" + tableName + "/" : tableName + "/";
    }

    public String render(String schemaName, String tableName, String loadId, String fileId, String ext,
            OffsetDateTime packageCreatedAt) {
        OffsetDateTime at = packageCreatedAt.withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // only the placeholders the layout has are computed: a load renders a name per job file
            String value = switch (m.group(1)) {
                case "schema_name" -> schemaName;
                case "table_name" -> tableName;
                case "load_id" -> loadId;
                case "file_id" -> fileId;
                case "ext" -> ext;
                case "curr_date" -> now.toLocalDate().toString();
                case "timestamp" -> Long.toString(now.toEpochSecond());
                case "timestamp_ms" -> Long.toString(now.toInstant().toEpochMilli());
                case "load_package_timestamp" -> Long.toString(at.toEpochSecond());
                case "load_package_timestamp_ms" -> Long.toString(at.toInstant().toEpochMilli());
                case "YYYY" -> String.format(Locale.ROOT, "%04d", at.getYear());
                case "YY" -> String.format(Locale.ROOT, "%02d", at.getYear() % 100);
                case "MMMM" -> at.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
                case "MMM" -> at.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
                case "MM" -> String.format(Locale.ROOT, "%02d", at.getMonthValue());
                case "M" -> Integer.toString(at.getMonthValue());
                case "DD" -> String.format(Locale.ROOT, "%02d", at.getDayOfMonth());
                case "D" -> Integer.toString(at.getDayOfMonth());
                case "dddd" -> at.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
                case "ddd" -> at.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
                case "HH" -> String.format(Locale.ROOT, "%02d", at.getHour());
                case "H" -> Integer.toString(at.getHour());
                case "mm" -> String.format(Locale.ROOT, "%02d", at.getMinute());
                case "m" -> Integer.toString(at.getMinute());
                case "ss" -> String.format(Locale.ROOT, "%02d", at.getSecond());
                case "s" -> Integer.toString(at.getSecond());
                case "Q" -> Integer.toString((at.getMonthValue() - 1) / 3 + 1);
                // of() admits only the placeholders above
                default -> throw new IllegalStateException("unknown placeholder {" + m.group(1) + "}");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
