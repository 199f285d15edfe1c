package os2.kernel.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The kernel's sessions: each shell and each agent connection opens one. */
@ProviderType
public interface Sessions {

	/** Opens a session; its start is in the ledger. A null workspace means the default one. */
	Session open(String owner, Path workspace);

	Optional<Session> find(String id);

	/** Sessions open in this process, oldest first. */
	List<Session> list();

	/** Ends a session; its end, with the status it ended with, is in the ledger (durably, before this returns). */
	void close(String id, int status);
}
