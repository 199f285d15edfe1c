package os2.kernel.internal.grants;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

import os2.kernel.api.Capabilities;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Sandbox;
import os2.kernel.api.Secrets;
import os2.kernel.internal.sandbox.BubblewrapSandbox;
import os2.kernel.internal.sandbox.UnsandboxedLauncher;
import os2.kernel.internal.secrets.KernelSecretStore;
import os2.kernel.internal.secrets.SecretFile;

/**
 * The kernel's privileged services, each a {@link ServiceFactory}: every bundle that may see one
 * gets its own capability object, bound to its identity, which checks that bundle's grants on
 * every call. Registering them again after a policy change makes the framework announce them
 * anew, so the registry hooks decide each bundle's view again: a new grant binds, a revoked one
 * unbinds.
 */
final class PrivilegedServices {

	private final BundleContext context;
	private final GrantGuard guard;
	private final BubblewrapSandbox bubblewrap = new BubblewrapSandbox();
	private final UnsandboxedLauncher unsandboxed = new UnsandboxedLauncher();
	private ServiceRegistration<?> sandbox;
	private ServiceRegistration<?> capabilities;
	private ServiceRegistration<?> secrets;

	private final Os2Environment environment;
	private final SecretFile secretFile;

	PrivilegedServices(BundleContext context, GrantGuard guard, Os2Environment environment) {
		this.context = context;
		this.guard = guard;
		this.environment = environment;
		this.secretFile = new SecretFile(KernelSecretStore.location(environment));
	}

	synchronized void register() {
		sandbox = context.registerService(Sandbox.class.getName(), new ServiceFactory<Sandbox>() {
			@Override
			public Sandbox getService(Bundle bundle, ServiceRegistration<Sandbox> registration) {
				return new GuardedSandbox(bundle, guard, bubblewrap, unsandboxed, environment);
			}

			@Override
			public void ungetService(Bundle bundle, ServiceRegistration<Sandbox> registration, Sandbox service) {
				// nothing to release: the capability object holds no resources
			}
		}, null);
		capabilities = context.registerService(Capabilities.class.getName(), new ServiceFactory<Capabilities>() {
			@Override
			public Capabilities getService(Bundle bundle, ServiceRegistration<Capabilities> registration) {
				return permission -> guard.check(bundle, permission).allowed();
			}

			@Override
			public void ungetService(Bundle bundle, ServiceRegistration<Capabilities> registration, Capabilities service) {
				// nothing to release: the object holds only the bundle it answers for
			}
		}, null);
		secrets = context.registerService(Secrets.class.getName(), new ServiceFactory<Secrets>() {
			@Override
			public Secrets getService(Bundle bundle, ServiceRegistration<Secrets> registration) {
				return new BundleSecrets(bundle, guard, secretFile);
			}

			@Override
			public void ungetService(Bundle bundle, ServiceRegistration<Secrets> registration, Secrets service) {
				// nothing to release: the object holds only the bundle it answers for
			}
		}, null);
	}

	synchronized void reregister() {
		unregister();
		register();
	}

	/** Withdraws the services and ends what the sandbox keeps ready. */
	synchronized void close() {
		unregister();
		bubblewrap.close();
	}

	synchronized void unregister() {
		if (sandbox != null) {
			sandbox.unregister();
			sandbox = null;
		}
		if (capabilities != null) {
			capabilities.unregister();
			capabilities = null;
		}
		if (secrets != null) {
			secrets.unregister();
			secrets = null;
		}
	}
}
