package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import os2.kernel.api.KernelException;

/**
 * The unprivileged user a root JVM's sandboxed programs run as (issue 18, rule 6). As root,
 * bubblewrap's {@code --unshare-user} still maps the sandbox to the host's root, and dropping to
 * another uid before bubblewrap leaves it unable to bind paths only root can reach (a pyenv Python
 * under /root). So root's bubblewrap makes the sandbox with no user namespace, keeping only
 * CAP_SETUID and CAP_SETGID, and the program is started through util-linux's {@code setpriv},
 * which becomes this uid and gid with no supplementary groups and no capabilities before it execs
 * the program. bwrap has set no-new-privs by then, so no setuid file or file capability gives any
 * back.
 * <p>
 * The uid is {@value #DEFAULT_ID} unless the system property {@value #PROPERTY} names another (a
 * number; its gid is the same number). It needs no passwd entry: nothing in the sandbox looks it up
 * (HOME is the sandbox's own /tmp). A regular user's JVM has none: its sandbox is its own user
 * namespace, as before.
 */
record SandboxUser(int uid, int gid) {

	static final String PROPERTY = "os2.sandbox.uid";
	static final int DEFAULT_ID = 64000;
	static final Path SETPRIV = Path.of("/usr/bin/setpriv");
	static final Path ENV = Path.of("/usr/bin/env");

	private static final boolean ROOT = runningAsRoot();

	SandboxUser {
		if (uid <= 0 || gid <= 0) {
			throw new KernelException("the sandbox's user must not be root: " + PROPERTY + "=" + uid
					+ "; set it to an unused uid above 0, e.g. " + DEFAULT_ID);
		}
	}

	/** The user a sandbox of this JVM runs as: empty unless this JVM is root. */
	static Optional<SandboxUser> ofThisJvm() {
		return ROOT ? Optional.of(configured()) : Optional.empty();
	}

	static SandboxUser configured() {
		String value = System.getProperty(PROPERTY, Integer.toString(DEFAULT_ID)).strip();
		int id;
		try {
			id = Integer.parseInt(value);
		} catch (NumberFormatException e) {
			throw new KernelException(PROPERTY + " must be a uid (a number above 0), not '" + value + "'");
		}
		return new SandboxUser(id, id);
	}

	static void requireSetpriv() {
		if (!Files.isExecutable(SETPRIV) || !Files.isExecutable(ENV)) {
			throw new KernelException("setpriv is not installed at " + SETPRIV
					+ "; a root OS2 needs it to run sandboxes as an unprivileged user: install util-linux"
					+ " ('apt-get install util-linux')");
		}
	}

	/**
	 * What glibc heeds from the environment in a process it does not run in secure mode, and drops
	 * for one it does (a setuid program's; glibc's {@code unsecvars.h}, and the loader's and
	 * malloc's variables by their prefixes): libraries to load, paths to load modules, locales and
	 * time zones from, resolver and debugging switches (see also {@link #NAMES_A_FILE_WITH_A_SLASH}).
	 * setpriv runs as root until it drops, and not in secure mode, so none of these may reach it.
	 * {@code TMPDIR}, also on glibc's list, is left out: it only says where temporary files go, and
	 * setpriv makes none (every sandbox sets it).
	 */
	private static final Set<String> HEEDED_BY_ROOT = Set.of("GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LOCALDOMAIN",
			"LOCPATH", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TZDIR",
			// not on glibc's list, but a message's character set is converted by modules it names
			"OUTPUT_CHARSET", "CHARSETALIASDIR");
	private static final List<String> HEEDED_BY_ROOT_PREFIXES = List.of("LD_", "GLIBC_", "MALLOC_");

	/**
	 * What names a locale, a message language or a time zone: glibc takes a value with a slash as a
	 * path to load it from (setpriv sets its locale first thing), which in secure mode it refuses.
	 * Harmless only without a slash or a {@code ..}.
	 */
	private static final Set<String> NAMES_A_FILE_WITH_A_SLASH = Set.of("LANG", "LANGUAGE", "TZ");

	/**
	 * Whether {@code environment} may be setpriv's too: it holds nothing glibc would act on in a
	 * root process ({@link #HEEDED_BY_ROOT}). Then bwrap sets it and setpriv execs the program
	 * itself; otherwise {@link #wrap(Map, List)} gives it to the program alone, through {@code env},
	 * one exec more (~0.4 ms a run here).
	 */
	static boolean harmlessToRoot(Map<String, String> environment) {
		for (Map.Entry<String, String> variable : environment.entrySet()) {
			String name = variable.getKey();
			if (HEEDED_BY_ROOT.contains(name) || HEEDED_BY_ROOT_PREFIXES.stream().anyMatch(name::startsWith)) {
				return false;
			}
			boolean namesAFile = NAMES_A_FILE_WITH_A_SLASH.contains(name) || name.startsWith("LC_");
			if (namesAFile && (variable.getValue().contains("/") || variable.getValue().contains(".."))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The command, run as this user with no groups and no capabilities (the last thing bwrap
	 * starts), in the environment bwrap gave setpriv: one that is {@link #harmlessToRoot}.
	 */
	List<String> wrap(List<String> command) {
		List<String> line = new ArrayList<>(setpriv());
		line.addAll(command);
		return line;
	}

	/**
	 * The command, run as this user with no groups and no capabilities (the last thing bwrap starts),
	 * with exactly {@code environment}: setpriv itself, root until it drops, is given none, so no
	 * loader variable reaches a root process; {@code env -i}, already the user, sets it.
	 */
	List<String> wrap(Map<String, String> environment, List<String> command) {
		if (!command.isEmpty() && command.getFirst().contains("=")) {
			// env would take it for one more variable
			throw new KernelException("cannot run '" + command.getFirst() + "' in the sandbox: a program's name must not"
					+ " contain '='; rename it");
		}
		List<String> line = new ArrayList<>(setpriv());
		line.addAll(List.of(ENV.toString(), "-i"));
		environment.forEach((name, value) -> line.add(name + "=" + value));
		line.addAll(command);
		return line;
	}

	private List<String> setpriv() {
		return List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--inh-caps=-all", "--");
	}

	static boolean runningAsRoot() {
		try {
			return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
		} catch (IOException | RuntimeException e) {
			return false;
		}
	}
}
