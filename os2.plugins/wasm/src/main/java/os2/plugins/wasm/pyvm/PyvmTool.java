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

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.plugins.wasm.GuestInterrupt;
import os2.plugins.wasm.WriteBudget;

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

	/** Session interpreters kept in memory at once (~30 MB each); the others wait in files. */
	private static final int RESIDENT = 4;

	private final PythonRuntime runtime;
	private final Checkpoints checkpoints;
	private final SessionInterpreters sessions;

	@Activate
	public PyvmTool(@Reference Os2Environment environment) {
		Path data = environment.toolData(BUNDLE).resolve("pyvm");
		this.runtime = new PythonRuntime(data.resolve("scratch"));
		byte[] key = CheckpointKey.in(data.resolve("state"));
		this.checkpoints = new Checkpoints(data.resolve("checkpoints"), key);
		this.sessions = new SessionInterpreters(runtime, data.resolve("sessions"), RESIDENT, key);
	}

	@Deactivate
	void close() {
		sessions.close();
	}

	@Override
	public ToolDescription description() {
		Parameter checkpoint = Parameter.one("NAME", Type.TEXT, "the checkpoint's name");
		return ToolDescription.of(NAME, "CPython 3.13 in the WebAssembly sidecar: deterministic, the workspace only, with checkpoints",
				List.of(),
				Form.sub("run", Parameter.one("SCRIPT", Type.TEXT, "a .py file in the workspace, run in a fresh interpreter"),
						Parameter.rest("ARGS", "the script's arguments")),
				Form.sub("exec", Parameter.rest("CODE", "code for this session's interpreter (none: the input)")),
				Form.sub("reset"),
				Form.sub("checkpoint", checkpoint).with(Option.flag("--replace", "replace a checkpoint of that name")),
				Form.sub("restore", checkpoint),
				Form.sub("checkpoints").as(CommandClass.READ_ONLY)).readingInput();
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		return switch (arguments.subcommand()) {
			case "run" -> run(invocation, arguments.parameter("SCRIPT").orElseThrow(), arguments.parameters("ARGS"), output);
			case "exec" -> exec(invocation, arguments.parameters("CODE"), output);
			case "reset" -> reset(invocation, output);
			case "checkpoint" -> checkpoint(invocation, arguments.parameter("NAME").orElseThrow(), arguments.flag("--replace"),
					output);
			case "restore" -> restore(invocation, arguments.parameter("NAME").orElseThrow(), output);
			default -> list(output);
		};
	}

	private RunResult run(Invocation invocation, String scriptName, List<String> arguments, Output output)
			throws InterruptedException {
		String script = workspaceScript(invocation.workspace(), scriptName);
		output.note(record("run", "fresh", Map.of("script", script, "arguments", arguments)));
		WriteBudget files = files(invocation, output);
		try (Interpreter interpreter = runtime.fresh(invocation.workspace());
				GuestInterrupt stopping = GuestInterrupt.whenCancelled(invocation.cancellation())) {
			return files.ended(interpreter.run(script, arguments, output, files));
		}
	}

	private RunResult exec(Invocation invocation, List<String> arguments, Output output) throws InterruptedException {
		String code = arguments.isEmpty() ? readAll(invocation) : String.join(" ", arguments);
		output.note(record("exec", "session", Map.of("code", code)));
		WriteBudget files = files(invocation, output);
		return files.ended(sessions.use(invocation.session().id(), invocation.workspace(), interpreter -> {
			try (GuestInterrupt stopping = GuestInterrupt.whenCancelled(invocation.cancellation())) {
				return interpreter.exec(code, output, files);
			}
		}));
	}

	/** What the guest may write to the workspace's files in this run: the budget's file-size, as for wasm. */
	private static WriteBudget files(Invocation invocation, Output output) {
		return new WriteBudget(invocation.budget().fileBytes(), NAME + ": the interpreter", output);
	}

	private RunResult reset(Invocation invocation, Output output) {
		sessions.forget(invocation.session().id());
		output.note(record("reset", "session", Map.of()));
		output.stdout("pyvm: this session's interpreter starts afresh at its next exec\n");
		return RunResult.exited(0);
	}

	private RunResult checkpoint(Invocation invocation, String given, boolean replace, Output output)
			throws InterruptedException {
		String name = Checkpoints.checkedName(given);
		InterpreterState state = sessions.use(invocation.session().id(), invocation.workspace(), Interpreter::state);
		CheckpointFile.Facts saved = checkpoints.save(name, state, replace);
		output.note(record("checkpoint", "session", facts(name, saved)));
		output.stdout("pyvm: checkpoint " + name + " saved (" + megabytes(saved.bytes()) + ", sha256 "
				+ saved.sha256().substring(0, 12) + ")\n");
		return RunResult.exited(0);
	}

	private RunResult restore(Invocation invocation, String name, Output output) {
		CheckpointFile.Loaded loaded = checkpoints.load(name);
		sessions.replace(invocation.session().id(), runtime.resume(loaded.state(), invocation.workspace()));
		output.note(record("restore", "session", facts(name, loaded.facts())));
		output.stdout("pyvm: this session's interpreter is checkpoint " + name + " again (sha256 "
				+ loaded.facts().sha256().substring(0, 12) + ")\n");
		return RunResult.exited(0);
	}

	private RunResult list(Output output) {
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
