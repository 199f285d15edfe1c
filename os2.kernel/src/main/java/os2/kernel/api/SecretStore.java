package os2.kernel.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a person may do with OS2's secret store: set, list and remove secrets by name. Only the
 * shell sees this service, whatever the policy says (a tool that could read or set the store
 * would not need a grant for a secret). A change is recorded in the ledger by name, never by value.
 */
@ProviderType
public interface SecretStore {

	/**
	 * Sets (or replaces) a secret.
	 *
	 * @param name letters, digits, '.', '_' and '-', at most 64
	 * @throws KernelException when the name is not one or the value is empty
	 */
	void set(String name, String value);

	/** @throws KernelException when no secret of that name is set */
	void remove(String name);

	/** The names of the secrets set, in order. */
	List<String> names();

	/**
	 * @return {@code name}, when it is letters, digits, '.', '_' and '-', at most 64
	 * @throws KernelException when it is not
	 */
	static String checkName(String name) {
		if (!isName(name)) {
			throw new KernelException("'" + name + "' is not a secret's name: use letters, digits, '.', '_' and '-' (at most 64)");
		}
		return name;
	}

	/** Whether {@code name} is letters, digits, '.', '_' and '-', at most 64. */
	static boolean isName(String name) {
		return name != null && name.matches("[A-Za-z0-9._-]{1,64}");
	}
}
