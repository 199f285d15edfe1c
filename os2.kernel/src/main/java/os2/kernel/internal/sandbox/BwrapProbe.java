package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import os2.kernel.api.KernelException;

/**
 * Finds out, once per bwrap binary, whether bubblewrap can make a sandbox on this host, so that a
 * run fails with one line saying how to fix it instead of with bwrap's own words in the run's
 * stderr. bwrap can be installed and still unable to: a kernel without unprivileged user
 * namespaces, an AppArmor policy against them, a container that forbids them.
 */
final class BwrapProbe {

	static final String NOT_INSTALLED = "bubblewrap (bwrap) is not installed; install it with"
			+ " 'apt-get install bubblewrap', or set \"sandbox\": \"none\" in the policy to run unsandboxed";

	/** The probe's verdict per binary: empty when it works, else the message to fail with. */
	private record Probe(Path bwrap, Optional<SandboxUser> user) {
	}

	private static final ConcurrentMap<Probe, Optional<String>> VERDICTS = new ConcurrentHashMap<>();

	private BwrapProbe() {
	}

	/** @throws KernelException saying what to do when bwrap is missing or cannot make a sandbox */
	static void requireUsable(Path bwrap) throws InterruptedException {
		// checked on every run, not cached: installing bwrap must not need a restart
		if (!Files.isExecutable(bwrap)) {
			throw new KernelException(NOT_INSTALLED);
		}
		PrlimitCommand.requireInstalled();
		Optional<SandboxUser> user = SandboxUser.ofThisJvm();
		if (user.isPresent()) {
			SandboxUser.requireSetpriv();
		}
		Probe key = new Probe(bwrap, user);
		Optional<String> verdict = VERDICTS.get(key);
		if (verdict == null) {
			// two first runs at once may both probe; the answers agree, and it is cheap
			verdict = probe(bwrap, user);
			VERDICTS.putIfAbsent(key, verdict);
		}
		if (verdict.isPresent()) {
			throw new KernelException(verdict.get());
		}
	}

	/** A run of {@code true} set up as a real one, as the sandbox's user when this JVM is root. */
	private static Optional<String> probe(Path bwrap, Optional<SandboxUser> user) throws InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(BwrapCommandLine.forProbe(bwrap, user)).redirectErrorStream(true);
		builder.environment().clear();
		Process process = ProcessStarter.start(builder);
		try {
			process.getOutputStream().close();
			String said = firstLine(process.getInputStream());
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return Optional.of(cannot(bwrap, "it did not finish within 10 s"));
			}
			if (process.exitValue() != 0) {
				String reason = said.isEmpty() ? "exit status " + process.exitValue() : said;
				return Optional.of(user.isPresent() ? cannotAsRoot(bwrap, user.get(), reason) : cannot(bwrap, reason));
			}
			return Optional.empty();
		} catch (IOException e) {
			return Optional.of(cannot(bwrap, e.getMessage()));
		} finally {
			process.destroyForcibly();
		}
	}

	private static String cannot(Path bwrap, String reason) {
		return "bubblewrap (" + bwrap + ") cannot create a sandbox here (" + reason + "); allow unprivileged user"
				+ " namespaces (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu"
				+ " kernel.apparmor_restrict_unprivileged_userns=0), or set \"sandbox\": \"none\" in the policy to run"
				+ " unsandboxed";
	}

	private static String cannotAsRoot(Path bwrap, SandboxUser user, String reason) {
		return "bubblewrap (" + bwrap + ") cannot create a sandbox here (" + reason + "); a root OS2 needs"
				+ " CAP_SYS_ADMIN, CAP_SETUID and CAP_SETGID to run it as uid " + user.uid() + ", or set \"sandbox\":"
				+ " \"none\" in the policy to run unsandboxed";
	}

	private static String firstLine(InputStream from) throws IOException {
		String all = new String(from.readAllBytes(), StandardCharsets.UTF_8).strip();
		int end = all.indexOf('\n');
		return end < 0 ? all : all.substring(0, end).strip();
	}
}
