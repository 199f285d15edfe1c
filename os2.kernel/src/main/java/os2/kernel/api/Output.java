package os2.kernel.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a run's output goes as it is produced: to the user or agent (within the run's token
 * budget) and, in full, to the ledger. Tools write each chunk when they have it, never buffering
 * a run's output to its end. Thread-safe: a tool may write stdout and stderr from two threads.
 */
@ProviderType
public interface Output {

	/** The two streams of a run, kept apart in the ledger and in transcripts. */
	enum Stream {
		STDOUT, STDERR
	}

	void write(Stream stream, byte[] bytes, int offset, int length);

	/**
	 * Facts about the run for its record (a {@code run-note} entry in the ledger), never shown: the
	 * interpreter a tool chose, what an install resolved to. Values are strings, numbers, booleans,
	 * lists and maps of them. Outputs that keep no record ignore them.
	 */
	default void note(Map<String, Object> facts) {
	}

	default void stdout(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(Stream.STDOUT, bytes, 0, bytes.length);
	}

	default void stderr(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(Stream.STDERR, bytes, 0, bytes.length);
	}
}
