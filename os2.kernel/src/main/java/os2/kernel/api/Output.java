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

	/**
	 * How far a long operation has come ({@code Receiving objects:  45% (450/1000)}), shown while it
	 * runs, each status replacing the one before: redrawn in place on a terminal, a line at most once
	 * a second elsewhere, a progress notification to an agent. Progress is not output: it is not
	 * recorded, not counted against the token budget and not in the transcript, since when it comes
	 * depends on timing, which a replay does not reproduce. A tool writes the final state (a task's
	 * {@code done} line) as output. Call it as often as a few times a second; an empty status takes
	 * the last one away. Outputs that show no progress ignore it.
	 */
	default void progress(String status) {
	}

	default void stdout(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(Stream.STDOUT, bytes, 0, bytes.length);
	}

	default void stderr(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(Stream.STDERR, bytes, 0, bytes.length);
	}

	/**
	 * Output that is a capability (a token a tool mints): shown as it is, put on record only as
	 * {@code [withheld sha256:HEX]} ({@link CommandSpec#withheld}), so whoever reads the ledger,
	 * a transcript or a replay does not get it. Outputs that keep no record show it.
	 */
	default void writeWithheld(Stream stream, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(stream, bytes, 0, bytes.length);
	}
}
