package os2.kernel.api;

import java.nio.charset.StandardCharsets;

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

	default void stdout(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(Stream.STDOUT, bytes, 0, bytes.length);
	}

	default void stderr(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(Stream.STDERR, bytes, 0, bytes.length);
	}
}
