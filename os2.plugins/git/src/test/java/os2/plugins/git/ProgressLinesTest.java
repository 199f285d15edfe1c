package os2.plugins.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jgit.lib.ProgressMonitor;
import org.junit.jupiter.api.Test;

import os2.kernel.api.Output;

class ProgressLinesTest {

	/** Keeps stderr and the progress statuses apart, as the kernel does. */
	private static final class Seen implements Output {
		final StringBuilder stderr = new StringBuilder();
		final List<String> progress = new ArrayList<>();

		@Override
		public void write(Stream stream, byte[] bytes, int offset, int length) {
			stderr.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
		}

		@Override
		public void progress(String status) {
			progress.add(status);
		}
	}

	private static long millis(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

	@Test
	void statusesTenTimesASecondAtMostWithSizeAndRateAndADoneLineWithout() {
		Seen seen = new Seen();
		AtomicLong now = new AtomicLong(millis(10_000));
		AtomicLong received = new AtomicLong(4096); // what was there before the task
		ProgressLines progress = new ProgressLines(seen, () -> false, received::get, now::get);

		progress.beginTask("Receiving objects", 1000);
		progress.update(100); // at once: 0 ms in, nothing received yet
		now.addAndGet(millis(50));
		progress.update(100); // 50 ms after the last status: not shown
		now.addAndGet(millis(450));
		received.addAndGet(3 * 1024 * 1024);
		progress.update(300); // 0.5 s in, 3 MiB received: 6 MiB/s
		progress.update(500);
		progress.endTask();

		assertEquals(List.of("Receiving objects:  10% (100/1000)", "Receiving objects:  50% (500/1000), 3.00 MiB | 6.00 MiB/s"),
				seen.progress);
		assertEquals("Receiving objects: 100% (1000/1000), done.\n", seen.stderr.toString());
	}

	@Test
	void aTaskWithoutATotalCountsUp() {
		Seen seen = new Seen();
		ProgressLines progress = new ProgressLines(seen, () -> false);
		progress.beginTask("Counting objects", ProgressMonitor.UNKNOWN);
		progress.update(7);
		progress.endTask();

		assertEquals(List.of("Counting objects: 7"), seen.progress);
		assertEquals("Counting objects: 7, done.\n", seen.stderr.toString());
	}

	@Test
	void aTaskWithNothingToDoEndsWithoutALine() {
		Seen seen = new Seen();
		ProgressLines progress = new ProgressLines(seen, () -> false);
		progress.beginTask("Checking out files", ProgressMonitor.UNKNOWN);
		progress.endTask();

		assertEquals("", seen.stderr.toString());
	}

	@Test
	void sizesAsGitSaysThem() {
		assertEquals("512 bytes", ProgressLines.size(512));
		assertEquals("1.50 KiB", ProgressLines.size(1536));
		assertEquals("2.25 MiB", ProgressLines.size(2_359_296));
		assertEquals("1.00 GiB", ProgressLines.size(1L << 30));
	}
}
