package os2.kernel.internal.grants;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import os2.kernel.internal.secrets.LockedFile;

/**
 * The policy in force, as the files say it now. Other OS2 processes of the home (the daemon, an
 * interactive shell, a {@code -c} run of its own) change the user's file too, so each look starts
 * with a stat of it (about a microsecond) and reloads the layers when its stamp changed: a revoke
 * made anywhere is in force for this process's next decision.
 *
 * <p>A reload that finds a different policy tells {@code changed}, on the thread that found it,
 * which may be a registry hook's: the listener must only note the change and hand on any work.
 */
final class LivePolicy {

	/** A policy and the stamp of the user's file it was read at. */
	private record Read(Policy policy, LockedFile.Stamp stamp) {
	}

	private final PolicyFiles files;
	private final Consumer<String> problems;
	private final BiConsumer<Policy, Policy> changed;
	private volatile String configured;
	private volatile Read read;

	/**
	 * @param configured the Config Admin layer, or null
	 * @param problems told what is wrong with a layer at each load that finds it so
	 * @param changed told (before, after) when a reload finds a different policy
	 */
	LivePolicy(PolicyFiles files, String configured, Consumer<String> problems, BiConsumer<Policy, Policy> changed) {
		this.files = files;
		this.configured = configured;
		this.problems = problems;
		this.changed = changed;
		this.read = load();
	}

	/** The policy the files say now: one stat, and a reload only when the user's file changed. */
	Policy current() {
		Read seen = read;
		return files.stamp().equals(seen.stamp()) ? seen.policy() : reload(false);
	}

	/**
	 * The policy as last read, without a look at the file: for questions a grant cannot change
	 * (which services are guarded), asked far more often than any grant is.
	 */
	Policy lastRead() {
		return read.policy();
	}

	/** Takes a new Config Admin layer (or null) and reloads. */
	Policy configure(String layer) {
		configured = layer;
		return reload(true);
	}

	String configured() {
		return configured;
	}

	private synchronized Policy reload(boolean always) {
		Read before = read;
		if (!always && files.stamp().equals(before.stamp())) {
			return before.policy(); // another thread reloaded meanwhile
		}
		read = load();
		Policy after = read.policy();
		if (!after.equals(before.policy())) {
			changed.accept(before.policy(), after);
		}
		return after;
	}

	private Read load() {
		// The stamp first: a change made while the layers are read shows at the next look, and is
		// read again then, rather than a new file being taken for the old one.
		LockedFile.Stamp stamp = files.stamp();
		PolicyFiles.Loaded loaded = files.load(configured);
		loaded.problems().forEach(problems);
		return new Read(loaded.policy(), stamp);
	}
}
