package os2.shell.internal.daemon;

import java.nio.file.Path;
import java.time.Duration;

/** Where the daemon listens, and how long it stays without clients before it ends. */
public record ServeOptions(Path socket, Duration idle) {

	/** How long the daemon waits for a client before it ends, unless {@code --idle} says otherwise. */
	public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
}
