package os2.shell.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import os2.shell.internal.session.CommandSpec.Form;
import os2.shell.internal.session.CommandSpec.Option;
import os2.shell.internal.session.CommandSpec.Parameter;
import os2.shell.internal.session.CommandSpec.Type;

class ArgumentsTest {

	/** A command shaped like {@code ledger}: subcommands, typed options, a refused word, an administrator's form. */
	private static final CommandSpec SPEC = CommandSpec.of("book", "keep a book",
			Form.sub("show").with(Option.value("--limit", "N", Type.WHOLE_NUMBER, "at most N"), Option.flag("--json", "as JSON")),
			Form.sub("add", Parameter.one("TITLE", Type.TEXT, "its title"), Parameter.any("TAGS", Type.TEXT, "its tags"),
					Parameter.refused("SECRET", "no secrets on the command line")).as(CommandClass.EFFECTFUL),
			Form.sub("burn").as(CommandClass.ADMINISTRATOR));

	private static Arguments parse(String... words) {
		return Arguments.parse(SPEC, List.of(words));
	}

	private static String refusal(String... words) {
		return assertThrows(UsageException.class, () -> parse(words)).getMessage();
	}

	@Test
	void optionsInAnyOrderAndEitherFormAndParametersInTheirPlaces() {
		Arguments shown = parse("show", "--json", "--limit=5");
		Arguments added = parse("add", "Dune", "sf", "classic");

		assertEquals("show", shown.subcommand());
		assertTrue(shown.flag("--json"));
		assertEquals(5, shown.number("--limit", 100));
		assertEquals(100, parse("show", "--json").number("--limit", 100));
		assertEquals(Optional.of("Dune"), added.parameter("TITLE"));
		assertEquals(List.of("sf", "classic"), added.parameters("TAGS"));
		assertFalse(added.flag("--json"));
	}

	@Test
	void whatDoesNotFitIsOneLineNamingItAndTheFormsUsage() {
		assertEquals("--limit is a whole number, 0 or more, not 'many'; usage: book show [--limit N] [--json]",
				refusal("show", "--limit", "many"));
		assertEquals("--limit needs a value (N); usage: book show [--limit N] [--json]", refusal("show", "--limit"));
		assertEquals("unknown option '--jsn'; usage: book show [--limit N] [--json]", refusal("show", "--jsn"));
		assertEquals("--json takes no value; usage: book show [--limit N] [--json]", refusal("show", "--json=yes"));
		assertEquals("book needs TITLE; usage: book add TITLE [TAGS...]", refusal("add"));
		assertEquals("'x' is one word too many; usage: book burn", refusal("burn", "x"));
		assertEquals("no book subcommand 'read'; book show|add|burn ...; 'help book' explains each", refusal("read"));
		assertEquals("book needs a subcommand: book show|add|burn ...; 'help book' explains each", refusal());
	}

	@Test
	void aRefusedWordIsRefusedWithItsReasonAndLeftOutOfTheUsage() {
		CommandSpec withSecret = CommandSpec.of("vault", "keep a secret",
				Form.of(Parameter.one("NAME", Type.TEXT, "its name"), Parameter.refused("VALUE", "no values on the command line")));

		assertEquals("no values on the command line",
				assertThrows(UsageException.class, () -> Arguments.parse(withSecret, List.of("github", "hunter2"))).getMessage());
		assertEquals(List.of("vault NAME"), withSecret.usages());
	}

	@Test
	void theSpecMakesTheUsagesTheSubcommandsAndTheClassOfEachForm() {
		assertEquals(List.of("book show [--limit N] [--json]", "book add TITLE [TAGS...]", "book burn"), SPEC.usages());
		assertEquals(List.of("show", "add", "burn"), SPEC.subcommands());
		assertEquals(CommandClass.READ_ONLY, SPEC.classOf(SPEC.forms().get(0)));
		assertEquals(CommandClass.EFFECTFUL, SPEC.classOf(SPEC.forms().get(1)));
		assertEquals(CommandClass.ADMINISTRATOR, SPEC.classOf(SPEC.forms().get(2)));
		assertEquals("admin", Os2Commands.properties(SPEC).get("os2.effect.book.burn"));
		assertEquals("read-only", Os2Commands.properties(SPEC).get("os2.effect.book"));
	}
}
