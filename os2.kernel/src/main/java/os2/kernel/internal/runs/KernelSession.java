package os2.kernel.internal.runs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import os2.kernel.api.Grants;
import os2.kernel.api.Session;

/** A session as the kernel keeps it: fixed facts, and a clock that moves with its events. */
final class KernelSession implements Session {

	private final String id;
	private final Path workspace;
	private final String owner;
	private final Instant created;
	private final long seed;
	private final AtomicLong clock = new AtomicLong();
	private final AtomicLong runs = new AtomicLong();
	private final Grants grants;

	KernelSession(String id, Path workspace, String owner, Instant created, long seed, Grants grants) {
		this.id = id;
		this.workspace = workspace;
		this.owner = owner;
		this.created = created;
		this.seed = seed;
		this.grants = grants;
	}

	@Override
	public Map<String, List<String>> grants() {
		return grants.all();
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public Path workspace() {
		return workspace;
	}

	@Override
	public String owner() {
		return owner;
	}

	@Override
	public Instant created() {
		return created;
	}

	@Override
	public long seed() {
		return seed;
	}

	@Override
	public long clock() {
		return clock.get();
	}

	/** The session saw an event at logical time {@code lamport}. */
	void witness(long lamport) {
		clock.accumulateAndGet(lamport, Math::max);
	}

	/** The id of the session's next run: {@code r-<session>-<n>}, counting from 1. */
	String nextRunId() {
		return "r-" + id.substring(2) + "-" + runs.incrementAndGet();
	}
}
