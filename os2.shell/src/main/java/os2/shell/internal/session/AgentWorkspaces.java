package os2.shell.internal.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;

import os2.kernel.api.Os2Environment;

/**
 * Where an agent's {@code session new} may put a workspace: a directory of its own, named by the
 * agent or at random, directly under the root the owner configured (framework property
 * {@value #ROOT_PROPERTY}, which the {@code os2} script sets from {@code OS2_WORKSPACES}; by
 * default {@code $OS2_HOME/workspaces}). Never a path the agent chose.
 */
public final class AgentWorkspaces {

	/** The framework property naming the root of agents' workspaces. */
	static final String ROOT_PROPERTY = "os2.workspaces";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private final Path root;

	AgentWorkspaces(Path root) {
		this.root = root;
	}

	public static AgentWorkspaces configured(Os2Environment environment, BundleContext context) {
		String configured = context.getProperty(ROOT_PROPERTY);
		Path root = configured == null || configured.isBlank() ? environment.home().resolve("workspaces") : Path.of(configured);
		return new AgentWorkspaces(root.toAbsolutePath().normalize());
	}

	public Path root() {
		return root;
	}

	/** The workspace {@code name} under the root (made if new), or a new one with a random name for null. */
	public Path create(String name) {
		String chosen = name == null ? "ws-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) : name;
		if (!NAME.matcher(chosen).matches()) {
			throw new UsageException("an agent's workspace is a name (letters, digits, '.', '_', '-'), not '" + chosen
					+ "'; it is made under " + root);
		}
		Path workspace = root.resolve(chosen);
		try {
			Files.createDirectories(root);
			Files.createDirectory(workspace);
		} catch (FileAlreadyExistsException exists) {
			if (!Files.isDirectory(workspace, LinkOption.NOFOLLOW_LINKS)) {
				throw new UsageException(workspace + " is not a directory of its own (a link or a file); choose another name");
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot make the workspace " + workspace + ": " + e.getMessage(), e);
		}
		return workspace;
	}
}
