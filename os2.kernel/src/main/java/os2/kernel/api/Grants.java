package os2.kernel.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The grants in force, by bundle symbolic name, and the two changes a person may make to them.
 * A change is written to {@code $OS2_HOME/etc/policy.json}, recorded in the ledger, and takes
 * effect at once: services appear or disappear for the bundle without a restart.
 */
@ProviderType
public interface Grants {

	/** Every bundle the policy names, with its grants in the grant language. */
	Map<String, List<String>> all();

	/** What {@code bundle} holds (empty when the policy does not name it). */
	List<String> held(String bundle);

	/** @throws KernelException when {@code permission} is not in the grant language */
	void grant(String bundle, String permission);

	/** @throws KernelException when the bundle does not hold {@code permission} */
	void revoke(String bundle, String permission);
}
