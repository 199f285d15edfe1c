package os2.shell.internal.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * What one tool call came to, as an agent reads it: the output as shown (within the run's token
 * budget, with the elision marker where output was left out), what went to stderr (the one-line
 * reason of a failure among it), the exit status, and the run it made, if any — its id (for
 * {@code transcript RUN}), whether output was elided and which limit, if any, ended it.
 *
 * @param run the run's id; empty when the command ran no tool ({@code why}, {@code ledger})
 */
record CallOutcome(int status, String output, String errors, String run, boolean elided, String endedBy) {

	/** The output schema of every OS2 tool. */
	static final Map<String, Object> SCHEMA = schema();

	/** A call refused before anything ran: a usage error, status 2. */
	static CallOutcome refused(String why) {
		return new CallOutcome(2, "", "os2: " + why + "\n", "", false, "");
	}

	McpSchema.CallToolResult toResult() {
		StringBuilder text = new StringBuilder(output);
		if (!errors.isEmpty()) {
			if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
				text.append('\n');
			}
			text.append(errors);
		}
		if (text.isEmpty()) {
			text.append(status == 0 ? "(no output)" : "(exit status " + status + ")");
		}
		return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text.toString())))
				.structuredContent(structured()).isError(status != 0).build();
	}

	Map<String, Object> structured() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("status", status);
		fields.put("output", output);
		fields.put("errors", errors);
		fields.put("run", run);
		fields.put("elided", elided);
		fields.put("endedBy", endedBy);
		return fields;
	}

	private static Map<String, Object> schema() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("status", Map.of("type", "integer", "description", "the exit status: 0 for success"));
		properties.put("output", Map.of("type", "string", "description",
				"the output as shown, within the run's token budget; an elision marker stands for what was left out"));
		properties.put("errors", Map.of("type", "string", "description", "what went to stderr, the reason of a failure among it"));
		properties.put("run", Map.of("type", "string", "description",
				"the tool run's id ('transcript RUN' shows all of its output, 'why RUN' its record); empty if no tool ran"));
		properties.put("elided", Map.of("type", "boolean", "description", "whether output was left out of view"));
		properties.put("endedBy", Map.of("type", "string", "description",
				"the limit that ended the run (wall-time, memory, output, file-size, ...), 'interrupted', or empty"));
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required", List.copyOf(properties.keySet()));
		return Map.copyOf(schema);
	}
}
