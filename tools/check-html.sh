#!/bin/sh
# check-html.sh — build-time check that web output cannot print user data raw.
# Scans C files (default: every C file under src/) for calls to html_printf, html_vprintf and
# their wrappers, and reports, as file:line, each call
#   - whose format argument is not a string literal;
#   - whose format has a conversion html_printf does not know (it would abort);
#   - (variadic functions) whose number of arguments does not match its format;
#   - that prints with %s (raw) an argument that is neither a string literal
#     nor a name ending in _html (x_html, p->title_html, sb_str(&body_html)),
#     nor a conditional choosing between those (ok ? "" : "<br>").
# A wrapper is a function that passes one of its own parameters as the format
# of a checked function and is variadic or takes a va_list, like
#     void out(struct web *w, const char *fmt, ...)
#     { ... html_vprintf(&w->res->body, fmt, ap); ... }
# That forwarding call is accepted, and every call to the wrapper (in any of
# the files scanned) is checked as above instead. Exits 1 when anything was
# reported. A heuristic over the text, not a C parser: comments are skipped,
# string and character literals understood, macros not expanded.

if [ "$#" -eq 0 ]; then
	set -- src/*.c src/*/*.c
fi
for f in "$@"; do
	if [ ! -f "$f" ]; then
		echo "check-html.sh: no such file: $f" >&2
		exit 2
	fi
done

exec awk -v sq="'" '
FNR == 1 { nfiles++; fname[nfiles] = FILENAME; text[nfiles] = "" }
{ text[nfiles] = text[nfiles] $0 "\n" }

