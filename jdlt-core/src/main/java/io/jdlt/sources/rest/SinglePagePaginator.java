package io.jdlt.sources.rest;

import java.util.List;

/** dlt's {@code single_page}: the endpoint answers with everything at once. */
public final class SinglePagePaginator implements Paginator {

    @Override
    public void update(RestResponse response, List<Object> page) {
    }

    @Override
    public boolean hasNextPage() {
        return false;
    }

    @Override
    public void next(RestRequest request) {
        throw new IllegalStateException("a single page has no next page");
    }

    @Override
    public String toString() {
        return "single_page";
    }
}
