package io.jdlt.sources.rest;

import org.jspecify.annotations.Nullable;

/**
 * dlt's {@code page_number}: sends the page number (from {@code page}, default {@code base_page}, default 0) as
 * {@code page_param} and adds one after each page. Stops on an empty page, when the page reaches the total number of
 * pages at {@code total_path} (plus {@code base_page}) or {@code maximum_page}, or when {@code has_more_path} reads
 * false.
 */
public final class PageNumberPaginator extends RangePaginator {

    private final long basePage;

    public PageNumberPaginator(long basePage, @Nullable Long page, String pageParam, @Nullable String totalPath,
            @Nullable Long maximumPage, boolean stopAfterEmptyPage, @Nullable String hasMorePath) {
        super(pageParam, page != null ? page : basePage, 1, totalPath, maximumPage, stopAfterEmptyPage, hasMorePath);
        this.basePage = basePage;
    }

    /** dlt's defaults: base page 0, parameter {@code page}, total at {@code total}. */
    public PageNumberPaginator() {
        this(0, null, "page", "total", null, true, null);
    }

    @Override
    protected long totalBound(long total) {
        return total + basePage;
    }

    @Override
    public String toString() {
        return "page_number(base_page=" + basePage + ")";
    }
}
