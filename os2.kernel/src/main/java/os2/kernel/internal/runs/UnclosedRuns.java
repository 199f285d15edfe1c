package os2.kernel.internal.runs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import os2.kernel.api.Os2Environment;
import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Query;

/**
 * Every {@code run-start} gets its {@code run-end}, and every session its end, even when the OS2
 * process that ran them was killed or crashed. While this process runs it is marked alive
 * ({@link ProcessMarkers}); when it starts, it closes on record what processes that died left
 * open: a {@code run-end} ended by {@code crash} for each run, a session end for each session.
 * A long-lived process (the daemon) looks again every few seconds, since other OS2 processes of
 * the home (a {@code -c} run in a process of its own) may be killed while it runs. It also keeps
 * the runs of this process that are under way, so that a process ending with one still open leaves
 * its marker for the next to find.
 */
@Component(service = UnclosedRuns.class)
public final class UnclosedRuns {

	static final String ENDED_BY_CRASH = "crash";
	private static final int PAGE = 10_000;
	private static final long LOOK_AGAIN_SECONDS = 5;

	private final Ledger ledger;
	private final ProcessMarkers markers;
	private final Path marker;
	private final Set<String> underWay = ConcurrentHashMap.newKeySet();
	private final Logger log;
	private final ScheduledExecutorService lookingAgain = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().name("os2-unclosed-runs").daemon(true).factory());

	@Activate
	public UnclosedRuns(@Reference Ledger ledger, @Reference Os2Environment environment,
			@Reference(service = LoggerFactory.class) Logger log) {
		this.ledger = ledger;
		this.markers = new ProcessMarkers(environment.home().resolve("run").resolve("kernels"));
		this.log = log;
		this.marker = markers.mark(sizeOrZero(ledger, log));
		closeWhatDeadProcessesLeftOpen();
		lookingAgain.scheduleWithFixedDelay(this::closeWhatDeadProcessesLeftOpen, LOOK_AGAIN_SECONDS, LOOK_AGAIN_SECONDS,
				TimeUnit.SECONDS);
	}

	/**
	 * The ledger's size now, where a later look for this process's open runs starts; 0 (the start)
	 * when the ledger cannot be read now (every use of it says why), so none can be missed.
	 */
	private static long sizeOrZero(Ledger ledger, Logger log) {
		try {
			return ledger.head().size();
		} catch (LedgerException unreadable) {
			log.warn("cannot read the ledger's size: {}", unreadable.getMessage());
			return 0;
		}
	}

	private synchronized void closeWhatDeadProcessesLeftOpen() {
		try {
			for (ProcessMarkers.Dead dead : markers.claimDead()) {
				closeFor(dead);
			}
		} catch (RuntimeException unreadable) { // a thread boundary: said, and tried again at the next look
			log.warn("cannot look for what dead OS2 processes left open: {}", unreadable.getMessage());
		}
	}

	private void closeFor(ProcessMarkers.Dead dead) {
		try {
			int closed = closeWhatWasLeftOpen(dead);
			markers.remove(dead);
			if (closed > 0) {
				log.info("closed {} runs and sessions left open by OS2 process {}, which ended without closing them",
						closed, dead.pid());
			}
		} catch (LedgerException cannotRecord) { // its marker stays claimed: tried again by the next process to start
			log.warn("cannot yet close what OS2 process {} left open: {}", dead.pid(), cannotRecord.getMessage());
		}
	}

	/** A run of this process started (its {@code run-start} is durable). */
	void started(String run) {
		underWay.add(run);
	}

	/** A run of this process ended (its {@code run-end} is appended). */
	void ended(String run) {
		underWay.remove(run);
	}

	@Deactivate
	void deactivate() {
		lookingAgain.shutdownNow();
		if (underWay.isEmpty()) {
			markers.unmark(marker); // a run still open is closed by the next process, which finds the marker
		}
	}

	/** @return how many runs and sessions were closed */
	private int closeWhatWasLeftOpen(ProcessMarkers.Dead dead) {
		Map<String, Long> sessions = new LinkedHashMap<>(); // open session -> its last Lamport time
		Map<String, Entry> runs = new LinkedHashMap<>(); // open run -> its start
		for (long from = dead.ledgerSize();;) {
			List<Entry> page = ledger.query(Query.all(from, PAGE));
			for (Entry entry : page) {
				follow(entry, dead.process(), sessions, runs);
			}
			if (page.size() < PAGE) {
				break;
			}
			from = page.getLast().index() + 1;
		}
		int closed = 0;
		for (Entry start : runs.values()) {
			ledger.append(new EntryDraft(Kinds.RUN_END, start.session(), start.run(), start.lamport(), crashEnd(dead.pid())));
			closed++;
		}
		for (Map.Entry<String, Long> session : sessions.entrySet()) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("event", "end");
			payload.put("status", -1L);
			payload.put("reason", "the OS2 process (pid " + dead.pid() + ") ended without closing the session (killed or crashed)");
			ledger.append(new EntryDraft(Kinds.SESSION, session.getKey(), "", session.getValue(), payload));
			closed++;
		}
		return closed;
	}

	/** Keeps the sessions the dead process opened and their runs, and drops what was closed. */
	private static void follow(Entry entry, String process, Map<String, Long> sessions, Map<String, Entry> runs) {
		if (entry.kind().equals(Kinds.SESSION)) {
			Object event = entry.payload().get("event");
			if ("start".equals(event) && process.equals(entry.payload().get("process"))) {
				sessions.put(entry.session(), entry.lamport());
			} else if ("end".equals(event)) {
				sessions.remove(entry.session());
			}
		} else if (entry.kind().equals(Kinds.RUN_START) && sessions.containsKey(entry.session())) {
			runs.put(entry.run(), entry);
			sessions.merge(entry.session(), entry.lamport(), Math::max);
		} else if (entry.kind().equals(Kinds.RUN_END)) {
			runs.remove(entry.run());
		}
	}

	private static Map<String, Object> crashEnd(long pid) {
		Map<String, Object> payload = new HashMap<>();
		payload.put("status", -1L);
		payload.put("ended-by", ENDED_BY_CRASH);
		payload.put("reason", "the OS2 process (pid " + pid + ") ended during the run (killed or crashed); closed when"
				+ " OS2 next started");
		return payload;
	}
}
