/**
 * The web task list: pages, their controllers and the ports the service implements.
 *
 * <p>An open module to the service's modularity check: {@code ui} is its own Maven module that depends on nothing
 * of the service, so that boundary is kept by the build, and every public type in its sub-packages (the ports and
 * the values they carry) is meant to be used by the service's adapters in {@code io.countersign.web}.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.countersign.ui;

import org.springframework.modulith.ApplicationModule;
