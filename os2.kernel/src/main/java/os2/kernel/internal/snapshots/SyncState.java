package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Objects are written without a sync each (10,000 of them would cost seconds); one {@code syncfs}
 * before a manifest is written makes them durable. An object written since the last sync, on a
 * machine that then stopped, may be left under its name shorter than its bytes, and a later
 * capture would find the name and count on it. So the store notes which boot of the machine last
 * wrote to it and when it last synced ({@code sync-state}: the boot id, a newline, the time in
 * nanoseconds); the first process of a new boot to use the store checks every object written
 * since that sync against its id (2 s of margin for the file system's clock) and removes those
 * that do not match, with the stat cache entries that name them.
 */
final class SyncState {

	private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
	private static final long CLOCK_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);

	/** What a check found. */
	interface Damaged {
		void forget(Set<String> ids) throws IOException;
	}

	private final Path file;
	private final Path temporary;
	private static final long NOTE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

	private volatile boolean checked;
	private long lastNoted = Long.MIN_VALUE / 2;

	SyncState(Path file, Path temporary) {
		this.file = file;
		this.temporary = temporary;
	}

	/** Once per process, before objects are relied on: the check above, if the machine restarted since. */
	void checkOnce(ObjectStore objects, Damaged damaged) throws IOException {
		if (checked) {
			return;
		}
		String boot = bootId();
		String[] state = read();
		if (state == null || !state[0].equals(boot)) {
			long since = state == null ? Long.MIN_VALUE : Long.parseLong(state[1]) - CLOCK_MARGIN_NANOS;
			long now = nowNanos();
			Set<String> removed = removeDamaged(objects, since);
			if (!removed.isEmpty()) {
				damaged.forget(removed);
			}
			write(boot, now, true);
			lastNoted = now;
		}
		checked = true;
	}

	/**
	 * Notes that everything written before {@code startedNanos} is on disk; not synced itself, and
	 * at most once a minute (an older note only makes the check after a restart check more).
	 */
	void synced(long startedNanos) throws IOException {
		if (startedNanos - lastNoted >= NOTE_EVERY_NANOS) {
			write(bootId(), startedNanos, false);
			lastNoted = startedNanos;
		}
	}

	static long nowNanos() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	private static Set<String> removeDamaged(ObjectStore objects, long sinceNanos) throws IOException {
		Set<String> removed = new HashSet<>();
		ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
		for (String id : objects.ids()) {
			Path path = objects.path(id);
			long modified;
			try {
				modified = TimeUnit.MICROSECONDS.toNanos(Files.getLastModifiedTime(path).to(TimeUnit.MICROSECONDS));
			} catch (NoSuchFileException gone) {
				continue;
			}
			if (modified >= sinceNanos && !hashes(objects, id, buffer)) {
				Files.deleteIfExists(path);
				removed.add(id);
			}
		}
		return removed;
	}

	private static boolean hashes(ObjectStore objects, String id, ByteBuffer buffer) throws IOException {
		MessageDigest digest = ObjectIds.sha256();
		try (FileChannel in = objects.open(id)) {
			buffer.clear();
			while (in.read(buffer) >= 0) {
				buffer.flip();
				digest.update(buffer);
				buffer.clear();
			}
		}
		return ObjectIds.hex(digest.digest()).equals(id);
	}

	private String[] read() throws IOException {
		try {
			String[] lines = Files.readString(file, StandardCharsets.US_ASCII).split("\n");
			if (lines.length == 2 && lines[1].matches("-?[0-9]{1,19}")) {
				return lines;
			}
			return null;
		} catch (NoSuchFileException absent) {
			return null;
		}
	}

	private void write(String boot, long nanos, boolean durable) throws IOException {
		Path temp = temporary.resolve("sync-state-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
		try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			out.write(ByteBuffer.wrap((boot + "\n" + nanos).getBytes(StandardCharsets.US_ASCII)));
			if (durable) {
				out.force(true);
			}
		}
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
		if (durable) {
			try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
				directory.force(true);
			}
		}
	}

	private static String bootId() throws IOException {
		return Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
	}
}
