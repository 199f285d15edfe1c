package os2.kernel.internal.grants;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import os2.kernel.api.KernelException;
import os2.kernel.internal.secrets.LockedFile;
import os2.kernel.internal.secrets.RecordedChange;
import os2.ledger.api.Ledger;

/**
 * {@code grant} and {@code revoke} on disk and on record, so that every OS2 process of the home
 * agrees. Each is one step under {@code etc/policy.lock}: the bundle's grants are taken from the
 * files as they are then (never from this process's copy, which another process may have made
 * stale: a daemon's grant must not bring back what a shell revoked), the {@code grant-change}
 * entry is made durable, and only then is the user's file replaced. A ledger that cannot record
 * refuses the change (see {@link RecordedChange}).
 */
final class GrantChanges {

	static final String KIND = "grant-change";

	private final PolicyFiles files;
	private final Supplier<String> configured;
	private final Supplier<Ledger> ledger;

	/**
	 * @param configured the Config Admin layer now (or null): the grants a bundle holds are
	 *        decided by every layer
	 * @param ledger the ledger now, or null when it is not running
	 */
	GrantChanges(PolicyFiles files, Supplier<String> configured, Supplier<Ledger> ledger) {
		this.files = files;
		this.configured = configured;
		this.ledger = ledger;
	}

	void grant(String bundle, Permission granted) {
		change(bundle, "grant", granted);
	}

	/** @throws KernelException when the bundle does not hold {@code revoked} */
	void revoke(String bundle, Permission revoked) {
		change(bundle, "revoke", revoked);
	}

	private void change(String bundle, String how, Permission permission) {
		try (LockedFile.Change locked = files.lock()) {
			Map<String, Object> layer = userLayer(locked, how);
			Policy.BundleEntry held = files.load(configured.get()).policy().bundles().get(bundle);
			List<Permission> grants = new ArrayList<>(held == null ? List.of() : held.grants());
			if (how.equals("revoke") && !grants.remove(permission)) {
				throw new KernelException(bundle + " does not hold " + permission + "; 'grants " + bundle + "' lists what it holds");
			}
			if (how.equals("grant") && !grants.contains(permission)) {
				grants.add(permission);
			}
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("bundle", bundle);
			payload.put("change", how);
			payload.put("permission", permission.toString());
			payload.put("file", files.userLayer().toString());
			RecordedChange recorded = RecordedChange.announce(ledger.get(), KIND, how, payload);
			try {
				files.saveBundle(locked, layer, bundle, new Policy.BundleEntry(List.copyOf(grants), held == null ? "" : held.signer()));
			} catch (KernelException notWritten) {
				throw recorded.notMade(notWritten);
			}
		}
	}

	/** The user's layer, or why the change is refused: a change written into a broken file would not be in force. */
	private Map<String, Object> userLayer(LockedFile.Change locked, String how) {
		try {
			return files.userLayer(locked);
		} catch (KernelException broken) {
			throw new KernelException(how + " refused: " + broken.getMessage() + "; nothing was changed — fix or remove "
					+ files.userLayer() + " first", broken);
		}
	}
}
