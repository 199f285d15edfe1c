package os2.shell.internal.commands;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Kernel;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/**
 * {@code note TEXT}: an agent's reasoning put on record in its session, between the runs it led
 * to, with what it costs in tokens; replay shows it in its place. Durable before it says so.
 */
@Component(service = Os2Command.class)
public final class NoteCommand implements Os2Command {

	/** A note is a thought, not a file: longer text belongs in the workspace. */
	static final int MAX_BYTES = 16 * 1024;

	private static final CommandSpec SPEC = CommandSpec.of("note",
			"record your reasoning in the session's ledger, where replay shows it between the runs it led to",
			CommandSpec.Form.of(CommandSpec.Parameter.rest("TEXT", "what to record, as one line of words")))
			.as(CommandClass.EFFECTFUL);

	private final Ledger ledger;
	private final Kernel kernel;

	@Activate
	public NoteCommand(@Reference Ledger ledger, @Reference Kernel kernel) {
		this.ledger = ledger;
		this.kernel = kernel;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public Object run(FrontEnd frontEnd, Arguments arguments) {
		String text = String.join(" ", arguments.parameters("TEXT"));
		if (text.isBlank()) {
			throw new UsageException("note: nothing to record; write the note after the word: note I try the smaller input first");
		}
		int bytes = text.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_BYTES) {
			throw new UsageException("note: " + bytes + " bytes is more than a note holds (" + MAX_BYTES
					+ "); write longer text to a file in the workspace and note its name");
		}
		String session = frontEnd.kernelSession()
				.orElseThrow(() -> new UsageException("note: this shell has no kernel session to record it in ('status' says why)"));
		long tokens = kernel.countTokens(text);
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("text", text);
		payload.put("tokens", tokens);
		payload.put("encoding", kernel.tokenEncoding());
		payload.put("role", frontEnd.role().recorded());
		ledger.append(new EntryDraft(Kinds.NOTE, session, "", 0, payload));
		return "noted (" + tokens + (tokens == 1 ? " token)" : " tokens)");
	}
}
