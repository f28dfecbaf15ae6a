/**
 * A simulated ServiceNow instance and MID Servers for trying MidWatch out; may use any module.
 */
@ApplicationModule(displayName = "Demo")
package io.midwatch.demo;

import org.springframework.modulith.ApplicationModule;
