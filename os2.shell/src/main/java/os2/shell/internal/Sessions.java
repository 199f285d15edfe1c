package os2.shell.internal;

import org.apache.felix.service.command.CommandSession;

import os2.kernel.api.Os2Environment;

/** Settings every OS2 shell session starts with. */
final class Sessions {

	private Sessions() {
	}

	static void prepare(CommandSession session, Os2Environment environment) {
		// OS2 commands win over same-named ones in other scopes (gogo.command has its own 'help').
		session.put("SCOPE", CommandCatalog.SCOPE + ":*");
		session.currentDir(environment.workspace());
	}
}
