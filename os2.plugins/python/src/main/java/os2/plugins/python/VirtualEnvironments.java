package os2.plugins.python;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.Sandbox;

/**
 * Makes virtual environments on first use and hands out ready ones: one per workspace for
 * {@code python} and {@code pip} (so a package installed in one command is there for the next,
 * whichever session runs it), one per requirement for {@code pyx}. Made inside the sandbox by the
 * interpreter itself, with the venv's directory as the only writable place besides the workspace.
 * One maker at a time per directory, across threads and OS2 processes (a lock file beside it).
 */
final class VirtualEnvironments {

	private final Path root;
	private final SupportFiles support;
	private final ConcurrentMap<Path, Object> inProcessLocks = new ConcurrentHashMap<>();

	VirtualEnvironments(Path root, SupportFiles support) {
		this.root = root;
		this.support = support;
	}

	/** Where the venv named by {@code key} (a workspace path, a requirement) lives. */
	Path directoryFor(String kind, String key) {
		return root.resolve(kind).resolve(shortHash(key));
	}

	/**
	 * The venv at {@code directory}, made now from {@code interpreter} if it is missing or
	 * incomplete (one line on stderr says so).
	 *
	 * @param owner what the venv is for, written beside it for whoever looks ({@code workspace ...})
	 * @param interpreter found only if the venv is to be made: finding it costs a run ~0.3 ms
	 */
	Venv ready(Path directory, String owner, Supplier<Path> interpreter, Sandbox sandbox, Invocation invocation,
			Output output) throws InterruptedException {
		if (Venv.isReady(directory)) {
			return new Venv(directory);
		}
		synchronized (inProcessLocks.computeIfAbsent(directory, key -> new Object())) {
			try {
				Files.createDirectories(directory.getParent());
				try (FileChannel lockFile = FileChannel.open(directory.resolveSibling(directory.getFileName() + ".lock"),
						StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
					if (!Venv.isReady(directory)) {
						make(directory, owner, interpreter.get(), sandbox, invocation, output);
					}
				}
			} catch (IOException e) {
				throw new KernelException("python: cannot make the virtual environment " + directory + ": " + e.getMessage(), e);
			}
		}
		return new Venv(directory);
	}

	private void make(Path directory, String owner, Path interpreter, Sandbox sandbox, Invocation invocation,
			Output output) throws IOException, InterruptedException {
		if (Files.exists(directory)) {
			output.stderr("os2: the virtual environment " + directory + " is incomplete (deleted or interrupted?);"
					+ " making it again\n");
			deleteTree(directory);
		} else {
			output.stderr("os2: making a virtual environment for this " + owner.split(" ")[0] + " in " + directory
					+ " (first use, a few seconds)\n");
		}
		Files.createDirectories(directory);
		Files.writeString(directory.resolveSibling(directory.getFileName() + ".for"), owner + "\n");
		ProcessSpec spec = ProcessSpec.builder(invocation.workspace(), interpreter.toString(),
				support.file(SupportFiles.MAKE_VENV).toString(), directory.toString())
				.readOnly(InterpreterLocator.prefixOf(interpreter))
				.readOnly(support.directory())
				.writable(directory)
				.limits(invocation.budget())
				.build();
		ProcessOutcome outcome;
		try {
			outcome = sandbox.run(spec, output);
		} catch (RuntimeException | InterruptedException notMade) {
			deleteTree(directory);
			throw notMade;
		}
		if (outcome.exitStatus() != 0) {
			deleteTree(directory);
			throw new KernelException("python: could not make the virtual environment (" + interpreter + " ended with status "
					+ outcome.exitStatus() + "; its messages are above)");
		}
		Files.writeString(directory.resolve(Venv.READY_MARKER), interpreter + "\n", StandardCharsets.UTF_8);
	}

	static void deleteTree(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static String shortHash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
