package os2.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The secrets a person has put in OS2's secret store ({@code secret set NAME}), for the tools
 * allowed them: a token a tool sends to a server, never on a command line, in an environment the
 * ledger records, or in the ledger. The service is a factory: each bundle gets an object that
 * answers for that bundle only, and only with the grant {@code secret:NAME}. Every question and
 * its answer are a {@code grant-decision} entry; the value never is.
 */
@ProviderType
public interface Secrets {

	/**
	 * The value of the secret {@code name}. The caller keeps it out of its output and its records.
	 *
	 * @throws GrantDeniedException when this bundle does not hold {@code secret:NAME}
	 * @throws KernelException when no secret of that name is set, or the name is not one
	 */
	String reveal(String name);
}
