package os2.shell.internal.commands;

import org.osgi.framework.Bundle;

/** Bundle states as words a person reads. */
final class BundleStates {

	private BundleStates() {
	}

	static String name(int state) {
		return switch (state) {
			case Bundle.UNINSTALLED -> "UNINSTALLED";
			case Bundle.INSTALLED -> "INSTALLED";
			case Bundle.RESOLVED -> "RESOLVED";
			case Bundle.STARTING -> "STARTING";
			case Bundle.STOPPING -> "STOPPING";
			case Bundle.ACTIVE -> "ACTIVE";
			default -> "UNKNOWN(" + state + ")";
		};
	}
}
