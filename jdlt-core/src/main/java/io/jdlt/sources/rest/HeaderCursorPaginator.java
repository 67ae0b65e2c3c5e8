package io.jdlt.sources.rest;

import java.util.List;

/**
 * dlt's {@code header_cursor}: the response header {@code cursor_key} (default {@code next}) holds a cursor that the
 * next request sends as the query parameter {@code cursor_param} (default {@code cursor}); stops without the header.
 */
public final class HeaderCursorPaginator extends QueryCursorPaginator {

    private final String cursorKey;

    public HeaderCursorPaginator(String cursorKey, String cursorParam) {
        super(cursorParam);
        this.cursorKey = cursorKey;
    }

    public HeaderCursorPaginator() {
        this("next", "cursor");
    }

    @Override
    public void update(RestResponse response, List<Object> page) {
        cursor(response.header(cursorKey).filter(value -> !value.isBlank()).orElse(null));
    }

    @Override
    public String toString() {
        return "header_cursor(cursor_key=" + cursorKey + ", cursor_param=" + cursorParam + ")";
    }
}
