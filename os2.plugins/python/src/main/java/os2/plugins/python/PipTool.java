package os2.plugins.python;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.RunResult;
import os2.kernel.api.Sandbox;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * {@code pip ARGS...}: the real pip of the workspace's venv ({@code python -m pip}), every
 * subcommand and option passed through, its progress streamed. The venv and pip's cache are the
 * places it may write besides the workspace; it gets the network only when the command needs an
 * index that is not local (see {@link PipNetwork}), which takes a {@code net} grant. An install
 * puts its resolved set on record (see {@link PipReport}).
 */
// its effects all go through the sandbox, which holds its process back until the run is on record
@Component(property = {Tool.NAME_PROPERTY + "=" + PipTool.NAME, Tool.EFFECTS_PROPERTY + "=" + Tool.EFFECTS_IN_SANDBOX})
public final class PipTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "pip";

	private final PythonRuns runs;

	@Activate
	public PipTool(@Reference Sandbox sandbox, @Reference Os2Environment environment) {
		this.runs = new PythonRuns(sandbox, environment);
	}

	@Override
	public ToolDescription description() {
		Parameter pipArguments = Parameter.rest("PIP-ARGS", "pip's own arguments (pip help COMMAND explains them)");
		return ToolDescription.of(NAME, "the workspace venv's pip, in the sandbox (an index that is not local needs a net grant)",
				List.of("service:os2.kernel.api.Sandbox:get", "proc:python", "net:HOST (for a remote index)"),
				Form.sub("install", pipArguments), Form.sub("uninstall", pipArguments), Form.sub("download", pipArguments),
				Form.sub("list", pipArguments).as(CommandClass.READ_ONLY), Form.sub("show", pipArguments).as(CommandClass.READ_ONLY),
				Form.sub("freeze", pipArguments).as(CommandClass.READ_ONLY), Form.sub("check", pipArguments).as(CommandClass.READ_ONLY),
				Form.of(Parameter.rest("PIP-COMMAND", "any other pip command and its arguments")));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		Venv venv = runs.workspaceVenv(invocation, output);
		return PipCommand.of(invocation, venv, runs, invocation.arguments()).run(runs, invocation, output, venv).toRunResult();
	}

	/**
	 * A pip command line made ready to run: pip's own settings, the workspace's own pip cache, and
	 * for an install a directory of the run's own for pip's report (bound writable, removed after).
	 * pip runs through {@code run_pip.py}, not {@code -m pip}, so the workspace is not first on
	 * {@code sys.path} (a workspace {@code pip/} would run instead).
	 *
	 * @param runDirectory where pip writes its report; null when it writes none
	 */
	record PipCommand(PythonCall call, Path runDirectory) {

		static final String REPORT = "report.json";

		/**
		 * The run's environment variable that pins an install to versions ({@code name==version},
		 * separated by spaces): {@code replay --verify} gives an install again what it resolved then,
		 * as pip constraints, and checks the hashes of what it gets against the record.
		 */
		static final String PINNED = "OS2_PIP_PINNED";

		/** The pins as a constraints file in the run's own directory, which pip reads in the sandbox. */
		private static Path constraints(Path runDirectory, String pins) {
			StringBuilder lines = new StringBuilder();
			for (String pin : pins.trim().split("\\s+")) {
				if (!pin.matches("[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9][A-Za-z0-9.+!_-]*")) {
					throw new KernelException("pip: " + PINNED + " takes NAME==VERSION pins separated by spaces, not '" + pin + "'");
				}
				lines.append(pin).append('\n');
			}
			Path file = runDirectory.resolve("pinned.txt");
			try {
				Files.writeString(file, lines);
			} catch (IOException e) {
				throw new KernelException("pip: cannot write the pins to " + file + ": " + e.getMessage(), e);
			}
			return file;
		}

		/** Runs pip in the sandbox, puts what it installed on record, and removes the run's directory. */
		ProcessOutcome run(PythonRuns runs, Invocation invocation, Output output, Venv venv) throws InterruptedException {
			try {
				ProcessOutcome outcome = runs.run(invocation, output, venv, call());
				recordInstalled(output, venv);
				return outcome;
			} finally {
				removeRunDirectory();
			}
		}

		static PipCommand of(Invocation invocation, Venv venv, PythonRuns runs, List<String> pipArguments) {
			boolean install = pipArguments.stream().filter(argument -> !argument.startsWith("-")).findFirst()
					.filter("install"::equals).isPresent();
			List<String> arguments = new ArrayList<>(List.of(runs.support().file(SupportFiles.RUN_PIP).toString()));
			arguments.addAll(pipArguments);
			Path cache = runs.pipCache(invocation);
			List<Path> writable = new ArrayList<>(List.of(cache));
			Path runDirectory = null;
			if (install && pipArguments.stream().noneMatch(argument -> argument.startsWith("--report"))) {
				runDirectory = runs.runDirectory(invocation);
				arguments.addAll(List.of("--report", runDirectory.resolve(REPORT).toString()));
				writable.add(runDirectory);
				String pins = invocation.environment().get(PINNED);
				if (pins != null) {
					arguments.addAll(List.of("--constraint", constraints(runDirectory, pins).toString()));
				}
			}
			Map<String, String> environment = new LinkedHashMap<>();
			environment.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
			environment.put("PIP_NO_INPUT", "1");
			environment.put("PIP_CONFIG_FILE", "/dev/null");
			environment.put("PIP_CACHE_DIR", cache.toString());
			// the interpreters pip starts (build backends, a nested pip) do not put their working
			// directory first on sys.path either (CPython 3.11 and later)
			environment.put("PYTHONSAFEPATH", "1");
			List<Path> readOnly = new ArrayList<>();
			PythonSettings settings = runs.settings();
			settings.indexUrl().ifPresent(index -> {
				environment.put("PIP_INDEX_URL", asUrl(index));
				localPath(index).ifPresent(readOnly::add);
			});
			settings.findLinks().ifPresent(links -> {
				environment.put("PIP_FIND_LINKS", links);
				localPath(links).ifPresent(readOnly::add);
			});
			Map<String, String> effective = new LinkedHashMap<>(environment);
			effective.putAll(invocation.environment());
			boolean network = PipNetwork.needed(pipArguments, effective);
			createDirectory(cache);
			return new PipCommand(new PythonCall(arguments, true, network, environment, readOnly, writable), runDirectory);
		}

		/**
		 * Puts on record what pip's report says an install resolved, and what was unpacked: each
		 * installed distribution's files, hashed by OS2 as its RECORD lists them (see
		 * {@link InstalledFiles}). Both read with {@link SafeFiles}: pip wrote them in the sandbox.
		 */
		private void recordInstalled(Output output, Venv venv) {
			if (runDirectory == null) {
				return;
			}
			List<Map<String, Object>> resolved = PipReport.read(runDirectory, REPORT);
			if (resolved.isEmpty()) {
				return;
			}
			Map<String, Object> note = new LinkedHashMap<>();
			note.put("pip-resolved", resolved);
			note.put("pip-installed", InstalledFiles.of(venv, resolved));
			output.note(note);
		}

		private void removeRunDirectory() {
			if (runDirectory == null) {
				return;
			}
			try {
				VirtualEnvironments.deleteTree(runDirectory);
			} catch (IOException e) {
				// left in the tools' runs directory, which no later run binds: harmless
			}
		}

		/** An absolute directory as a file: URL (pip takes a PEP 503 tree there); anything else as given. */
		private static String asUrl(String location) {
			return location.startsWith("/") ? Path.of(location).toUri().toString() : location;
		}

		private static Optional<Path> localPath(String location) {
			if (location.startsWith("/")) {
				return Optional.of(Path.of(location));
			}
			if (location.startsWith("file:")) {
				return Optional.of(Path.of(URI.create(location)));
			}
			return Optional.empty();
		}

		private static void createDirectory(Path directory) {
			try {
				Files.createDirectories(directory);
			} catch (IOException e) {
				throw new KernelException("pip: cannot create " + directory + ": " + e.getMessage(), e);
			}
		}
	}
}
