// Renders API Gateway mapping templates with Apache Velocity 1.7 (Java), the engine family API Gateway uses:
//   java -cp velocity.jar:commons-lang.jar:commons-collections3.jar:. VelocityHarness <jobs.json> <results.json>
// jobs.json is an array of {template, context, params: {path, querystring, header}, body, stageVariables}; every job
// is rendered with a fresh context and answers {output, responseOverride} or {error}. $input, $util and $context follow
// "API Gateway mapping template and access logging variable reference" (API Gateway developer guide):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
// The same protocol is spoken by render-template.cjs (velocityjs), so the two engines can be compared byte for byte.
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang.StringEscapeUtils;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;

public final class VelocityHarness {
    private VelocityHarness() {
    }

    public static void main(String[] args) throws Exception {
        String jobsText = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        List<?> jobs = (List<?>) Json.parse(jobsText);
        VelocityEngine engine = new VelocityEngine();
        engine.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        engine.init();
        List<Object> results = new ArrayList<>();
        for (Object job : jobs) {
            results.add(render(engine, (Map<?, ?>) job));
        }
        Files.write(Paths.get(args[1]), Json.write(results, true).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> render(VelocityEngine engine, Map<?, ?> job) {
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            Map<String, Object> context = job.get("context") instanceof Map ? (Map<String, Object>) job.get("context") : new LinkedHashMap<>();
            Map<String, Object> override = new LinkedHashMap<>();
            override.put("header", new LinkedHashMap<String, Object>());
            context.put("responseOverride", override);
            VelocityContext velocity = new VelocityContext();
            velocity.put("context", context);
            velocity.put("input", new Input((String) job.get("body"), (Map<String, Object>) job.get("params")));
            velocity.put("util", new Util());
            velocity.put("stageVariables", job.get("stageVariables") instanceof Map ? job.get("stageVariables") : new LinkedHashMap<>());
            StringWriter output = new StringWriter();
            engine.evaluate(velocity, output, "mapping-template", (String) job.get("template"));
            result.put("output", output.toString());
            result.put("responseOverride", override);
        } catch (Exception e) {
            result.put("error", e.getClass().getName() + ": " + e.getMessage());
        }
        return result;
    }

    /** $input: the method request's payload and parameters. */
    public static final class Input {
        private final String body;
        private final Map<String, Object> params = new LinkedHashMap<>();

        Input(String body, Map<String, Object> given) {
            this.body = body == null ? "" : body;
            for (String where : new String[] {"path", "querystring", "header"}) {
                Map<String, Object> values = new LinkedHashMap<>();
                if (given != null && given.get(where) instanceof Map) {
                    values.putAll(castMap(given.get(where)));
                }
                params.put(where, values);
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castMap(Object value) {
            return (Map<String, Object>) value;
        }

        /** $input.body: the raw request payload as a string. */
        public String getBody() {
            return body;
        }

        /** $input.json(x): the JSONPath result as a JSON string. */
        public String json(String path) {
            return Json.write(JsonPath.evaluate(Json.parse(body), path), false);
        }

        /** $input.path(x): the JSONPath result as an object VTL can walk. */
        public Object path(String path) {
            return JsonPath.evaluate(Json.parse(body), path);
        }

        /** $input.params(): every request parameter, by location (path, querystring, header). */
        public Map<String, Object> params() {
            return params;
        }

        /** $input.params(x): a parameter from the path, query string or header, searched in that order. */
        public String params(String name) {
            for (String where : new String[] {"path", "querystring", "header"}) {
                Map<String, Object> values = castMap(params.get(where));
                if (values.containsKey(name)) {
                    return String.valueOf(values.get(name));
                }
                // Header names are case-insensitive in HTTP.
                if (where.equals("header")) {
                    for (Map.Entry<String, Object> entry : values.entrySet()) {
                        if (entry.getKey().equalsIgnoreCase(name)) {
                            return String.valueOf(entry.getValue());
                        }
                    }
                }
            }
            return "";
        }
    }

    /** $util: the six helpers the guide lists. The guide notes UTF-8 as the default character set. */
    public static final class Util {
        /** Apache Commons Lang StringEscapeUtils.escapeJavaScript: escapes ' " \ / and control characters, non-ASCII as uXXXX. */
        public String escapeJavaScript(Object value) {
            return value == null ? null : StringEscapeUtils.escapeJavaScript(String.valueOf(value));
        }

        public Object parseJson(String text) {
            return Json.parse(text);
        }

        public String urlEncode(String text) throws Exception {
            return URLEncoder.encode(text, "UTF-8");
        }

        public String urlDecode(String text) throws Exception {
            return URLDecoder.decode(text, "UTF-8");
        }

        public String base64Encode(String text) {
            return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        public String base64Decode(String text) {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        }
    }

    /** The JSONPath subset the templates use: $, .name, ['name'] and [index]; anything else is refused, not guessed. */
    static final class JsonPath {
        private JsonPath() {
        }

        static Object evaluate(Object document, String path) {
            if (path == null || !path.startsWith("$")) {
                throw new IllegalArgumentException("JSONPath must start with $: " + path);
            }
            Object current = document;
            int i = 1;
            while (i < path.length()) {
                char c = path.charAt(i);
                String member;
                if (c == '.') {
                    int end = i + 1;
                    while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                        end++;
                    }
                    member = path.substring(i + 1, end);
                    i = end;
                } else if (c == '[' && path.indexOf(']', i) > i) {
                    int end = path.indexOf(']', i);
                    String inside = path.substring(i + 1, end).trim();
                    i = end + 1;
                    if (inside.startsWith("'") && inside.endsWith("'") && inside.length() >= 2) {
                        member = inside.substring(1, inside.length() - 1);
                    } else if (inside.matches("[0-9]+")) {
                        int index = Integer.parseInt(inside);
                        current = current instanceof List && index < ((List<?>) current).size() ? ((List<?>) current).get(index) : null;
                        continue;
                    } else {
                        throw new IllegalArgumentException("JSONPath selector not supported by this harness: [" + inside + "]");
                    }
                } else {
                    throw new IllegalArgumentException("JSONPath not supported by this harness: " + path);
                }
                if (member.isEmpty() || member.equals("*")) {
                    throw new IllegalArgumentException("JSONPath not supported by this harness: " + path);
                }
                current = current instanceof Map ? ((Map<?, ?>) current).get(member) : null;
            }
            return current;
        }
    }

    /** A small JSON reader and writer: objects keep their member order, numbers are Integer, Long, BigInteger or Double. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            json.skipSpace();
            Object value = json.value();
            json.skipSpace();
            if (json.at != text.length()) {
                throw json.error("unexpected text after the JSON value");
            }
            return value;
        }

        /** Compact JSON; only what RFC 8259 requires is escaped (short forms where JSON has them), unless asciiOnly. */
        static String write(Object value, boolean asciiOnly) {
            StringBuilder out = new StringBuilder();
            write(out, value, asciiOnly);
            return out.toString();
        }

        private static void write(StringBuilder out, Object value, boolean asciiOnly) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String) {
                writeString(out, (String) value, asciiOnly);
            } else if (value instanceof Map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(out, String.valueOf(entry.getKey()), asciiOnly);
                    out.append(':');
                    write(out, entry.getValue(), asciiOnly);
                }
                out.append('}');
            } else if (value instanceof List) {
                out.append('[');
                boolean first = true;
                for (Object item : (List<?>) value) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(out, item, asciiOnly);
                }
                out.append(']');
            } else {
                out.append(value);
            }
        }

        private static void writeString(StringBuilder out, String value, boolean asciiOnly) {
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"': out.append("\\\""); break;
                    case '\\': out.append("\\\\"); break;
                    case '\b': out.append("\\b"); break;
                    case '\f': out.append("\\f"); break;
                    case '\n': out.append("\\n"); break;
                    case '\r': out.append("\\r"); break;
                    case '\t': out.append("\\t"); break;
                    default:
                        if (c < 0x20 || (asciiOnly && c > 0x7e)) {
                            out.append(String.format("\\u%04X", (int) c));
                        } else {
                            out.append(c);
                        }
                }
            }
            out.append('"');
        }

        private Object value() {
            if (at >= text.length()) {
                throw error("unexpected end of JSON");
            }
            char c = text.charAt(at);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default: return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> result = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (peek('}')) {
                at++;
                return result;
            }
            while (true) {
                skipSpace();
                if (!peek('"')) {
                    throw error("expected a member name");
                }
                String name = string();
                skipSpace();
                expect(':');
                skipSpace();
                result.put(name, value());
                skipSpace();
                if (peek(',')) {
                    at++;
                } else {
                    expect('}');
                    return result;
                }
            }
        }

        private List<Object> array() {
            List<Object> result = new ArrayList<>();
            at++;
            skipSpace();
            if (peek(']')) {
                at++;
                return result;
            }
            while (true) {
                skipSpace();
                result.add(value());
                skipSpace();
                if (peek(',')) {
                    at++;
                } else {
                    expect(']');
                    return result;
                }
            }
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            at++;
            while (true) {
                if (at >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"': out.append('"'); break;
                    case '\\': out.append('\\'); break;
                    case '/': out.append('/'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u':
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                        break;
                    default: throw error("bad escape \\" + e);
                }
            }
        }

        private Object number() {
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String token = text.substring(start, at);
            if (token.isEmpty()) {
                throw error("unexpected character '" + text.charAt(start) + "'");
            }
            if (token.matches("-?(0|[1-9][0-9]*)")) {
                BigInteger value = new BigInteger(token);
                if (value.bitLength() < 32) {
                    return value.intValue();
                }
                return value.bitLength() < 64 ? (Object) value.longValue() : value;
            }
            if (!token.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                throw error("bad number " + token);
            }
            return Double.parseDouble(token);
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw error("unexpected text");
            }
            at += word.length();
            return value;
        }

        private boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private void skipSpace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("JSON " + message + " at offset " + at);
        }
    }
}
