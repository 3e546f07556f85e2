/**
 * The one outbound HTTP client for calls the server makes to addresses others chose (agent callbacks, chat
 * webhooks): it resolves a host once, checks every address, and connects only to the addresses it checked.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {})
package io.countersign.outbound;

import org.springframework.modulith.ApplicationModule;
