package os2.plugins.rogue;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Sandbox;

/**
 * Needs the sandbox (a mandatory reference): satisfied only while this bundle holds
 * {@code service:os2.kernel.api.Sandbox:get}.
 */
@Component(service = SandboxUser.class, immediate = true)
public final class SandboxUser {

	private final Sandbox sandbox;

	@Activate
	public SandboxUser(@Reference Sandbox sandbox) {
		this.sandbox = sandbox;
	}

	public Sandbox sandbox() {
		return sandbox;
	}
}
