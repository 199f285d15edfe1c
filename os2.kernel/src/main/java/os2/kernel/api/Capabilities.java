package os2.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Asks whether the bundle that got this service holds a grant, for authority the kernel does not
 * hand out as a service of its own (e.g. {@code host:os2.note}, a host function offered to a
 * bundle's WebAssembly tools). The service is a factory: each bundle gets an object that answers
 * for that bundle only, so a bundle cannot ask on behalf of another unless it acts in that
 * bundle's name (an extender, with the declaring bundle's context).
 */
@ProviderType
public interface Capabilities {

	/**
	 * Whether this bundle holds a grant that allows {@code permission}; the question and its answer
	 * are a ledger entry, allowed or denied, every time.
	 *
	 * @param permission in the grant language, e.g. {@code host:os2.note}
	 * @throws KernelException when {@code permission} is not a sentence of the grant language
	 */
	boolean check(String permission);
}
