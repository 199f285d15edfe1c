package os2.plugins.git;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.jgit.lib.Config;

/**
 * The parts of a repository's configuration OS2's git ignores, because a sandboxed program may
 * have written them and JGit would act on them on the host: run a program, read or write a file
 * outside the workspace, or send the connection or a token somewhere the grant did not admit.
 * They are taken out of JGit's in-memory copy of the configuration whenever it is (re)loaded
 * ({@link WorkspaceRepository}); the file itself is not changed unless JGit writes it back.
 */
final class IgnoredConfig {

	/** Whole sections (all subsections too). */
	static final List<String> SECTIONS = List.of(
			"filter", // clean/smudge/process drivers: programs
			"url", // insteadOf/pushInsteadOf: rewrites a remote after the grant admitted it
			"http", // cookieFile, sslCAInfo, sslVerify=false, extraHeader, proxy
			"include", "includeIf", // other files' configuration
			"gpg", // gpg.program and the signing formats' programs
			"credential", // helpers: programs
			"lfs", "submodule", "difftool", "mergetool");

	/** Keys of a section (names in lower case, as git compares them). */
	static final Map<String, Set<String>> KEYS = Map.of(
			"core", Set.of("worktree", "hookspath", "excludesfile", "attributesfile", "askpass", "sshcommand", "fsmonitor",
					"gitproxy", "editor", "pager"),
			"commit", Set.of("gpgsign"), "tag", Set.of("gpgsign"), "push", Set.of("gpgsign"),
			// a program for a local remote, a second URL no grant was asked for, a proxy
			"remote", Set.of("uploadpack", "receivepack", "pushurl", "proxy"));

	private IgnoredConfig() {
	}

	/** Takes the ignored parts out of {@code config}; changes it only when one is there. */
	static void strip(Config config) {
		for (String section : List.copyOf(config.getSections())) {
			if (SECTIONS.stream().anyMatch(section::equalsIgnoreCase)) {
				for (String subsection : List.copyOf(config.getSubsections(section))) {
					config.unsetSection(section, subsection);
				}
				config.unsetSection(section, null);
				continue;
			}
			Set<String> keys = KEYS.get(section.toLowerCase(Locale.ROOT));
			if (keys == null) {
				continue;
			}
			unsetKeys(config, section, null, keys);
			for (String subsection : List.copyOf(config.getSubsections(section))) {
				unsetKeys(config, section, subsection, keys);
			}
		}
	}

	private static void unsetKeys(Config config, String section, String subsection, Set<String> keys) {
		for (String name : List.copyOf(config.getNames(section, subsection))) {
			if (keys.contains(name.toLowerCase(Locale.ROOT))) {
				config.unset(section, subsection, name);
			}
		}
	}
}
