package io.jdlt.sources.rest;

import java.util.List;
import java.util.Map;

/**
 * Stripe-style pagination: while the boolean at {@code has_more_path} is true, the next request sends the last
 * item's {@code item_cursor_key} (e.g. its {@code id}) as {@code cursor_param} (e.g. {@code starting_after}).
 */
public final class LastItemCursorPaginator extends QueryCursorPaginator {

    private final String itemCursorKey;
    private final String hasMorePath;

    public LastItemCursorPaginator(String itemCursorKey, String cursorParam, String hasMorePath) {
        super(cursorParam);
        this.itemCursorKey = itemCursorKey;
        this.hasMorePath = hasMorePath;
    }

    @Override
    public void update(RestResponse response, List<Object> page) {
        Object next = null;
        if (Boolean.TRUE.equals(JsonPaths.find(response.body(), hasMorePath)) && !page.isEmpty()
                && page.get(page.size() - 1) instanceof Map<?, ?> last) {
            next = last.get(itemCursorKey);
        }
        cursor(next);
    }

    @Override
    public String toString() {
        return "last_item_cursor(item_cursor_key=" + itemCursorKey + ", cursor_param=" + cursorParam + ")";
    }
}
