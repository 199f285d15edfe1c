package os2.plugins.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.Sandbox;

/**
 * What the three python tools share: the interpreter, the venvs, and running a venv's python in
 * the sandbox with every run's record — the interpreter and its version, the venv, the
 * environment given, and the workspace's state before and after (with the paths that changed).
 */
final class PythonRuns {

	static final String BUNDLE = "os2.plugins.python";

	private final Sandbox sandbox;
	private final PythonSettings.Cached settings;
	private final SupportFiles support;
	private final VirtualEnvironments venvs;
	private final Path pipCaches;
	private final Path runDirectories;

	/**
	 * The tools' directory, {@code $OS2_HOME/tools/os2.plugins.python}: {@code support/} (bound
	 * read-only), {@code venvs/} (one bound per run), {@code cache/pip/workspaces/} (one per workspace,
	 * bound to its pip runs), {@code runs/} (a pip run's own directory for its report, removed after),
	 * and {@code state/}, OS2's facts about the venvs, which no sandbox ever has bound.
	 */
	PythonRuns(Sandbox sandbox, Os2Environment environment) {
		this.sandbox = sandbox;
		this.settings = new PythonSettings.Cached(environment.home().resolve("etc").resolve(PythonSettings.FILE));
		Path data = environment.toolData(BUNDLE);
		this.support = SupportFiles.in(data.resolve("support"));
		this.venvs = new VirtualEnvironments(data.resolve("venvs"), data.resolve("state").resolve("venvs"), support);
		this.pipCaches = data.resolve("cache").resolve("pip").resolve("workspaces");
		this.runDirectories = data.resolve("runs");
	}

	/** The administrator's settings as they are now: a change applies at the next run. */
	PythonSettings settings() {
		return settings.get();
	}

	SupportFiles support() {
		return support;
	}

	VirtualEnvironments venvs() {
		return venvs;
	}

	/**
	 * pip's cache for the workspace's runs: its own, so a wheel one workspace's programs plant in it
	 * is never installed into another's (the cost: each workspace downloads and builds for itself).
	 */
	Path pipCache(Invocation invocation) {
		return pipCaches.resolve(venvs.directoryFor("workspaces", workspaceKey(invocation)).getFileName());
	}

	/** A new directory of the tools' own for one run's files (pip's report), to be removed after it. */
	Path runDirectory(Invocation invocation) {
		try {
			Files.createDirectories(runDirectories);
			return Files.createTempDirectory(runDirectories, invocation.runId() + "-");
		} catch (IOException e) {
			throw new KernelException("python: cannot create a directory in " + runDirectories + ": " + e.getMessage(), e);
		}
	}

	private static String workspaceKey(Invocation invocation) {
		return invocation.workspace().toAbsolutePath().normalize().toString();
	}

	/** The host interpreter venvs are made from, found anew each time (PATH or configuration may change). */
	Path interpreter() {
		return InterpreterLocator.locate(settings().python(), System.getenv("PATH"));
	}

	/** The workspace's venv, made on first use. */
	Venv workspaceVenv(Invocation invocation, Output output) throws InterruptedException {
		String workspace = workspaceKey(invocation);
		return venvs.ready(venvs.directoryFor("workspaces", workspace), "workspace " + workspace, this::interpreter,
				sandbox, invocation, output);
	}

	/**
	 * A venv of its own for a pyx requirement in this workspace (the interpreter is part of its
	 * identity), made on first use: a venv the programs of one workspace can write is never another's.
	 */
	Venv requirementVenv(String requirement, Invocation invocation, Output output) throws InterruptedException {
		Path interpreter = interpreter();
		String workspace = workspaceKey(invocation);
		return venvs.ready(venvs.directoryFor("pyx", requirement + " " + interpreter + " " + workspace),
				"requirement " + requirement + " for workspace " + workspace, () -> interpreter, sandbox, invocation, output);
	}

	/** Runs the venv's python in the sandbox, with the run's record. */
	ProcessOutcome run(Invocation invocation, Output output, Venv venv, PythonCall call) throws InterruptedException {
		Map<String, String> environment = environment(invocation, venv, call);
		Path base = venv.base(); // as OS2 recorded it: nothing in the venv decides what is bound
		ProcessSpec.Builder spec = ProcessSpec.builder(invocation.workspace(), venv.python().toString())
				.arguments(call.arguments())
				.readOnly(InterpreterLocator.prefixOf(base))
				.readOnly(support.directory())
				.environment(environment)
				.stdin(invocation.stdin())
				.limits(invocation.budget())
				.network(call.network());
		if (call.venvWritable()) {
			spec.writable(venv.directory());
		} else {
			spec.readOnly(venv.directory());
		}
		call.readOnly().forEach(spec::readOnly);
		call.writable().forEach(spec::writable);

		WorkspaceState before = WorkspaceState.of(invocation.workspace());
		Map<String, Object> start = new LinkedHashMap<>();
		start.put("interpreter", base.toString());
		start.put("python-version", venv.version());
		start.put("venv", venv.directory().toString());
		start.put("command", call.arguments());
		start.put("environment", environment);
		start.put("network", call.network());
		start.put("workspace-before", before.hash());
		output.note(start);

		ProcessOutcome outcome = sandbox.run(spec.build(), output);

		WorkspaceState after = WorkspaceState.of(invocation.workspace());
		List<String> changes = after.changesSince(before);
		Map<String, Object> end = new LinkedHashMap<>();
		end.put("workspace-after", after.hash());
		end.put("workspace-complete", before.complete() && after.complete());
		end.put("changed", changes.subList(0, Math.min(changes.size(), WorkspaceState.MAX_CHANGES)));
		end.put("changed-count", (long) changes.size());
		output.note(end);
		return outcome;
	}

	private Map<String, String> environment(Invocation invocation, Venv venv, PythonCall call) {
		Map<String, String> environment = new LinkedHashMap<>();
		// output as it is written, not when a buffer fills or the program ends
		environment.put("PYTHONUNBUFFERED", "1");
		environment.put("VIRTUAL_ENV", venv.directory().toString());
		environment.put("PATH", venv.bin() + ":/usr/local/bin:/usr/bin:/bin");
		environment.putAll(call.environment());
		if (invocation.deterministic()) {
			environment.putAll(DeterministicMode.environment(invocation.environment(), support));
		}
		environment.putAll(invocation.environment());
		return environment;
	}
}
