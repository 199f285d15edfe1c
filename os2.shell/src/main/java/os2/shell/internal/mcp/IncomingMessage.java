package os2.shell.internal.mcp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A client's line (stdio) or body (HTTP) read as one of MCP's JSON-RPC messages, or the JSON-RPC
 * error that says what was wrong with it: JSON that is no object (a batch, which MCP no longer
 * has), an id that is null or neither a string nor a number, a method that is no string, params
 * that are no object. Checked before the SDK reads it, whose own refusals of these named its Java
 * classes (or came as an internal error) rather than the request's fault.
 */
sealed interface IncomingMessage {

	/** A message the SDK read. */
	record Read(McpSchema.JSONRPCMessage message) implements IncomingMessage {
	}

	/**
	 * Not a message: the error to send, with the request's id where it could be read (else null).
	 */
	record Refused(Object id, int code, String reason) implements IncomingMessage {

		/** The JSON-RPC error response: a map, since the SDK's response type does not allow an id of null. */
		Map<String, Object> response() {
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("jsonrpc", McpSchema.JSONRPC_VERSION);
			response.put("id", id);
			Map<String, Object> error = new LinkedHashMap<>(); // in JSON-RPC's order, as the SDK writes its errors
			error.put("code", code);
			error.put("message", reason);
			response.put("error", error);
			return response;
		}
	}

	static IncomingMessage of(McpJsonMapper mapper, String text) {
		Object json;
		try {
			json = mapper.readValue(text, Object.class);
		} catch (IOException | RuntimeException notJson) {
			return new Refused(null, McpSchema.ErrorCodes.PARSE_ERROR, "not JSON: " + firstLine(notJson.getMessage()));
		}
		if (!(json instanceof Map<?, ?> fields)) {
			return new Refused(null, McpSchema.ErrorCodes.INVALID_REQUEST,
					"a message is one JSON object (MCP has no batches); send each on its own");
		}
		Object id = fields.get("id");
		if (fields.containsKey("id") && !(id instanceof String || id instanceof Number)) {
			return new Refused(null, McpSchema.ErrorCodes.INVALID_REQUEST, "a request's id is a string or a number, never "
					+ (id == null ? "null" : "a " + kind(id)));
		}
		if (fields.containsKey("method") && !(fields.get("method") instanceof String)) {
			return new Refused(id, McpSchema.ErrorCodes.INVALID_REQUEST, "a message's method is a string, not a " + kind(fields.get("method")));
		}
		if (fields.get("params") != null && !(fields.get("params") instanceof Map)) {
			return new Refused(id, McpSchema.ErrorCodes.INVALID_PARAMS, "params is an object of named values, not a "
					+ kind(fields.get("params")));
		}
		try {
			return new Read(McpSchema.deserializeJsonRpcMessage(mapper, text));
		} catch (IOException | RuntimeException notAMessage) {
			return new Refused(id, McpSchema.ErrorCodes.INVALID_REQUEST,
					"not a JSON-RPC message: " + firstLine(notAMessage.getMessage()));
		}
	}

	private static String kind(Object value) {
		return switch (value) {
			case Map<?, ?> _ -> "JSON object";
			case java.util.List<?> _ -> "JSON array";
			case String _ -> "string";
			case Number _ -> "number";
			case Boolean _ -> "boolean";
			default -> "JSON value";
		};
	}

	/** The first line of an exception's message: Jackson adds where in the input it was, on lines of their own. */
	static String firstLine(String text) {
		if (text == null) {
			return "unreadable";
		}
		int end = text.indexOf('\n');
		return end < 0 ? text : text.substring(0, end);
	}
}
