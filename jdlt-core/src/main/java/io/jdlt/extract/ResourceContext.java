package io.jdlt.extract;

/**
 * What a resource function knows about the run it is part of.
 *
 * @param resourceName the resource's name
 * @param tableName the normalized name of the table the resource's rows go to
 * @param loadId the id of the load package being extracted
 */
public record ResourceContext(String resourceName, String tableName, String loadId) {
}
