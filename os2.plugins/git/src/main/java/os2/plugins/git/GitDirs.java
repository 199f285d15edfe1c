package os2.plugins.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

import os2.kernel.api.KernelException;

/**
 * Where a repository's metadata is, found and checked before JGit opens anything, because a
 * sandboxed program may have written any of it: a {@code .git} that is a link or a gitdir file,
 * a {@code commondir}, {@code objects/info/alternates}, a link anywhere inside, a FIFO where a file
 * should be, a config that includes another file. JGit follows all of these wherever they lead;
 * here each must stay beneath the workspace by its real path ({@link Beneath}), or the command is
 * refused with one line before JGit reads or writes a byte through it.
 */
final class GitDirs {

	/** Alternates of alternates are followed this deep, as JGit follows them. */
	private static final int MAX_ALTERNATE_DEPTH = 5;

	/** A gitdir, commondir or alternates file is a line or a few: more is not one git wrote. */
	private static final int MAX_POINTER_BYTES = 64 * 1024;

	/** A repository: its metadata directory (real path) and its work tree (null when bare). */
	record Found(Path gitDir, Path workTree) {
	}

	private final Path workspace;
	private final Set<Path> walked = new HashSet<>();

	GitDirs(Path workspace) {
		this.workspace = workspace.toAbsolutePath().normalize();
	}

	/**
	 * The repository {@code directory} is in, looked for upwards as git does but never above the
	 * workspace and without following a link to decide: null when there is none.
	 */
	Found find(Path directory) {
		for (Path dir = directory.toAbsolutePath().normalize(); dir != null && dir.startsWith(workspace); dir = dir.getParent()) {
			Found found = at(dir);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	/** The repository whose work tree (or bare directory) is {@code dir}, checked; null when there is none. */
	Found at(Path dir) {
		Path dotGit = dir.resolve(".git");
		if (Files.isSymbolicLink(dotGit)) {
			Path real = Beneath.realPath(workspace, dotGit);
			if (real == null) {
				throw outside(dotGit, Beneath.whereItLeads(dotGit));
			}
			return checked(real, dir);
		}
		if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
			return checked(pointedTo(dotGit, dir, "gitdir:"), dir);
		}
		if (Files.isDirectory(dotGit, LinkOption.NOFOLLOW_LINKS)) {
			return checked(dotGit, dir);
		}
		if (Files.exists(dotGit, LinkOption.NOFOLLOW_LINKS)) {
			throw new KernelException("git: " + shown(dotGit) + " is neither a directory nor a gitdir file; OS2's git"
					+ " does not read it");
		}
		if (Files.isDirectory(dir.resolve("objects"), LinkOption.NOFOLLOW_LINKS)
				&& Files.isDirectory(dir.resolve("refs"), LinkOption.NOFOLLOW_LINKS)
				&& Files.exists(dir.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS)) {
			return checked(dir, null);
		}
		return null;
	}

	/** Checks a git directory and all it leads to; the found repository with the git dir's real path. */
	private Found checked(Path gitDir, Path workTree) {
		Path real = Beneath.realPath(workspace, gitDir);
		if (real == null) {
			throw outside(gitDir, Beneath.whereItLeads(gitDir));
		}
		checkTree(real);
		checkConfig(real);
		Path common = real;
		Path commonDirFile = real.resolve("commondir");
		if (Files.exists(commonDirFile, LinkOption.NOFOLLOW_LINKS)) {
			common = pointedTo(commonDirFile, real, "");
			checkTree(common);
			checkConfig(common);
		}
		checkAlternates(common.resolve("objects"), 0);
		return new Found(real, workTree);
	}

	/**
	 * Nothing in the tree is a link that leads out of the workspace (or nowhere), nor a FIFO, socket
	 * or device (or a link to one) that would block or feed JGit's reads. Git never writes links
	 * there itself.
	 */
	private void checkTree(Path gitDir) {
		if (!walked.add(gitDir)) {
			return; // a link back into a tree already walked
		}
		try {
			Files.walkFileTree(gitDir, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					if (attributes.isSymbolicLink() && !Beneath.isBeneath(workspace, file)) {
						throw outside(file, Beneath.whereItLeads(file));
					}
					if (attributes.isOther() || attributes.isSymbolicLink() && !Files.isRegularFile(file)
							&& !Files.isDirectory(file)) {
						throw new KernelException("git: " + shown(file) + " is not a regular file; OS2's git reads regular"
								+ " files only (remove it)");
					}
					if (attributes.isSymbolicLink() && Files.isDirectory(file)) {
						checkTree(Beneath.realPath(workspace, file)); // JGit reads through it
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
					if (e instanceof NoSuchFileException) {
						return FileVisitResult.CONTINUE; // gone since it was listed (a lock file): nothing to read there
					}
					throw e;
				}
			});
		} catch (IOException e) {
			throw new KernelException("git: cannot read " + shown(gitDir) + ": " + GitContext.oneLine(e.getMessage()));
		}
	}

