package io.jdlt.sources.rest;

import org.jspecify.annotations.Nullable;

/** A paginator that sends a cursor read from each response as a query parameter of the next request. */
abstract class QueryCursorPaginator implements Paginator {

    protected final String cursorParam;
    private @Nullable Object cursor;

    protected QueryCursorPaginator(String cursorParam) {
        this.cursorParam = cursorParam;
    }

    /** The cursor for the next request; null ends pagination. */
    protected final void cursor(@Nullable Object next) {
        this.cursor = next;
    }

    @Override
    public final boolean hasNextPage() {
        return cursor != null;
    }

    @Override
    public final void next(RestRequest request) {
        request.params().put(cursorParam, cursor);
    }
}
