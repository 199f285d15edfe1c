package os2.kernel.api;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host process to run in the sandbox: its command line, the workspace it may write, what else
 * it may read, its environment (nothing of the host's is passed on) and its limits.
 *
 * @param command the program and its arguments; the program is looked up on the sandbox's PATH
 *        unless it is absolute
 * @param workspace bound read-write at the same path, and the working directory
 * @param readOnly further host paths the process may read (an interpreter's prefix, a venv),
 *        bound read-only at the same path
 * @param writable further host paths the process may write, bound read-write at the same path;
 *        each needs an {@code fs:PATH:write} grant unless it is in the tool's own data directory
 *        ({@link Os2Environment#toolData})
 * @param network whether the process shares the host's network; without it, it has only a
 *        loopback device of its own
 */
public record ProcessSpec(List<String> command, Path workspace, List<Path> readOnly, List<Path> writable,
		Map<String, String> environment,
		InputStream stdin, Budget limits, boolean network) {

	public ProcessSpec {
		if (command == null || command.isEmpty() || command.getFirst().isBlank()) {
			throw new KernelException("a sandboxed process needs a program to run");
		}
		if (workspace == null || !workspace.isAbsolute()) {
			throw new KernelException("a sandboxed process needs an absolute workspace, not " + workspace);
		}
		command = List.copyOf(command);
		readOnly = readOnly == null ? List.of() : List.copyOf(readOnly);
		writable = writable == null ? List.of() : List.copyOf(writable);
		if (writable.stream().anyMatch(path -> !path.isAbsolute())) {
			throw new KernelException("a sandboxed process's writable paths must be absolute, not " + writable);
		}
		environment = environment == null ? Map.of() : Map.copyOf(environment);
		stdin = stdin == null ? InputStream.nullInputStream() : stdin;
		limits = limits == null ? Budget.DEFAULT : limits;
	}

	public static Builder builder(Path workspace, String... command) {
		return new Builder(workspace, List.of(command));
	}

	/** Options one by one; {@link #build} checks them. */
	public static final class Builder {
		private final Path workspace;
		private final List<String> command;
		private final List<Path> readOnly = new ArrayList<>();
		private final List<Path> writable = new ArrayList<>();
		private final Map<String, String> environment = new LinkedHashMap<>();
		private InputStream stdin;
		private Budget limits = Budget.DEFAULT;
		private boolean network;

		private Builder(Path workspace, List<String> command) {
			this.workspace = workspace;
			this.command = new ArrayList<>(command);
		}

		public Builder arguments(List<String> more) {
			command.addAll(more);
			return this;
		}

		public Builder readOnly(Path path) {
			readOnly.add(path);
			return this;
		}

		public Builder writable(Path path) {
			writable.add(path);
			return this;
		}

		public Builder environment(String name, String value) {
			environment.put(name, value);
			return this;
		}

		public Builder environment(Map<String, String> more) {
			environment.putAll(more);
			return this;
		}

		public Builder stdin(InputStream input) {
			this.stdin = input;
			return this;
		}

		public Builder limits(Budget budget) {
			this.limits = budget;
			return this;
		}

		public Builder network(boolean allowed) {
			this.network = allowed;
			return this;
		}

		public ProcessSpec build() {
			return new ProcessSpec(command, workspace, readOnly, writable, environment, stdin, limits, network);
		}
	}
}
