package os2.plugins.python;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
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
 * whichever session runs it), one per workspace and requirement for {@code pyx} (a venv one
 * workspace's programs can write is never used by another's). Made inside the sandbox by the
 * interpreter itself, with the venv's directory as its only writable place (the workspace is not
 * bound). What OS2 knows about each venv is in {@link VenvFacts}, under {@code state/}, which no
 * sandbox has bound; a venv is ready when its facts are there and its own files still look as
 * made (read with lstat and readlink only). One maker at a time per venv, across threads and OS2
 * processes (a lock file in the state directory).
 */
final class VirtualEnvironments {

	/** Written by make_venv.py into the new venv: the interpreter's version, read once and removed. */
	static final String MADE_MARKER = ".os2-made";

	private final Path root;
	private final Path state;
	private final SupportFiles support;
	private final ConcurrentMap<Path, Object> inProcessLocks = new ConcurrentHashMap<>();

	VirtualEnvironments(Path root, Path state, SupportFiles support) {
		this.root = root;
		this.state = state;
		this.support = support;
	}

	/** Where the venv named by {@code key} (a workspace path, a requirement) lives. */
	Path directoryFor(String kind, String key) {
		return root.resolve(kind).resolve(shortHash(key));
	}

	/** Where OS2 keeps the facts of the venv at {@code directory}. */
	Path factsFor(Path directory) {
		return state.resolve(directory.getParent().getFileName().toString()).resolve(directory.getFileName() + ".properties");
	}

