/**
 * dlt's configuration: values found by name in a chain of providers (environment variables, {@code .dlt/secrets.toml},
 * {@code .dlt/config.toml}, or whatever an application adds first), looked up section by section from the most
 * specific ({@code <pipeline>.sources.github.token}) to the bare key ({@code token}).
 */
@NullMarked
package io.jdlt.config;

import org.jspecify.annotations.NullMarked;
