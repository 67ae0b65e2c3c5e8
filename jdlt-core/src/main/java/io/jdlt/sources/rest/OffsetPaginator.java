package io.jdlt.sources.rest;

import org.jspecify.annotations.Nullable;

/**
 * dlt's {@code offset}: sends {@code limit} and {@code offset} (default 0) as query parameters and adds the limit to
 * the offset after each page. Stops on an empty page, when the offset reaches the total at {@code total_path}
 * (default {@code total}) or {@code maximum_offset}, or when {@code has_more_path} reads false.
 */
public final class OffsetPaginator extends RangePaginator {

    private final long limit;
    private final String limitParam;

    public OffsetPaginator(long limit, long offset, String offsetParam, String limitParam, @Nullable String totalPath,
            @Nullable Long maximumOffset, boolean stopAfterEmptyPage, @Nullable String hasMorePath) {
        super(offsetParam, offset, limit, totalPath, maximumOffset, stopAfterEmptyPage, hasMorePath);
        if (limit < 1) {
            throw new IllegalArgumentException("the offset paginator's limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.limitParam = limitParam;
    }

    /** dlt's defaults: offset 0, parameters {@code offset} and {@code limit}, total at {@code total}. */
    public OffsetPaginator(long limit) {
        this(limit, 0, "offset", "limit", "total", null, true, null);
    }

    @Override
    public void init(RestRequest request) {
        super.init(request);
        request.params().put(limitParam, limit);
    }

    @Override
    public void next(RestRequest request) {
        super.next(request);
        request.params().put(limitParam, limit);
    }

    @Override
    protected long totalBound(long total) {
        return total;
    }

    @Override
    public String toString() {
        return "offset(limit=" + limit + ")";
    }
}
