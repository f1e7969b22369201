package io.meterreader.inference.tensorrt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the arithmetic macros of a CUDA source on the CPU with C's float and int semantics:
 * enough C (literals, + - * /, unary minus, (float) and (int) casts, min, fmaxf, macro
 * parameters) to run the letterbox kernel's sampling formulas exactly as written there. Float
 * operations are done in double and rounded to float after each step, which gives IEEE single
 * results for + - * / (double has more than twice float's precision).
 */
final class CudaMacros {

    /** A C value: an int or a float. */
    record Value(boolean isFloat, double v) {
        static Value ofFloat(double d) {
            return new Value(true, (float) d);
        }

        static Value ofInt(long i) {
            return new Value(false, (int) i);
        }

        float asFloat() {
            return (float) v;
        }

        int asInt() {
            return (int) v;
        }
    }

    private interface Node {
        Value eval(Map<String, Value> vars);
    }

    private record Macro(List<String> params, Node body) {
    }

    private final Map<String, Macro> macros = new HashMap<>();

    /** The macros defined between {@code // FORMULA-BEGIN} and {@code // FORMULA-END}. */
    static CudaMacros between(String source, String begin, String end) {
        int from = source.indexOf(begin);
        int to = source.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + begin + " ... " + end + " block in the source");
        }
        CudaMacros m = new CudaMacros();
        Pattern define = Pattern.compile("#define\\s+(\\w+)(?:\\(([^)]*)\\))?\\s+(.+)");
        for (String line : source.substring(from, to).split("\n")) {
            Matcher d = define.matcher(line.trim());
            if (d.matches()) {
                List<String> params = new ArrayList<>();
                if (d.group(2) != null) {
                    for (String p : d.group(2).split(",")) {
                        params.add(p.trim());
                    }
                }
                m.macros.put(d.group(1), new Macro(params, new Parser(d.group(3)).parseAll()));
            }
        }
        return m;
    }

    boolean defines(String name) {
        return macros.containsKey(name);
    }

    Value call(String name, Value... args) {
        Macro macro = macros.get(name);
        if (macro == null) {
            throw new IllegalArgumentException("no macro " + name);
        }
        if (args.length != macro.params().size()) {
            throw new IllegalArgumentException(name + " takes " + macro.params().size() + " arguments");
        }
        Map<String, Value> vars = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            vars.put(macro.params().get(i), args[i]);
        }
        return macro.body().eval(vars);
    }

    private static Value arithmetic(char op, Value a, Value b) {
        if (a.isFloat() || b.isFloat()) {
            double x = a.asFloat();
            double y = b.asFloat();
            return Value.ofFloat(switch (op) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                default -> x / y;
            });
        }
        int x = a.asInt();
        int y = b.asInt();
        return Value.ofInt(switch (op) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            default -> x / y;
        });
    }

    /** Recursive descent over one macro body. */
    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        Node parseAll() {
            Node n = expression();
            skip();
            if (at != s.length()) {
                throw new IllegalArgumentException("cannot parse '" + s.substring(at) + "' in " + s);
            }
            return n;
        }

        private Node expression() {
            Node left = term();
            while (true) {
                skip();
                if (peek('+') || peek('-')) {
                    char op = s.charAt(at++);
                    Node l = left;
                    Node r = term();
                    left = vars -> arithmetic(op, l.eval(vars), r.eval(vars));
                } else {
                    return left;
                }
            }
        }

        private Node term() {
            Node left = unary();
            while (true) {
                skip();
                if (peek('*') || peek('/')) {
                    char op = s.charAt(at++);
                    Node l = left;
                    Node r = unary();
                    left = vars -> arithmetic(op, l.eval(vars), r.eval(vars));
                } else {
                    return left;
                }
            }
        }

        private Node unary() {
            skip();
            if (peek('-')) {
                at++;
                Node inner = unary();
                return vars -> arithmetic('-', Value.ofInt(0), inner.eval(vars));
            }
            if (peek('(')) {
                int save = at;
                at++;
                skip();
                String word = at < s.length() && Character.isLetter(s.charAt(at)) ? word() : "";
                skip();
                if ((word.equals("float") || word.equals("int")) && peek(')')) {
                    at++;
                    Node inner = unary();
                    boolean toFloat = word.equals("float");
                    return vars -> {
                        Value v = inner.eval(vars);
                        // C truncates towards zero, as Java's (int) does
                        return toFloat ? Value.ofFloat(v.isFloat() ? v.asFloat() : v.asInt())
                                : Value.ofInt(v.isFloat() ? (int) v.asFloat() : v.asInt());
                    };
                }
                at = save + 1;
                Node inner = expression();
                skip();
                expect(')');
                return inner;
            }
            return primary();
        }

        private Node primary() {
            skip();
            char c = s.charAt(at);
            if (Character.isDigit(c) || c == '.') {
                int start = at;
                while (at < s.length() && (Character.isDigit(s.charAt(at)) || s.charAt(at) == '.')) {
                    at++;
                }
                String digits = s.substring(start, at);
                boolean isFloat = digits.contains(".");
                if (at < s.length() && s.charAt(at) == 'f') {
                    at++;
                    isFloat = true;
                }
                Value v = isFloat ? Value.ofFloat(Float.parseFloat(digits)) : Value.ofInt(Long.parseLong(digits));
                return vars -> v;
            }
            String name = word();
            skip();
            if (peek('(')) {
                at++;
                List<Node> args = new ArrayList<>();
                skip();
                while (!peek(')')) {
                    args.add(expression());
                    skip();
                    if (peek(',')) {
                        at++;
                    }
                    skip();
                }
                at++;
                return switch (name) {
                    case "fmaxf" -> vars -> Value.ofFloat(Math.max(args.get(0).eval(vars).asFloat(),
                            args.get(1).eval(vars).asFloat()));
                    case "min" -> vars -> {
                        Value a = args.get(0).eval(vars);
                        Value b = args.get(1).eval(vars);
                        if (a.isFloat() || b.isFloat()) {
                            throw new IllegalArgumentException("min on floats is not integer min");
                        }
                        return Value.ofInt(Math.min(a.asInt(), b.asInt()));
                    };
                    default -> throw new IllegalArgumentException("unknown function " + name + " in " + s);
                };
            }
            return vars -> {
                Value v = vars.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("unbound name " + name + " in " + s);
                }
                return v;
            };
        }

        private String word() {
            int start = at;
            while (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '_')) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("expected a name at '" + s.substring(at) + "' in " + s);
            }
            return s.substring(start, at);
        }

        private boolean peek(char c) {
            return at < s.length() && s.charAt(at) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + s);
            }
            at++;
        }

        private void skip() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }
    }
}
