package os2.kernel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;

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
		return assertThrows(UsageError.class, () -> parse(words)).getMessage();
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
				assertThrows(UsageError.class, () -> Arguments.parse(withSecret, List.of("github", "hunter2"))).getMessage());
		assertEquals(List.of("vault NAME"), withSecret.usages());
	}

	@Test
	void theSpecMakesTheUsagesTheSubcommandsAndTheClassOfEachForm() {
		assertEquals(List.of("book show [--limit N] [--json]", "book add TITLE [TAGS...]", "book burn"), SPEC.usages());
		assertEquals(List.of("show", "add", "burn"), SPEC.subcommands());
		assertEquals(CommandClass.READ_ONLY, SPEC.classOf(SPEC.forms().get(0)));
		assertEquals(CommandClass.EFFECTFUL, SPEC.classOf(SPEC.forms().get(1)));
		assertEquals(CommandClass.ADMINISTRATOR, SPEC.classOf(SPEC.forms().get(2)));
	}

	/** Shaped like {@code python}: options, then a program's own command line as it is. */
	private static final CommandSpec PROGRAM = CommandSpec.of("py", "run a program",
			Form.of(Parameter.rest("ARGS", "the program's arguments")).with(Option.value("-c", "CODE", Type.TEXT, "code")));

	/** Shaped like {@code wasm}: a parameter before the rest, and an option before the subcommand. */
	private static final CommandSpec RUNNER = CommandSpec.of("vm", "run a module",
			Form.sub("run", Parameter.one("MODULE", Type.TEXT, "the module"), Parameter.rest("ARGS", "its arguments"))
					.with(Option.flag("--fast", "faster"), Option.value("--seed", "N", Type.WHOLE_NUMBER, "its seed")))
			.leadingWith(Option.value("-C", "DIR", Type.TEXT, "where"));

	@Test
	void theRestOfTheWordsIsTakenAsItIsFromTheFirstThatIsNoOptionOfTheForm() {
		Arguments code = Arguments.parse(PROGRAM, List.of("-c", "print(1)", "-x", "--fast"));
		Arguments unknownFirst = Arguments.parse(PROGRAM, List.of("-u", "app.py", "-c", "x"));
		Arguments script = Arguments.parse(PROGRAM, List.of("app.py", "--timeout", "3"));

		assertEquals(Optional.of("print(1)"), code.value("-c"));
		assertEquals(List.of("-x", "--fast"), code.parameters("ARGS"));
		assertEquals(Optional.empty(), unknownFirst.value("-c")); // -u is python's own: the rest starts there
		assertEquals(List.of("-u", "app.py", "-c", "x"), unknownFirst.parameters("ARGS"));
		assertEquals(List.of("app.py", "--timeout", "3"), script.parameters("ARGS"));
		assertEquals(List.of("py [-c CODE] [ARGS...]"), PROGRAM.usages());
	}

	@Test
	void aParameterBeforeTheRestEndsTheOptionsAndLeadingOptionsComeBeforeTheSubcommand() {
		Arguments run = Arguments.parse(RUNNER, List.of("-C", "sub", "run", "--seed", "7", "m.wasm", "--fast", "a"));

		assertEquals(Optional.of("sub"), run.value("-C"));
		assertEquals("run", run.subcommand());
		assertEquals(7, run.number("--seed", 0));
		assertFalse(run.flag("--fast")); // after MODULE: the module's own word
		assertEquals(Optional.of("m.wasm"), run.parameter("MODULE"));
		assertEquals(List.of("--fast", "a"), run.parameters("ARGS"));
		assertEquals(List.of("vm [-C DIR] run [--fast] [--seed N] MODULE [ARGS...]"), RUNNER.usages());
		assertEquals("unknown option '--slow'; usage: vm [-C DIR] run [--fast] [--seed N] MODULE [ARGS...]",
				assertThrows(UsageError.class, () -> Arguments.parse(RUNNER, List.of("run", "--slow", "m.wasm"))).getMessage());
		assertEquals("vm needs MODULE; usage: vm [-C DIR] run [--fast] [--seed N] MODULE [ARGS...]",
				assertThrows(UsageError.class, () -> Arguments.parse(RUNNER, List.of("-C", "d", "run"))).getMessage());
		assertEquals("-C needs a value (DIR); usage: vm [-C DIR] ...",
				assertThrows(UsageError.class, () -> Arguments.parse(RUNNER, List.of("-C"))).getMessage());
	}

	@Test
	void doubleDashEndsTheOptions() {
		assertEquals(Optional.of("--json"), parse("add", "--", "--json").parameter("TITLE"));
	}

	@Test
	void theRestIsTheLastParameterOfItsForm() {
		assertThrows(IllegalArgumentException.class,
				() -> Form.of(Parameter.rest("ARGS", "all"), Parameter.one("LAST", Type.TEXT, "after all")));
	}

	@Test
	void aWithheldOptionsValuesAreFoundWhereverTheyStandAndRecordedOnlyAsTheirHash() {
		CommandSpec restore = CommandSpec.of("restore", "restore",
				Form.of(Parameter.one("ID", Type.TEXT, "an id")).with(Option.value("--token", "TOKEN", Type.WITHHELD, "a token"),
						Option.value("--label", "L", Type.TEXT, "a label")));
		List<String> words = List.of("abc", "--token", "tok-1", "--label", "tok", "--token=tok-2");

		List<String> values = restore.withheldValues(words);

		assertEquals(List.of("tok-1", "tok-2"), values);
		assertEquals(List.of(), restore.withheldValues(List.of("abc", "--label", "x", "--token")));
		CommandSpec verify = CommandSpec.of("verify", "verify", Form.of(Parameter.one("TOKEN", Type.WITHHELD, "a token")));
		assertEquals(List.of("tok-9"), verify.withheldValues(List.of("tok-9")));
		assertEquals(List.of("tok-9"), verify.withheldValues(List.of("--token-budget", "800", "tok-9")), "after run options");
		// SHA-256("tok-1"), computed apart: printf tok-1 | sha256sum
		assertEquals("restore abc --token [withheld sha256:65dcf16ea3dfa49069628089eb4a75483070f5584b2a21ee64912b5f621f12da]",
				CommandSpec.withheld("restore abc --token tok-1", values));
	}
}
