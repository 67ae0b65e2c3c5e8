package io.jdlt.sources.rest;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * dlt's {@code cursor} ({@code JSONResponseCursorPaginator}): the body holds a cursor at {@code cursor_path} (default
 * {@code cursors.next}) that the next request sends as {@code cursor_param} (default {@code cursor}). Stops when the
 * cursor is missing, null, empty or false, on an empty page when {@code stop_after_empty_page}, or when
 * {@code has_more_path} reads false.
 */
public final class CursorPaginator extends QueryCursorPaginator {

    private final String cursorPath;
    private final boolean stopAfterEmptyPage;
    private final @Nullable String hasMorePath;

    public CursorPaginator(String cursorPath, String cursorParam, boolean stopAfterEmptyPage,
            @Nullable String hasMorePath) {
        super(cursorParam);
        JsonPaths.compile(cursorPath);
        this.cursorPath = cursorPath;
        this.stopAfterEmptyPage = stopAfterEmptyPage;
        this.hasMorePath = hasMorePath;
    }

    public CursorPaginator(String cursorPath, String cursorParam) {
        this(cursorPath, cursorParam, false, null);
    }

    public CursorPaginator() {
        this("cursors.next", "cursor");
    }

    @Override
    public void update(RestResponse response, List<Object> page) {
        Object found = JsonPaths.find(response.body(), cursorPath);
        boolean falsy = found == null || Boolean.FALSE.equals(found) || found.toString().isEmpty();
        boolean more = !falsy && !(stopAfterEmptyPage && page.isEmpty());
        if (hasMorePath != null) {
            Object hasMore = JsonPaths.find(response.body(), hasMorePath);
            more &= Boolean.TRUE.equals(hasMore) || "true".equalsIgnoreCase(String.valueOf(hasMore));
        }
        cursor(more ? found : null);
    }

    @Override
    public String toString() {
        return "cursor(cursor_path=" + cursorPath + ", cursor_param=" + cursorParam + ")";
    }
}