	/**
	 * JGit reads the file an {@code [include] path} names while it loads the configuration, before
	 * any of it can be ignored, so a configuration that includes one is refused.
	 */
	private void checkConfig(Path gitDir) {
		Path file = gitDir.resolve("config");
		if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		Config config = new Config(); // its includes are read by no one: Config itself ignores them
		try {
			config.fromText(Files.readString(file, StandardCharsets.UTF_8));
		} catch (ConfigInvalidException | IOException e) {
			return; // JGit says what is wrong with it when it opens the repository
		}
		for (String section : config.getSections()) {
			if (section.equalsIgnoreCase("include")) {
				throw new KernelException("git: " + shown(file) + " includes " + String.join(", ",
						config.getStringList(section, null, "path")) + "; OS2's git reads no included configuration"
						+ " (remove the [include] section)");
			}
		}
	}

	/** Each alternate object directory is beneath the workspace, and so are its own alternates. */
	private void checkAlternates(Path objects, int depth) {
		Path alternates = objects.resolve("info/alternates");
		if (!Files.isRegularFile(alternates, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		for (String line : read(alternates).lines().map(String::strip).toList()) {
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			Path alternate = Beneath.realPath(workspace, objects.resolve(line).normalize());
			if (alternate == null) {
				throw outside(alternates, line);
			}
			if (depth >= MAX_ALTERNATE_DEPTH) {
				throw new KernelException("git: " + shown(alternates) + " chains more than " + MAX_ALTERNATE_DEPTH
						+ " alternate object directories; OS2's git follows no more");
			}
			checkTree(alternate);
			checkAlternates(alternate, depth + 1);
		}
	}

	/** The directory a pointer file names ("gitdir: PATH" or a bare path), resolved and beneath the workspace. */
	private Path pointedTo(Path file, Path base, String prefix) {
		String text = read(file).lines().findFirst().orElse("").strip();
		if (!text.startsWith(prefix) || text.length() == prefix.length()) {
			throw new KernelException("git: " + shown(file) + " does not name a git directory ('" + prefix + " PATH')");
		}
		String named = text.substring(prefix.length()).strip();
		Path real = Beneath.realPath(workspace, base.resolve(named).normalize());
		if (real == null) {
			throw outside(file, named);
		}
		return real;
	}

	private String read(Path file) {
		try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
			byte[] bytes = in.readNBytes(MAX_POINTER_BYTES);
			return new String(bytes, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new KernelException("git: cannot read " + shown(file) + ": " + GitContext.oneLine(e.getMessage()));
		}
	}

	private KernelException outside(Path path, String where) {
		return new KernelException("git: " + shown(path) + " points outside the workspace (" + where
				+ "); OS2's git works only on repositories inside it");
	}

	/** A path as the agent knows it: relative to the workspace when it is in it. */
	private String shown(Path path) {
		Path normal = path.toAbsolutePath().normalize();
		if (normal.startsWith(workspace)) {
			return workspace.relativize(normal).toString();
		}
		try {
			Path realWorkspace = workspace.toRealPath();
			if (normal.startsWith(realWorkspace)) {
				return realWorkspace.relativize(normal).toString();
			}
		} catch (IOException e) {
			// shown in full below
		}
		return normal.toString();
	}
}