function trim(s) {
	gsub(/^[ \t\n]+/, "", s)
	gsub(/[ \t\n]+$/, "", s)
	return s
}
function is_ident(ch) {
	return ch ~ /^[A-Za-z0-9_]$/
}
function report(line, fn, msg) {
	printf "%s:%d: %s: %s\n", fname[cur], line, fn, msg
	found = 1
}
# One or more adjacent string literals and nothing else.
function is_literal(s) {
	return s ~ /^("([^"\\]|\\.)*"[ \t]*)+$/
}
# The characters inside the string literals of S, escapes kept as two
# characters (a format never needs \% to mean anything).
function literal_text(s,    out, k, ch, inq) {
	out = ""; inq = 0
	for (k = 1; k <= length(s); k++) {
		ch = substr(s, k, 1)
		if (!inq) {
			if (ch == "\"") inq = 1
		} else if (ch == "\\") {
			out = out ch substr(s, k + 1, 1); k++
		} else if (ch == "\"") {
			inq = 0
		} else {
			out = out ch
		}
	}
	return out
}
# True when A, printed raw, is a string literal, names an escaped fragment,
# or is a conditional "C ? X : Y" whose X and Y are each one of those.
function raw_ok(a,    chain, k, ch, d, inq, qpos, cpos, nest) {
	if (is_literal(a))
		return 1
	chain = "^[A-Za-z_][A-Za-z0-9_]*((\\.|->)[A-Za-z_][A-Za-z0-9_]*)*_html$"
	if (a ~ chain)
		return 1
	if (a ~ /^sb_str\(/) {
		sub(/^sb_str\([ \t]*&?[ \t]*/, "", a)
		sub(/[ \t]*\)$/, "", a)
		return a ~ chain
	}
	d = 0; inq = ""; qpos = 0; cpos = 0; nest = 0
	for (k = 1; k <= length(a) && !cpos; k++) {
		ch = substr(a, k, 1)
		if (inq != "") {
			if (ch == "\\") k++
			else if (ch == inq) inq = ""
		} else if (ch == "\"" || ch == sq) {
			inq = ch
		} else if (ch == "(" || ch == "[" || ch == "{") {
			d++
		} else if (ch == ")" || ch == "]" || ch == "}") {
			d--
		} else if (d == 0 && ch == "?") {
			if (qpos) nest++
			else qpos = k
		} else if (d == 0 && ch == ":" && qpos) {
			if (nest) nest--
			else cpos = k
		}
	}
	if (!cpos)
		return 0
	return raw_ok(trim(substr(a, qpos + 1, cpos - qpos - 1))) && raw_ok(trim(substr(a, cpos + 1)))
}

# Splits file F into characters c[1..n] with kind[i] ("c" code, "s" string
# literal, "k" character literal) and line[i]; comments become spaces.
# Returns n.
function lex(f,    t, n, i, ch, nx, ln, state) {
	t = text[f]; n = length(t)
	ln = 1; state = "c"
	for (i = 1; i <= n; i++) {
		ch = substr(t, i, 1)
		nx = substr(t, i + 1, 1)
		line[i] = ln
		if (state == "c") {
			if (ch == "/" && nx == "*") { state = "block"; ch = " " }
			else if (ch == "/" && nx == "/") { state = "linec"; ch = " " }
			else if (ch == "\"") state = "s"
			else if (ch == sq) state = "k"
			kind[i] = (state == "block" || state == "linec") ? "m" : state
		} else if (state == "s" || state == "k") {
			kind[i] = state
			if (ch == "\\") {
				c[i] = ch; i++; line[i] = ln; kind[i] = state
				ch = substr(t, i, 1)
			} else if ((state == "s" && ch == "\"") || (state == "k" && ch == sq)) {
				state = "c"
			}
		} else if (state == "block") {
			kind[i] = "m"
			if (ch == "*" && nx == "/") {
				c[i] = " "; c[i + 1] = " "; kind[i + 1] = "m"; line[i + 1] = ln
				i++; state = "c"; continue
			}
			if (ch != "\n") ch = " "
		} else { # line comment
			kind[i] = "m"
			if (ch == "\n") state = "c"
			else ch = " "
		}
		c[i] = ch
		if (ch == "\n") ln++
	}
	c[n + 1] = ""; kind[n + 1] = ""
	return n
}

# Called at a "{" at top level (position I): when it opens a function body,
# sets fn_name, fn_nparams, fn_param[1..] (parameter names), fn_forward ("dots"
# for a variadic function, "valist" for one taking a va_list, else "").
function enter_function(i,    p, q, d, params, np, k, a, ch) {
	fn_name = ""; fn_nparams = 0; fn_forward = ""
	for (p = i - 1; p >= 1 && c[p] ~ /[ \t\n]/; p--)
		;
	if (p < 1 || c[p] != ")" || kind[p] != "c")
		return
	d = 0
	for (q = p; q >= 1; q--) {
		if (kind[q] != "c") continue
		if (c[q] == ")") d++
		else if (c[q] == "(" && --d == 0) break
	}
	if (q < 1)
		return
	params = ""
	for (k = q + 1; k < p; k++)
		params = params (c[k] == "\n" ? " " : c[k])
	for (k = q - 1; k >= 1 && c[k] ~ /[ \t\n]/; k--)
		;
	for (a = k; a >= 1 && is_ident(c[a]); a--)
		;
	fn_name = substr(text[cur], a + 1, k - a)
	np = split(params, fn_paramtext, ",")
	for (k = 1; k <= np; k++) {
		a = trim(fn_paramtext[k])
		if (a == "...")
			fn_forward = "dots"
		else if (a ~ /(^|[^A-Za-z0-9_])va_list([^A-Za-z0-9_]|$)/ && fn_forward == "")
			fn_forward = "valist"
		sub(/[ \t]*(\[[^]]*\][ \t]*)+$/, "", a)
		match(a, /[A-Za-z_][A-Za-z0-9_]*$/)
		fn_param[k] = RSTART ? substr(a, RSTART, RLENGTH) : ""
	}
	fn_nparams = np
}

# Index of parameter NAME of the current function, or 0.
function param_index(name,    k) {
	for (k = 1; k <= fn_nparams; k++)
		if (fn_param[k] == name)
			return k
	return 0
}

