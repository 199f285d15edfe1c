package os2.kernel.internal.runs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Grants;
import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Session;
import os2.kernel.api.Sessions;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;

/**
 * The sessions of this OS2 process. Opening and closing one is recorded ({@code session}
 * entries with its owner, workspace and seed), so a replay starts from the same seed.
 */
@Component(service = {Sessions.class, SessionRegistry.class})
public final class SessionRegistry implements Sessions {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Os2Environment environment;
	private final Ledger ledger;
	private final Map<String, KernelSession> open = new ConcurrentHashMap<>();

	private final Grants grants;

	@Activate
	/** @param unclosed referenced so that sessions are marked open until they are closed here */
	public SessionRegistry(@Reference Os2Environment environment, @Reference Ledger ledger, @Reference Grants grants,
			@Reference UnclosedRuns unclosed) {
		this.environment = environment;
		this.ledger = ledger;
		this.grants = grants;
	}

	@Override
	public Session open(String owner, Path workspace) {
		Path where = (workspace == null ? environment.workspace() : workspace).toAbsolutePath().normalize();
		if (!Files.isDirectory(where)) {
			throw new KernelException("the workspace " + where + " is not a directory; create it or choose another");
		}
		String id = "s-" + HexFormat.of().toHexDigits(RANDOM.nextLong()).substring(4);
		KernelSession session = new KernelSession(id, where, owner, Instant.now(), RANDOM.nextLong(), grants);
		open.put(id, session);
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("event", "start");
		payload.put("owner", owner);
		payload.put("workspace", where.toString());
		payload.put("seed", session.seed());
		payload.put("user", System.getProperty("user.name", ""));
		payload.put("pid", ProcessHandle.current().pid());
		// pid and start time: a pid alone is soon another process's (UnclosedRuns finds a dead one's sessions by it)
		payload.put("process", ProcessMarkers.self());
		ledger.appendAsync(new EntryDraft(Kinds.SESSION, id, "", 0, payload));
		return session;
	}

	@Override
	public Optional<Session> find(String id) {
		return Optional.ofNullable(open.get(id));
	}

	KernelSession get(String id) {
		KernelSession session = open.get(id);
		if (session == null) {
			throw new KernelException("there is no open session '" + id + "'; 'session list' shows the open ones");
		}
		return session;
	}

	@Override
	public List<Session> list() {
		List<Session> all = new ArrayList<>(open.values());
		all.sort((a, b) -> a.created().compareTo(b.created()));
		return all;
	}

	@Override
	public void close(String id, int status) {
		end(id, status, "");
	}

	/** Sessions nobody closed (opened with 'session new', say) end with the kernel, on record. */
	@Deactivate
	void deactivate() {
		for (String id : List.copyOf(open.keySet())) {
			end(id, -1, "the OS2 process ended");
		}
	}

	private void end(String id, int status, String reason) {
		KernelSession session = open.remove(id);
		if (session != null) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("event", "end");
			payload.put("status", status);
			payload.put("user", System.getProperty("user.name", ""));
			if (!reason.isEmpty()) {
				payload.put("reason", reason);
			}
			ledger.append(new EntryDraft(Kinds.SESSION, id, "", session.clock(), payload));
		}
	}
}
