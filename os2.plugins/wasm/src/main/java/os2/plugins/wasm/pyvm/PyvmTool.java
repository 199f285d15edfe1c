package os2.plugins.wasm.pyvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.kernel.api.UsageError;
import os2.plugins.wasm.GuestInterrupt;

/**
 * {@code pyvm}: CPython 3.13 in the WebAssembly sidecar. {@code run} gives a script a fresh
 * interpreter; {@code exec} runs code in the session's persistent one; {@code reset} starts that
 * one over; {@code checkpoint}, {@code restore} and {@code checkpoints} keep and bring back its
 * whole state, across restarts. The guest has the workspace (as its working directory) and nothing
 * else: no other files, no network, no processes, a virtual clock and seeded randomness, so the
 * same session replayed prints the same bytes. Every call puts what it did on record.
 */
@Component(property = Tool.NAME_PROPERTY + "=" + PyvmTool.NAME)
public final class PyvmTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "pyvm";

	static final String BUNDLE = "os2.plugins.wasm";

	static final String USAGE = "pyvm run SCRIPT.py [ARGS...] | pyvm exec CODE | pyvm reset"
			+ " | pyvm checkpoint [--replace] NAME | pyvm restore NAME | pyvm checkpoints";

	/** Session interpreters kept in memory at once (~30 MB each); the others wait in files. */
	private static final int RESIDENT = 4;

	private final PythonRuntime runtime;
	private final Checkpoints checkpoints;
	private final SessionInterpreters sessions;

	@Activate
	public PyvmTool(@Reference Os2Environment environment) {
		Path data = environment.toolData(BUNDLE).resolve("pyvm");
		this.runtime = new PythonRuntime(data.resolve("scratch"));
		this.checkpoints = new Checkpoints(data.resolve("checkpoints"));
		this.sessions = new SessionInterpreters(runtime, data.resolve("sessions"), RESIDENT);
	}

	@Deactivate
	void close() {
		sessions.close();
	}

	@Override
	public ToolDescription description() {
		return new ToolDescription(NAME,
				"CPython 3.13 in the WebAssembly sidecar: deterministic, the workspace only, with checkpoints", USAGE, List.of());
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		List<String> arguments = invocation.arguments();
		if (arguments.isEmpty()) {
			throw new UsageError("usage: " + USAGE);
		}
		List<String> rest = arguments.subList(1, arguments.size());
		return switch (arguments.getFirst()) {
			case "run" -> run(invocation, rest, output);
			case "exec" -> exec(invocation, rest, output);
			case "reset" -> reset(invocation, rest, output);
			case "checkpoint" -> checkpoint(invocation, rest, output);
			case "restore" -> restore(invocation, rest, output);
			case "checkpoints" -> list(rest, output);
			default -> throw new UsageError("pyvm: there is no subcommand '" + arguments.getFirst() + "'; usage: " + USAGE);
		};
	}

	private RunResult run(Invocation invocation, List<String> arguments, Output output) throws InterruptedException {
		if (arguments.isEmpty()) {
			throw new UsageError("usage: pyvm run SCRIPT.py [ARGS...]");
		}
		String script = workspaceScript(invocation.workspace(), arguments.getFirst());
		output.note(record("run", "fresh", Map.of("script", script, "arguments", arguments.subList(1, arguments.size()))));
		try (Interpreter interpreter = runtime.fresh(invocation.workspace());
				GuestInterrupt stopping = GuestInterrupt.whenCancelled(invocation.cancellation())) {
			return RunResult.exited(interpreter.run(script, arguments.subList(1, arguments.size()), output));
		}
	}

	private RunResult exec(Invocation invocation, List<String> arguments, Output output) throws InterruptedException {
		String code = arguments.isEmpty() ? readAll(invocation) : String.join(" ", arguments);
		output.note(record("exec", "session", Map.of("code", code)));
		return RunResult.exited(sessions.use(invocation.session().id(), invocation.workspace(), interpreter -> {
			try (GuestInterrupt stopping = GuestInterrupt.whenCancelled(invocation.cancellation())) {
				return interpreter.exec(code, output);
			}
		}));
	}

	private RunResult reset(Invocation invocation, List<String> arguments, Output output) {
		noArguments("reset", arguments);
		sessions.forget(invocation.session().id());
		output.note(record("reset", "session", Map.of()));
		output.stdout("pyvm: this session's interpreter starts afresh at its next exec\n");
		return RunResult.exited(0);
	}

	private RunResult checkpoint(Invocation invocation, List<String> arguments, Output output) throws InterruptedException {
		boolean replace = !arguments.isEmpty() && arguments.getFirst().equals("--replace");
		List<String> names = replace ? arguments.subList(1, arguments.size()) : arguments;
		if (names.size() != 1) {
			throw new UsageError("usage: pyvm checkpoint [--replace] NAME");
		}
		String name = Checkpoints.checkedName(names.getFirst());
		InterpreterState state = sessions.use(invocation.session().id(), invocation.workspace(), Interpreter::state);
		CheckpointFile.Facts saved = checkpoints.save(name, state, replace);
		output.note(record("checkpoint", "session", facts(name, saved)));
		output.stdout("pyvm: checkpoint " + name + " saved (" + megabytes(saved.bytes()) + ", sha256 "
				+ saved.sha256().substring(0, 12) + ")\n");
		return RunResult.exited(0);
	}

	private RunResult restore(Invocation invocation, List<String> arguments, Output output) {
		if (arguments.size() != 1) {
			throw new UsageError("usage: pyvm restore NAME");
		}
		String name = arguments.getFirst();
		CheckpointFile.Loaded loaded = checkpoints.load(name);
		sessions.replace(invocation.session().id(), runtime.resume(loaded.state(), invocation.workspace()));
		output.note(record("restore", "session", facts(name, loaded.facts())));
		output.stdout("pyvm: this session's interpreter is checkpoint " + name + " again (sha256 "
				+ loaded.facts().sha256().substring(0, 12) + ")\n");
		return RunResult.exited(0);
	}

	private RunResult list(List<String> arguments, Output output) {
		noArguments("checkpoints", arguments);
		List<Checkpoints.Listed> listed = checkpoints.list();
		if (listed.isEmpty()) {
			output.stdout("no checkpoints yet; pyvm checkpoint NAME saves this session's interpreter\n");
		}
		for (Checkpoints.Listed checkpoint : listed) {
			output.stdout(String.format("%-24s %9s  %s%n", checkpoint.name(), megabytes(checkpoint.bytes()),
					checkpoint.saved().toInstant().truncatedTo(ChronoUnit.SECONDS)));
		}
		return RunResult.exited(0);
	}

	/** The script as the guest names it: relative to the workspace, which it must be in. */
	private static String workspaceScript(Path workspace, String name) {
		Path root = workspace.toAbsolutePath().normalize();
		Path script = root.resolve(name).normalize();
		if (!script.startsWith(root)) {
			throw new KernelException("pyvm: " + name + " is outside the workspace; the interpreter sees only " + root);
		}
		if (!Files.isRegularFile(script)) {
			throw new KernelException("pyvm: there is no " + name + " in the workspace " + root);
		}
		return root.relativize(script).toString();
	}

	private static String readAll(Invocation invocation) {
		try {
			return new String(invocation.stdin().readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException("pyvm exec: cannot read the code from stdin", e);
		}
	}

	private static void noArguments(String subcommand, List<String> arguments) {
		if (!arguments.isEmpty()) {
			throw new UsageError("pyvm " + subcommand + " takes no arguments, not '" + String.join(" ", arguments) + "'");
		}
	}

	private static Map<String, Object> record(String subcommand, String interpreter, Map<String, Object> more) {
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("pyvm", subcommand);
		record.put("interpreter", interpreter);
		record.put("runtime", PythonRuntime.INTERPRETER);
		record.put("deterministic", true);
		record.putAll(more);
		return record;
	}

	private Map<String, Object> facts(String name, CheckpointFile.Facts facts) {
		return Map.of("checkpoint", name, "file", checkpoints.file(name).toString(), "bytes", facts.bytes(), "sha256",
				facts.sha256());
	}

	private static String megabytes(long bytes) {
		return String.format("%.1f MB", bytes / 1e6);
	}
}
