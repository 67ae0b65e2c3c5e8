package io.jdlt.sources.rest;

import java.util.List;

/**
 * How a paginated endpoint's next page is requested (dlt's {@code BasePaginator}): it may set up the first request,
 * reads each response and its page of data, and turns the request into the next page's. A paginator keeps the
 * position of one paginated call: use a new instance per call.
 */
public interface Paginator {

    /** Prepares the first request (e.g. sets {@code offset=0} and {@code limit}); most paginators leave it. */
    default void init(RestRequest request) {
    }

    /** Reads a response and its page of data: after it, {@link #hasNextPage()} says whether there is another. */
    void update(RestResponse response, List<Object> page);

    boolean hasNextPage();

    /** Turns the request just sent into the next page's request. */
    void next(RestRequest request);
}
