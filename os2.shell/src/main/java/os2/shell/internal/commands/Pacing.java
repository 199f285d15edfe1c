package os2.shell.internal.commands;

import java.time.Duration;

import os2.ledger.api.Entry;
import os2.shell.internal.session.UsageException;

/** How fast replay shows a session: at once, or with the pauses it had (each one capped). */
final class Pacing {

	/** A session left open overnight is not replayed overnight. */
	static final Duration MAX_PAUSE = Duration.ofSeconds(5);

	private final boolean realtime;
	private long lastWall = -1;

	private Pacing(boolean realtime) {
		this.realtime = realtime;
	}

	static Pacing parse(String speed) {
		return switch (speed) {
			case "max" -> new Pacing(false);
			case "realtime" -> new Pacing(true);
			default -> throw new UsageException("replay: --speed is realtime or max, not '" + speed + "'");
		};
	}

	/** Waits, at realtime, as long as the session did between the last entry and this one (by their wall clocks). */
	void before(Entry entry) throws InterruptedException {
		if (realtime && lastWall >= 0 && entry.wallMillis() > lastWall) {
			Thread.sleep(Math.min(entry.wallMillis() - lastWall, MAX_PAUSE.toMillis()));
		}
		lastWall = Math.max(lastWall, entry.wallMillis());
	}
}
