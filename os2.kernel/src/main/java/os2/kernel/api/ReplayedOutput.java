package os2.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A recorded run's output shown again, as the run showed it: given the run's chunks in their
 * order, it passes on to its downstream the bytes the run's caller was shown — the head, the
 * elision marker, the tail, the last line of stderr — byte for byte. See
 * {@link Kernel#showAgain}.
 */
@ProviderType
public interface ReplayedOutput extends Output, AutoCloseable {

	/** Ends the run's output: shows the held tail, as the run's end did. */
	@Override
	void close();
}
