package os2.kernel.internal.grants;

import java.nio.file.Path;
import java.util.Locale;

import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import os2.kernel.api.KernelException;
import os2.kernel.api.SecretStore;

/**
 * One sentence of the grant language, as held (a grant) or as asked for (a request):
 *
 * <pre>
 * service:INTERFACE:get|register   INTERFACE a class name, a prefix ending in '*', or '*'
 * fs:PATH:read|write               PATH absolute; covers everything below it; write covers read
 * net:HOST[:PORT]                  HOST a name, an address ([::1] for IPv6) or '*'; no port: any
 * proc:PROGRAM                     a program name or absolute path, or '*'
 * budget:KIND:MAX                  lets a tool's runs raise the KIND limit up to MAX
 * host:MODULE.FUNCTION             a host function beyond WASI offered to a WebAssembly guest
 *                                  (e.g. host:os2.note), or host:MODULE.* / host:*
 * secret:NAME                      a secret of the secret store (e.g. secret:github), a prefix
 *                                  ending in '*', or '*'
 * </pre>
 */
record Permission(String kind, String target, String action) {

	static Permission parse(String text) {
		if (text == null || text.isBlank()) {
			throw bad(text, "it is empty");
		}
		String trimmed = text.strip();
		int colon = trimmed.indexOf(':');
		if (colon < 0) {
			throw bad(text, "it has no kind");
		}
		String kind = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
		String rest = trimmed.substring(colon + 1);
		return switch (kind) {
			case "service" -> service(text, rest);
			case "fs" -> fs(text, rest);
			case "net" -> net(text, rest);
			case "proc" -> {
				if (rest.isBlank()) {
					throw bad(text, "it names no program");
				}
				yield new Permission(kind, rest, "");
			}
			case "budget" -> budget(text, rest);
			case "host" -> {
				if (!rest.matches("\\*|[A-Za-z0-9_]+\\.([A-Za-z0-9_]+|\\*)")) {
					throw bad(text, "it needs a MODULE.FUNCTION, like host:os2.note");
				}
				yield new Permission(kind, rest, "");
			}
			case "secret" -> {
				String name = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
				if (!rest.equals("*") && !SecretStore.isName(name)) {
					throw bad(text, "it needs a secret's name, like secret:github");
				}
				yield new Permission(kind, rest, "");
			}
			default -> throw bad(text, "'" + kind + "' is not a kind of grant");
		};
	}

	private static Permission withAction(String text, String kind, String rest, String... actions) {
		int colon = rest.lastIndexOf(':');
		if (colon <= 0) {
			throw bad(text, "it needs a target and an action (" + String.join(" or ", actions) + ")");
		}
		String action = rest.substring(colon + 1).toLowerCase(Locale.ROOT);
		for (String allowed : actions) {
			if (allowed.equals(action)) {
				return new Permission(kind, rest.substring(0, colon), action);
			}
		}
		throw bad(text, "'" + action + "' is not one of " + String.join(", ", actions));
	}

	/** A service grant's target is a class name, a prefix with '*', or an LDAP filter over the service's properties. */
	private static Permission service(String text, String rest) {
		Permission permission = withAction(text, "service", rest, "get", "register");
		if (permission.target().startsWith("(")) {
			try {
				FrameworkUtil.createFilter(permission.target());
			} catch (InvalidSyntaxException invalid) {
				throw bad(text, "its filter is not valid (" + invalid.getMessage() + ")");
			}
		}
		return permission;
	}

	private static Permission fs(String text, String rest) {
		Permission permission = withAction(text, "fs", rest, "read", "write");
		Path path = Path.of(permission.target());
		if (!path.isAbsolute()) {
			throw bad(text, "its path must be absolute");
		}
		return new Permission("fs", path.normalize().toString(), permission.action());
	}

	private static Permission net(String text, String rest) {
		String host = rest;
		String port = "";
		if (rest.startsWith("[")) { // [::1]:8080
			int close = rest.indexOf(']');
			if (close < 0) {
				throw bad(text, "an IPv6 address needs its closing ']'");
			}
			host = rest.substring(1, close);
			port = rest.substring(close + 1).startsWith(":") ? rest.substring(close + 2) : "";
		} else if (rest.indexOf(':') >= 0) {
			host = rest.substring(0, rest.indexOf(':'));
			port = rest.substring(rest.indexOf(':') + 1);
		}
		if (host.isBlank()) {
			throw bad(text, "it names no host");
		}
		if (!port.isEmpty() && (!port.chars().allMatch(Character::isDigit) || port.length() > 5
				|| Integer.parseInt(port) > 65535 || Integer.parseInt(port) == 0)) {
			throw bad(text, "'" + port + "' is not a port (1-65535)");
		}
		return new Permission("net", host.toLowerCase(Locale.ROOT), port);
	}

	private static Permission budget(String text, String rest) {
		int colon = rest.lastIndexOf(':');
		if (colon <= 0 || !rest.substring(colon + 1).chars().allMatch(Character::isDigit) || colon == rest.length() - 1) {
			throw bad(text, "it needs a kind and a whole-number maximum, like budget:tokens:5000");
		}
		return new Permission("budget", rest.substring(0, colon), rest.substring(colon + 1));
	}

	private static KernelException bad(String text, String why) {
		return new KernelException("'" + text + "' is not a grant: " + why + "; grants look like service:INTERFACE:get, "
				+ "fs:/PATH:read, net:HOST[:PORT], proc:PROGRAM, budget:KIND:MAX, host:MODULE.FUNCTION or secret:NAME");
	}

	/** Whether holding this grant allows {@code request}. */
	boolean implies(Permission request) {
		if (!kind.equals(request.kind)) {
			return false;
		}
		return switch (kind) {
			case "service" -> action.equals(request.action) && matches(target, request.target);
			case "fs" -> (action.equals(request.action) || action.equals("write"))
					&& Path.of(request.target).normalize().startsWith(Path.of(target));
			case "net" -> (target.equals("*") || target.equals(request.target))
					&& (action.isEmpty() || action.equals(request.action));
			case "proc" -> target.equals("*") || target.equals(request.target)
					|| (!target.contains("/") && Path.of(request.target).getFileName().toString().equals(target));
			case "budget" -> target.equals(request.target) && Long.parseLong(action) >= Long.parseLong(request.action);
			case "host", "secret" -> matches(target, request.target);
			default -> false;
		};
	}

	/** A class name against a name, a prefix ending in '*', or '*' (ServicePermission's rule). */
	private static boolean matches(String pattern, String name) {
		if (pattern.equals("*")) {
			return true;
		}
		if (pattern.endsWith("*")) {
			return name.startsWith(pattern.substring(0, pattern.length() - 1));
		}
		return pattern.equals(name);
	}

	@Override
	public String toString() {
		return switch (kind) {
			case "net" -> "net:" + (target.contains(":") ? "[" + target + "]" : target) + (action.isEmpty() ? "" : ":" + action);
			case "proc", "host", "secret" -> kind + ":" + target;
			default -> kind + ":" + target + ":" + action;
		};
	}
}
