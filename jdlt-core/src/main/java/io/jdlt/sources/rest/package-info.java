/**
 * The REST API client of dlt's {@code rest_api} source: requests with auth and retries, paginators and their
 * auto-detection, and JSONPath data selectors.
 */
@NullMarked
package io.jdlt.sources.rest;

import org.jspecify.annotations.NullMarked;
