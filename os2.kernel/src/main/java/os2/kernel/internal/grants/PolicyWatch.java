package os2.kernel.internal.grants;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

import org.osgi.service.log.Logger;

/**
 * Says when the user's policy file changes, whoever changed it. Decisions look at the file
 * themselves; this is for the bundles nothing asks about meanwhile: a component waiting for a
 * service that another process has just granted is bound only if the services are offered again
 * here (see {@code GrantEnforcement}). It watches the file's directory (inotify on Linux), and
 * where that is not to be had, looks at the file once a second instead.
 */
final class PolicyWatch implements AutoCloseable {

	private static final long POLL_MILLIS = 1000;

	private final Path file;
	private final Runnable changed;
	private final Logger log;
	private final WatchService watch;
	private final Thread thread;

	/** @param changed run on the watch's own thread after the file may have changed */
	PolicyWatch(Path file, Runnable changed, Logger log) {
		this.file = file;
		this.changed = changed;
		this.log = log;
		this.watch = watchService(file.getParent());
		this.thread = Thread.ofPlatform().daemon().name("os2-policy-watch").unstarted(watch == null ? this::poll : this::run);
		thread.start();
	}

	private WatchService watchService(Path directory) {
		try {
			Files.createDirectories(directory);
			WatchService service = FileSystems.getDefault().newWatchService();
			directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
					StandardWatchEventKinds.ENTRY_DELETE);
			return service;
		} catch (IOException | UnsupportedOperationException e) {
			log.warn("cannot watch {} ({}); OS2 looks at it once a second instead", directory, e.getMessage());
			return null;
		}
	}

	private void run() {
		try {
			while (true) {
				WatchKey key = watch.take();
				boolean ours = false;
				for (WatchEvent<?> event : key.pollEvents()) {
					ours |= event.kind() == StandardWatchEventKinds.OVERFLOW || file.getFileName().equals(event.context());
				}
				boolean valid = key.reset();
				if (ours) {
					tell();
				}
				if (!valid) {
					log.warn("{} is gone; until OS2 starts again it looks at the policy once a second", file.getParent());
					poll();
					return;
				}
			}
		} catch (ClosedWatchServiceException | InterruptedException closed) {
			// closed: OS2 is stopping
		}
	}

	private void poll() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Thread.sleep(POLL_MILLIS);
				tell();
			}
		} catch (InterruptedException closed) {
			// closed: OS2 is stopping
		}
	}

	/** This thread's own end: what goes wrong in one look must not end the watch. */
	private void tell() {
		try {
			changed.run();
		} catch (RuntimeException failed) {
			log.error("applying a change of {} failed: {}", file, failed.toString());
		}
	}

	@Override
	public void close() {
		thread.interrupt();
		if (watch != null) {
			try {
				watch.close();
			} catch (IOException ignored) {
				// the watch's thread ends all the same: it was interrupted
			}
		}
		try {
			thread.join(1000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