function check_call(fn, ln, nargs,    fi, fmt, spec, k, ch, conv, argi, nconv, a) {
	fi = fmt_index[fn]
	fmt = nargs >= fi ? trim(arg[fi]) : ""
	if (!is_literal(fmt)) {
		report(ln, fn, "format is not a string literal: " fmt)
		return
	}
	spec = literal_text(fmt)
	argi = fi + 1; nconv = 0
	for (k = 1; k <= length(spec); k++) {
		if (substr(spec, k, 1) != "%")
			continue
		ch = substr(spec, k + 1, 1)
		if (ch == "%") { k++; continue }
		conv = ""
		if (ch ~ /^[haujsdP]$/) conv = ch
		else if (substr(spec, k + 1, 2) == "ld") conv = "ld"
		else if (substr(spec, k + 1, 3) == "lld") conv = "lld"
		else if (substr(spec, k + 1, 2) == "zu") conv = "zu"
		if (conv == "") {
			report(ln, fn, "unsupported conversion %" substr(spec, k + 1, 2))
			return
		}
		k += length(conv)
		nconv++
		if (fmt_kind[fn] == "dots" && conv == "s" && argi <= nargs) {
			a = trim(arg[argi])
			if (!raw_ok(a))
				report(ln, fn, "%s prints raw: " a " (use %h, or name an escaped fragment *_html)")
		}
		argi++
	}
	if (fmt_kind[fn] == "dots" && nconv != nargs - fi)
		report(ln, fn, "format has " nconv " conversions but there are " (nargs - fi) " arguments")
}

# Scans file F for calls to format functions. With DISCOVER set, registers
# wrappers and returns how many were new; otherwise checks every call that
# is not a wrapper forwarding its own format.
function scan(f, discover,    n, i, j, p, q, ch, word, start, depth, nargs, fi, pk, added, prev) {
	cur = f
	n = lex(f)
	depth = 0; fn_name = ""; fn_nparams = 0; fn_forward = ""; added = 0
	for (i = 1; i <= n; i++) {
		if (kind[i] != "c")
			continue
		ch = c[i]
		if (ch == "{") {
			if (depth == 0)
				enter_function(i)
			depth++
			continue
		}
		if (ch == "}") {
			if (--depth <= 0) {
				depth = 0; fn_name = ""; fn_nparams = 0; fn_forward = ""
			}
			continue
		}
		if (ch !~ /^[A-Za-z_]$/ || (i > 1 && is_ident(c[i - 1])))
			continue
		for (j = i; j <= n && kind[j] == "c" && is_ident(c[j]); j++)
			;
		word = substr(text[f], i, j - i)
		start = i; i = j - 1
		if (!(word in fmt_index))
			continue
		while (j <= n && c[j] ~ /[ \t\n]/) j++
		if (c[j] != "(")
			continue
		# Not a call: a declaration ("void out(") or a member ("w->out(").
		for (p = start - 1; p >= 1 && c[p] ~ /[ \t\n]/; p--)
			;
		if (p >= 1 && (c[p] == "." || c[p] == ">"))
			continue
		if (p >= 1 && is_ident(c[p])) {
			for (q = p; q >= 1 && is_ident(c[q]); q--)
				;
			prev = substr(text[f], q + 1, p - q)
			if (prev != "return" && prev != "else" && prev != "do")
				continue
		}
		# Split the arguments at top-level commas.
		split("", arg)
		nargs = 1; arg[1] = ""; depth_args = 0
		for (j++; j <= n; j++) {
			ch = c[j]
			if (kind[j] == "c") {
				if (ch == "(" || ch == "[" || ch == "{") depth_args++
				else if (ch == ")" || ch == "]" || ch == "}") {
					if (depth_args == 0) break
					depth_args--
				} else if (ch == "," && depth_args == 0) {
					arg[++nargs] = ""
					continue
				}
			}
			if (ch == "\n") ch = " "
			arg[nargs] = arg[nargs] ch
		}
		if (nargs == 1 && trim(arg[1]) == "")
			nargs = 0
		i = j
		fi = fmt_index[word]
		pk = nargs >= fi ? param_index(trim(arg[fi])) : 0
		if (pk && fn_forward != "") {
			if (discover && !(fn_name in fmt_index)) {
				fmt_index[fn_name] = pk
				fmt_kind[fn_name] = fn_forward
				added++
			}
			continue
		}
		if (!discover)
			check_call(word, line[start], nargs)
	}
	return added
}

END {
	fmt_index["html_printf"] = 2; fmt_kind["html_printf"] = "dots"
	fmt_index["html_vprintf"] = 2; fmt_kind["html_vprintf"] = "valist"
	do {
		added = 0
		for (f = 1; f <= nfiles; f++)
			added += scan(f, 1)
	} while (added)
	for (f = 1; f <= nfiles; f++)
		scan(f, 0)
	exit found
}' "$@"
