package os2.kernel.internal.grants;

import org.osgi.framework.Bundle;

import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.KernelException;
import os2.kernel.api.SecretStore;
import os2.kernel.api.Secrets;
import os2.kernel.internal.secrets.SecretFile;

/** One bundle's view of the secret store: a secret only with {@code secret:NAME}, every decision on record. */
final class BundleSecrets implements Secrets {

	private final Bundle bundle;
	private final GrantGuard guard;
	private final SecretFile file;

	BundleSecrets(Bundle bundle, GrantGuard guard, SecretFile file) {
		this.bundle = bundle;
		this.guard = guard;
		this.file = file;
	}

	@Override
	public String reveal(String name) {
		String permission = "secret:" + SecretStore.checkName(name);
		if (!guard.check(bundle, permission).allowed()) {
			throw new GrantDeniedException(bundle.getSymbolicName(), permission);
		}
		return file.value(name)
				.orElseThrow(() -> new KernelException("no secret " + name + " is set; 'secret set " + name + "' sets it"));
	}
}
