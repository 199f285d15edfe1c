package os2.kernel.internal.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import os2.kernel.api.KernelException;

/**
 * One small file per running OS2 process of a home, {@code run/kernels/PID-STARTMILLIS.live},
 * holding the ledger's size when that process started: what the next process needs to find the
 * runs and sessions a killed or crashed one left open, without reading the whole ledger. A clean
 * end removes the file; a file whose process no longer runs (that pid gone, or reused by a process
 * started at another time) is a dead process's, claimed by renaming it before it is dealt with, so
 * two processes starting at once do not both close its runs.
 */
final class ProcessMarkers {

	private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)\\.(live|closing-(\\d+))");

	/**
	 * A dead process's marker, claimed by this process.
	 *
	 * @param process its identity as {@link #self} gave it: pid and start time
	 */
	record Dead(long pid, String process, long ledgerSize, Path claimed) {
	}

	private final Path directory;

	ProcessMarkers(Path directory) {
		this.directory = directory;
	}

	/** This JVM's identity: its pid and the time it started, as /proc says it (so the same each time it is asked). */
	static String self() {
		ProcessHandle self = ProcessHandle.current();
		return self.pid() + "-" + startMillis(self).orElse(0L);
	}

	private static Optional<Long> startMillis(ProcessHandle process) {
		return process.info().startInstant().map(Instant::toEpochMilli);
	}

	/** Writes this process's marker; durable, so a machine that loses power still knows it ran. */
	Path mark(long ledgerSize) {
		Path marker = directory.resolve(self() + ".live");
		try {
			Files.createDirectories(directory);
			Path temp = Files.createTempFile(directory, "marker", ".tmp");
			Files.writeString(temp, ledgerSize + "\n", StandardCharsets.US_ASCII);
			try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Files.move(temp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return marker;
		} catch (IOException e) {
			throw new KernelException("cannot write " + marker + " (" + e.getMessage() + "); OS2 needs its home writable", e);
		}
	}

	/** Removes this process's marker: it ended with nothing left open. */
	void unmark(Path marker) {
		try {
			Files.deleteIfExists(marker);
		} catch (IOException e) {
			// the next process finds the marker, sees nothing open, and removes it
		}
	}

	/**
	 * The markers of processes that no longer run, each claimed for this process (renamed), and
	 * those a claimer that died itself left claimed.
	 */
	List<Dead> claimDead() {
		List<Dead> dead = new ArrayList<>();
		if (!Files.isDirectory(directory)) {
			return dead;
		}
		try (DirectoryStream<Path> markers = Files.newDirectoryStream(directory)) {
			for (Path marker : markers) {
				Matcher name = NAME.matcher(marker.getFileName().toString());
				if (!name.matches()) {
					continue;
				}
				// one this process claimed before and could not close yet is tried again
				boolean claimedByAnother = name.group(4) != null && Long.parseLong(name.group(4)) != ProcessHandle.current().pid();
				boolean claimedByLiving = claimedByAnother && running(Long.parseLong(name.group(4)), null);
				if (claimedByLiving || running(Long.parseLong(name.group(1)), Long.parseLong(name.group(2)))) {
					continue;
				}
				claim(marker, name).ifPresent(dead::add);
			}
		} catch (IOException e) {
			throw new KernelException("cannot read " + directory + ": " + e.getMessage(), e);
		}
		return dead;
	}

	private Optional<Dead> claim(Path marker, Matcher name) throws IOException {
		Path claimed = directory.resolve(name.group(1) + "-" + name.group(2) + ".closing-" + ProcessHandle.current().pid());
		try {
			Files.move(marker, claimed, StandardCopyOption.ATOMIC_MOVE);
			long size = Long.parseLong(Files.readString(claimed, StandardCharsets.US_ASCII).strip());
			return Optional.of(new Dead(Long.parseLong(name.group(1)), identity(name), size, claimed));
		} catch (NoSuchFileException | FileAlreadyExistsException | AtomicMoveNotSupportedException takenByAnother) {
			return Optional.empty();
		} catch (NumberFormatException unreadable) {
			// cut off by a crash while it was written: its process saw no run start; read from the start
			return Optional.of(new Dead(Long.parseLong(name.group(1)), identity(name), 0, claimed));
		}
	}

	private static String identity(Matcher name) {
		return name.group(1) + "-" + name.group(2);
	}

	/** Whether {@code pid} runs, and (when {@code startMillis} is given) is the process that started then. */
	private static boolean running(long pid, Long startMillis) {
		Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
		if (process.isEmpty()) {
			return false;
		}
		if (startMillis == null) {
			return true;
		}
		// a pid reused by a later process is not the one that wrote the marker; unknown counts as running
		return startMillis(process.get()).map(started -> started == startMillis.longValue()).orElse(true);
	}

	void remove(Dead dead) {
		try {
			Files.deleteIfExists(dead.claimed());
		} catch (IOException e) {
			// found again next time; the runs it names are closed by then, so nothing is done twice
		}
	}
}
