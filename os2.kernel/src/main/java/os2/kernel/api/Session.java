package os2.kernel.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One line of work: a shell, or an agent's connection. Its runs happen one at a time, in the
 * order they were submitted, in its workspace; its seed makes deterministic runs repeatable.
 */
@ProviderType
public interface Session {

	String id();

	Path workspace();

	/** Who opened it: {@code shell} for a person at a terminal, the agent's name for an agent. */
	String owner();

	Instant created();

	/** Seeds the session's deterministic randomness; recorded, so a replay gets the same. */
	long seed();

	/** The session's Lamport clock: the logical time of its latest event. */
	long clock();

	/** The grants in force for the tools this session runs, by bundle, as {@link Grants#all()} gives them now. */
	Map<String, List<String>> grants();
}
