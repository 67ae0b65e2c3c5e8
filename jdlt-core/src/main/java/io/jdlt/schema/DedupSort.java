package io.jdlt.schema;

/**
 * dlt's {@code dedup_sort} hint: when merge deduplicates rows of one key in a load, the row with the highest
 * ({@code descending}) or lowest value of this column wins.
 *
 * @param column the normalized column name
 * @param descending {@code true} keeps the largest value, {@code false} the smallest
 */
public record DedupSort(String column, boolean descending) {
}
