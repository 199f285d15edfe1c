package os2.plugins.wasm.pyvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Each session's persistent interpreter ({@code pyvm exec}). At most {@code resident} of them
 * stay in memory (each holds ~30 MB); the one used longest ago is written to a file and resumed
 * from it when its session comes back, so no session loses its variables. Sessions do not outlive
 * the process, so those files are removed when this starts and when it closes.
 */
final class SessionInterpreters implements AutoCloseable {

	private final PythonRuntime runtime;
	private final Path spilled;
	private final int resident;
	private final byte[] key;
	private final LinkedHashMap<String, Interpreter> interpreters = new LinkedHashMap<>(16, 0.75f, true);
	private final Set<String> inUse = new HashSet<>();

	/** @param key sealing the interpreters spilled to files ({@link CheckpointKey}) */
	SessionInterpreters(PythonRuntime runtime, Path spilled, int resident, byte[] key) {
		this.runtime = runtime;
		this.spilled = spilled;
		this.resident = resident;
		this.key = key.clone();
		clearSpilled();
	}

	/** What is done with a session's interpreter. */
	interface Use<T> {
		T with(Interpreter interpreter) throws InterruptedException;
	}

	/**
	 * Runs {@code use} with the session's interpreter (see {@link #of}), which is not put aside
	 * meanwhile; an interpreter the use leaves broken is dropped, so the next call starts afresh.
	 */
	<T> T use(String session, Path workspace, Use<T> use) throws InterruptedException {
		Interpreter interpreter;
		synchronized (this) {
			interpreter = of(session, workspace);
			inUse.add(session);
		}
		try {
			return use.with(interpreter);
		} finally {
			synchronized (this) {
				inUse.remove(session);
				if (interpreter.broken() && interpreters.get(session) == interpreter) {
					forget(session);
				}
			}
		}
	}

	/** The session's interpreter: the one it has, or one resumed from its file, or a fresh one. */
	private Interpreter of(String session, Path workspace) {
		Interpreter interpreter = interpreters.get(session);
		if (interpreter == null) {
			Path file = spilledFile(session);
			if (Files.exists(file)) {
				interpreter = runtime.resume(read(file, session), workspace);
				delete(file);
			} else {
				interpreter = runtime.fresh(workspace);
			}
			put(session, interpreter);
		}
		return interpreter;
	}

	/** Gives the session {@code interpreter} (a restored one) instead of the one it had. */
	synchronized void replace(String session, Interpreter interpreter) {
		forget(session);
		put(session, interpreter);
	}

	/** The session starts over: its next call gets a fresh interpreter. */
	synchronized void forget(String session) {
		Interpreter old = interpreters.remove(session);
		if (old != null) {
			old.close();
		}
		delete(spilledFile(session));
	}

	private void put(String session, Interpreter interpreter) {
		interpreters.put(session, interpreter);
		Iterator<Map.Entry<String, Interpreter>> eldest = interpreters.entrySet().iterator();
		while (interpreters.size() > resident && eldest.hasNext()) {
			Map.Entry<String, Interpreter> entry = eldest.next();
			if (entry.getValue() != interpreter && !inUse.contains(entry.getKey())) {
				spill(entry.getKey(), entry.getValue());
				eldest.remove();
			}
		}
	}

	private void spill(String session, Interpreter interpreter) {
		try {
			Files.createDirectories(spilled);
			CheckpointFile.write(spilledFile(session), interpreter.state(), key);
		} catch (IOException e) {
			throw new UncheckedIOException("pyvm: cannot put session " + session + "'s interpreter aside in " + spilled, e);
		} finally {
			interpreter.close();
		}
	}

	private InterpreterState read(Path file, String session) {
		try {
			return CheckpointFile.read(file, "of session " + session, key).state();
		} catch (IOException e) {
			throw new UncheckedIOException("pyvm: cannot read back session " + session + "'s interpreter", e);
		}
	}

	private Path spilledFile(String session) {
		return spilled.resolve(session.replaceAll("[^A-Za-z0-9_-]", "_") + ".pyvm");
	}

	private void clearSpilled() {
		if (!Files.isDirectory(spilled)) {
			return;
		}
		try (Stream<Path> files = Files.list(spilled)) {
			files.forEach(SessionInterpreters::delete);
		} catch (IOException e) {
			// leftovers of an earlier process are only disk space; they are never read
		}
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		} catch (IOException e) {
			// a leftover is never read: a session id is not used twice
		}
	}

	@Override
	public synchronized void close() {
		interpreters.values().forEach(Interpreter::close);
		interpreters.clear();
		clearSpilled();
	}
}
