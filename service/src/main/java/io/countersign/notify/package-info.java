/**
 * Telling people: e-mail and chat notifications when an approval waits, escalates or a request is decided, queued
 * on Spring Modulith's event publication registry; and approving from Slack through the same judge as the web.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"approval", "common", "intake", "outbound", "policy", "security", "stall"})
package io.countersign.notify;

import org.springframework.modulith.ApplicationModule;