	/**
	 * The venv at {@code directory}, made now from {@code interpreter} if it is missing, incomplete, or
	 * not as OS2 made it (one line on stderr says so).
	 *
	 * @param owner what the venv is for, written beside it for whoever looks ({@code workspace ...})
	 * @param interpreter found only if the venv is to be made: finding it costs a run ~0.3 ms
	 */
	Venv ready(Path directory, String owner, Supplier<Path> interpreter, Sandbox sandbox, Invocation invocation,
			Output output) throws InterruptedException {
		Path factsFile = factsFor(directory);
		Optional<VenvFacts> facts = VenvFacts.read(factsFile);
		if (facts.isPresent() && problem(directory, facts.get()).isEmpty()) {
			return new Venv(directory, facts.get());
		}
		synchronized (inProcessLocks.computeIfAbsent(directory, key -> new Object())) {
			try {
				Files.createDirectories(factsFile.getParent());
				try (FileChannel lockFile = FileChannel.open(factsFile.resolveSibling(directory.getFileName() + ".lock"),
						StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
					facts = VenvFacts.read(factsFile);
					Optional<String> problem = facts.isPresent() ? problem(directory, facts.get()) : Optional.of("missing");
					if (problem.isPresent()) {
						facts = Optional.of(make(directory, factsFile, owner, problem.get(), interpreter.get(), sandbox,
								invocation, output));
					}
				}
			} catch (IOException e) {
				throw new KernelException("python: cannot make the virtual environment " + directory + ": " + e.getMessage(), e);
			}
		}
		return new Venv(directory, facts.orElseThrow());
	}

	/** Records that pyx's requirement is installed in the venv. */
	Venv installed(Venv venv, String requirement) throws IOException {
		Path factsFile = factsFor(venv.directory());
		VenvFacts facts = VenvFacts.read(factsFile).orElseThrow(() -> new IOException("its facts are gone"));
		facts.withInstalled(requirement).write(factsFile);
		return venv;
	}

	/** Whether pyx's requirement is installed in the venv, as OS2 recorded it. */
	boolean isInstalled(Venv venv, String requirement) {
		return VenvFacts.read(factsFor(venv.directory())).flatMap(VenvFacts::installed).filter(requirement::equals)
				.isPresent();
	}

	/**
	 * Why the venv is not as OS2 made it, or empty: its pyvenv.cfg a regular file, its bin a
	 * directory, its python a link, and the link named like the interpreter leading to it. Only
	 * lstat and readlink; nothing in the venv is opened. (A program in the venv can still break it
	 * in subtler ways; that breaks its own runs, in its sandbox, and nothing the host decides.)
	 */
	private static Optional<String> problem(Path directory, VenvFacts facts) {
		try {
			if (!attributes(directory).isDirectory() || !attributes(directory.resolve("pyvenv.cfg")).isRegularFile()
					|| !attributes(directory.resolve("bin")).isDirectory()
					|| !attributes(directory.resolve("bin/python")).isSymbolicLink()) {
				return Optional.of("incomplete");
			}
			Path link = directory.resolve("bin").resolve(facts.interpreter().getFileName());
			if (!attributes(link).isSymbolicLink() || !Files.readSymbolicLink(link).equals(facts.interpreter())) {
				return Optional.of("changed");
			}
			return Optional.empty();
		} catch (IOException missing) {
			return Optional.of("incomplete");
		}
	}

	private static BasicFileAttributes attributes(Path path) throws IOException {
		return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
	}

	private VenvFacts make(Path directory, Path factsFile, String owner, String problem, Path interpreter, Sandbox sandbox,
			Invocation invocation, Output output) throws IOException, InterruptedException {
		Files.deleteIfExists(factsFile);
		if (problem.equals("changed")) {
			output.stderr("os2: the virtual environment " + directory + " no longer leads to the interpreter OS2 made it"
					+ " from (changed by a program run in it?); making it again\n");
			deleteTree(directory);
		} else if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
			output.stderr("os2: the virtual environment " + directory + " is incomplete (deleted or interrupted?);"
					+ " making it again\n");
			deleteTree(directory);
		} else {
			// progress, not output: whether a venv is made depends on what ran before, not on what this
			// run does, and its path on the workspace's, so a replay of the run could not print it again
			output.progress("making a virtual environment for this " + owner.split(" ")[0] + " in " + directory
					+ " (first use, a few seconds)");
		}
		Files.createDirectories(directory);
		Files.writeString(directory.resolveSibling(directory.getFileName() + ".for"), owner + "\n");
		// the venv directory is the process's working directory and only writable place: the
		// workspace is not bound, so nothing of it is on sys.path of the interpreter or of ensurepip's pip
		ProcessSpec spec = ProcessSpec.builder(directory, interpreter.toString(), "-I",
				support.file(SupportFiles.MAKE_VENV).toString(), directory.toString())
				.readOnly(InterpreterLocator.prefixOf(interpreter))
				.readOnly(support.directory())
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
			throw new KernelException("python: could not make the virtual environment (" + (outcome.endedBy().isEmpty()
					? interpreter + " ended with status " + outcome.exitStatus() + "; its messages are above)"
					: "making it passed the run's " + outcome.endedBy() + " limit; the policy's budgets set the limits)"));
		}
		// written by the host's interpreter running OS2's script, with nothing else in the sandbox
		String version = new String(SafeFiles.read(directory, MADE_MARKER, 64).orElse(new byte[0]), StandardCharsets.UTF_8)
				.strip();
		Files.deleteIfExists(directory.resolve(MADE_MARKER));
		if (!VenvFacts.VERSION.matcher(version).matches()) {
			deleteTree(directory);
			throw new KernelException("python: " + interpreter + " made a virtual environment but did not say its version;"
					+ " is it CPython 3.10 or later?");
		}
		VenvFacts facts = new VenvFacts(owner, interpreter, version, Optional.empty());
		if (problem(directory, facts).isPresent()) {
			deleteTree(directory);
			throw new KernelException("python: the virtual environment " + interpreter + " made does not link to it"
					+ " (bin/" + interpreter.getFileName() + "); configure the interpreter by its real path");
		}
		facts.write(factsFile);
		output.progress(""); // made: the status that said so goes
		return facts;
	}

	static void deleteTree(Path directory) throws IOException {
		if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		// Files.walk follows no link: a link a sandbox put here is removed, not what it leads to
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	static String shortHash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
